import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GroundChat.Core

// Above the message box: the text being read (progress, Stop), then the choice to give the model the text
// read on the image with the next message (P²G's expert hint, written in the model's own box format).
ColumnLayout {
    id: bar
    property SessionOcr ocr
    // bumped when the regions change (the text read is regions)
    property int regionsRevision: 0
    // the message goes out as free chat (a task preset keeps its own prompt)
    property bool freeChat: true
    readonly property bool include: hintBox.visible && hintBox.checked
    spacing: 2

    RowLayout {
        objectName: "ocrProgress"
        visible: bar.ocr !== null && bar.ocr.running
        Layout.fillWidth: true
        Label { text: qsTr("Reading text…"); font.pixelSize: 12 }
        ProgressBar {
            Layout.fillWidth: true
            from: 0
            to: 100
            value: bar.ocr ? bar.ocr.progress : 0
        }
        Button {
            objectName: "ocrCancel"
            text: qsTr("Stop")
            flat: true
            onClicked: bar.ocr.cancel()
        }
    }
    CheckBox {
        id: hintBox
        objectName: "ocrHintBox"
        visible: bar.ocr !== null && bar.freeChat && bar.regionsRevision >= 0 && bar.ocr.hint().length > 0
        text: qsTr("Give the model the text read on the image")
        font.pixelSize: 12
        ToolTip.visible: hovered
        ToolTip.text: qsTr("Each line read (OCR) goes before your message with its box, in the model's own format")
    }
}
