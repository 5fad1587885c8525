import QtQuick
import QtQuick.Controls
import GroundChat.Core

// View ▸ Timeline: edits of what a presentation shows, the session's timeline kept whole.
FittedMenu {
    id: menu
    property Session session
    title: qsTr("Timeline")
    MenuItem {
        text: qsTr("Compress pauses to 2 s")
        enabled: menu.session && menu.session.recording.eventCount > 1
        onTriggered: menu.session.recording.compressPauses(2)
    }
    MenuSeparator {}
    MenuItem { text: qsTr("Show in the presentation:"); enabled: false }
    Instantiator {
        model: menu.session ? menu.session.recording.turns : []
        delegate: MenuItem {
            required property var modelData
            checkable: true
            checked: !modelData.hidden
            text: modelData.text.length > 48 ? modelData.text.slice(0, 47) + "…" : (modelData.text || qsTr("(empty question)"))
            onToggled: menu.session.recording.setTurnHidden(modelData.image, modelData.row, !checked)
        }
        onObjectAdded: (index, object) => menu.insertItem(index + 3, object)
        onObjectRemoved: (index, object) => menu.removeItem(object)
    }
}
