import QtQuick
import QtQuick.Controls
import GroundChat.Core

// Tools ▸ the experts that help any model (P²G): Read text (OCR) on the whole image or the selected region.
FittedMenu {
    id: menu
    property Session session
    property SessionOcr ocr
    // the region selected on the canvas ("" for none)
    property string selectedRegion: ""
    readonly property bool idle: menu.ocr && !menu.ocr.running && menu.session && menu.session.currentImage >= 0
                                 && !menu.session.conversation.answering
    title: qsTr("&Tools")
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
}
