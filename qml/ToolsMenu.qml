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
        // why the last answer cannot be grounded ("" when it can), shown in the item: read again as the menu opens,
        // as a run or an answer starts or ends
        readonly property string whyNot: {
            if (menu.expert === null)
                return qsTr("There is no grounding expert.")
            void [menu.shownCount, menu.expert.running, menu.session && menu.session.conversation.answering]
            return menu.expert.whyNotGround(-1)
        }
        text: whyNot.length ? qsTr("Ground the answer — %1").arg(whyNot) : qsTr("Ground the answer")
        enabled: whyNot.length === 0
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
