pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GroundChat.Core

// One model folder's weight formats, each with the memory its weights need. A pick is remembered for the
// folder (the next load uses it); `picked` lets the owner reload a model that is already loaded.
RowLayout {
    id: box
    property string folder
    signal picked(string format)

    visible: folder.length > 0 && formats.errorText.length === 0

    WeightFormatList {
        id: formats
        folder: box.folder
        // a pick in the box replaces its binding: every new list or choice sets it again
        onChosenChanged: combo.currentIndex = chosenRow
    }
    Label { text: qsTr("Weights") }
    ComboBox {
        id: combo
        objectName: "weightFormatCombo"
        Layout.fillWidth: true
        model: formats
        textRole: "text"
        enabled: formats.count > 1
        currentIndex: formats.chosenRow
        displayText: formats.loading ? qsTr("Reading the checkpoint…") : currentText
        onActivated: index => {
            const format = formats.formatAt(index)
            formats.choose(format)
            box.picked(format)
        }
        ToolTip.visible: hovered && formats.count === 1
        ToolTip.text: qsTr("This model's architecture runs in full precision only.")
    }
}
