import QtQuick
import QtQuick.Controls
import GroundChat.Core

// Tools ▸ the experts that help any model (P²G): Read text (OCR) on the whole image or the selected region, and the
// grounding expert that boxes the phrases of an answer that came without boxes.
FittedMenu {
    id: menu
    property Session session
    property SessionOcr ocr
    property SessionExpert expert
    // the region selected on the canvas ("" for none)
    property string selectedRegion: ""
    readonly property bool idle: menu.ocr && !menu.ocr.running && menu.session && menu.session.currentImage >= 0
                                 && !menu.session.conversation.answering
    title: qsTr("&Tools")
    // bumped as the menu opens: what depends on the conversation is asked again
    property int shownCount: 0
    onAboutToShow: shownCount++
    MenuItem {
        objectName: "readTextItem"
        text: qsTr("Read text (OCR)")
        enabled: menu.idle
        onTriggered: menu.ocr.readText("")
    }
    MenuItem {
        objectName: "readRegionTextItem"
        text: menu.selectedRegion.length ? qsTr("Read text in %1").arg(menu.selectedRegion)
                                         : qsTr("Read text in the selected region")
        enabled: menu.idle && menu.selectedRegion.length > 0
        onTriggered: menu.ocr.readText(menu.selectedRegion)
    }
    MenuItem {
        text: qsTr("Stop reading")
        enabled: menu.ocr && menu.ocr.running
        onTriggered: menu.ocr.cancel()
    }
    MenuSeparator {}
    MenuItem {
        objectName: "groundAnswerItem"
        text: qsTr("Ground the answer")
        // asked again each time the menu opens
        enabled: menu.shownCount >= 0 && menu.expert !== null && !menu.expert.running && menu.session !== null
                 && !menu.session.conversation.answering && menu.expert.canGround(-1)
        onTriggered: menu.expert.groundAnswer(-1)
    }
    MenuItem {
        text: qsTr("Stop grounding")
        enabled: menu.expert !== null && menu.expert.running
        onTriggered: menu.expert.cancel()
    }
    MenuItem {
        objectName: "groundAutomaticallyItem"
        text: qsTr("Ground answers without boxes automatically")
        checkable: true
        checked: menu.expert !== null && menu.expert.automatic
        onToggled: menu.expert.automatic = checked
    }
    ButtonGroup { id: expertModels } // one grounding model at a time
    FittedMenu {
        title: qsTr("Grounding model")
        MenuItem {
            text: qsTr("Florence-2 when installed, else the demo model")
            checkable: true
            ButtonGroup.group: expertModels
            checked: menu.expert !== null && menu.expert.model === "auto"
            onTriggered: menu.expert.model = "auto"
        }
        MenuItem {
            text: qsTr("Florence-2")
            checkable: true
            ButtonGroup.group: expertModels
            checked: menu.expert !== null && menu.expert.model === "florence2"
            onTriggered: menu.expert.model = "florence2"
        }
        MenuItem {
            text: qsTr("Demo model (scenes of shapes only)")
            checkable: true
            ButtonGroup.group: expertModels
            checked: menu.expert !== null && menu.expert.model === "demo"
            onTriggered: menu.expert.model = "demo"
        }
    }
}
