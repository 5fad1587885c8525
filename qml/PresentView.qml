import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GroundChat.Core

// Present mode over the real views: they show the session as it unfolded (Presenter), this adds the controls
// (hidden in a video), the model's name as a caption, and the keys: arrows step, Space pauses, Esc leaves.
// A click on a message of the chat jumps to its turn; nothing else in the views can be changed meanwhile.
Item {
    id: view
    objectName: "presentView"
    property Presenter presenter
    property ListView chatList          // the chat's messages, for jumping to a turn
    property bool controls: true        // the bar (not in a video)
    property bool caption: true         // the model's name
    visible: presenter && presenter.active
    // the keys are the presentation's, not the chat input's (which would take Space and the arrows)
    onVisibleChanged: if (visible) forceActiveFocus()

    Shortcut { sequence: "Right"; enabled: view.visible; onActivated: view.presenter.next() }
    Shortcut { sequence: "Left"; enabled: view.visible; onActivated: view.presenter.previous() }
    Shortcut { sequence: "Space"; enabled: view.visible; onActivated: view.presenter.playing = !view.presenter.playing }
    Shortcut { sequence: "Esc"; enabled: view.visible; onActivated: view.presenter.stop() }
    Shortcut { sequences: ["+", "="]; enabled: view.visible; onActivated: view.presenter.speed *= 2 }
    Shortcut { sequence: "-"; enabled: view.visible; onActivated: view.presenter.speed /= 2 }

    MouseArea {
        anchors.fill: parent
        hoverEnabled: true
        acceptedButtons: Qt.AllButtons
        onWheel: (wheel) => wheel.accepted = true
        onClicked: (mouse) => {
            if (!view.chatList)
                return
            const p = view.mapToItem(view.chatList.contentItem, mouse.x, mouse.y)
            const inside = view.mapToItem(view.chatList, mouse.x, mouse.y)
            if (inside.x < 0 || inside.y < 0 || inside.x > view.chatList.width || inside.y > view.chatList.height)
                return
            const row = view.chatList.indexAt(p.x, p.y)
            if (row >= 0)
                view.presenter.jumpToMessage(row)
        }
    }

    Label {
        objectName: "presentCaption"
        visible: view.caption && text.length > 0
        anchors { left: parent.left; top: parent.top; margins: 12 }
        text: view.presenter ? view.presenter.modelName : ""
        font.pixelSize: 22
        font.bold: true
        color: "white"
        padding: 8
        background: Rectangle { color: "#a0000000"; radius: 6 }
    }

    function clock(ms) {
        const s = Math.floor(ms / 1000)
        return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0")
    }

    Pane {
        objectName: "presentBar"
        visible: view.controls
        anchors { horizontalCenter: parent.horizontalCenter; bottom: parent.bottom; bottomMargin: 16 }
        width: Math.min(parent.width - 32, 900)
        opacity: 0.92
        background: Rectangle { color: "#e0202430"; radius: 8 }
        RowLayout {
            anchors.fill: parent
            spacing: 6
            ToolButton { text: "|◀"; onClicked: view.presenter.previous(); ToolTip.visible: hovered; ToolTip.text: qsTr("Previous event (←)") }
            ToolButton {
                objectName: "presentPlay"
                text: view.presenter && view.presenter.playing ? "❚❚" : "▶"
                onClicked: view.presenter.playing = !view.presenter.playing
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Play or pause (Space)")
            }
            ToolButton { text: "▶|"; onClicked: view.presenter.next(); ToolTip.visible: hovered; ToolTip.text: qsTr("Next event (→)") }
            Slider {
                Layout.fillWidth: true
                from: 0
                to: Math.max(1, view.presenter ? view.presenter.duration : 1)
                value: view.presenter ? view.presenter.position : 0
                onMoved: view.presenter.seek(value)
            }
            Label {
                color: "white"
                text: view.presenter ? view.clock(view.presenter.position) + " / " + view.clock(view.presenter.duration) : ""
            }
            ComboBox {
                objectName: "presentSpeed"
                model: [0.5, 1, 1.5, 2, 4]
                displayText: "×" + (view.presenter ? view.presenter.speed : 1)
                currentIndex: Math.max(0, model.indexOf(view.presenter ? view.presenter.speed : 1))
                onActivated: (i) => view.presenter.speed = model[i]
                implicitWidth: 90
            }
            ComboBox {
                objectName: "presentTurn"
                Layout.preferredWidth: 220
                model: view.presenter ? view.presenter.turns : []
                textRole: "text"
                displayText: currentIndex >= 0 ? currentText : qsTr("Turns")
                currentIndex: view.presenter ? view.presenter.turn : -1
                onActivated: (i) => view.presenter.jumpToTurn(i)
            }
            ToolButton { text: qsTr("Exit"); onClicked: view.presenter.stop(); ToolTip.visible: hovered; ToolTip.text: qsTr("Leave present mode (Esc)") }
        }
    }
}
