pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GroundChat.Core

// A model folder's pixel budget, for a model that resizes each image to between two numbers of pixels (Qwen2.5-VL):
// fewer pixels give fewer image tokens and a faster answer, more give more detail. Shows what the current image
// becomes; Apply remembers the bounds for the folder (the next load uses them), and `applied` lets the owner reload
// a model that is already loaded.
ColumnLayout {
    id: box
    property string folder
    property size imageSize
    signal applied()

    visible: budget.applies

    PixelBudgetSetting {
        id: budget
        folder: box.folder
        imageSize: box.imageSize
        // an edit replaces the boxes' values: every new folder or choice sets them again
        onChosenChanged: box.showChosen()
    }
    function showChosen() {
        minBox.value = budget.minPixels
        maxBox.value = budget.maxPixels
    }
    readonly property bool valid: minBox.value >= budget.tokenPixels && minBox.value <= maxBox.value
    readonly property bool changed: minBox.value !== budget.minPixels || maxBox.value !== budget.maxPixels
    // read after the setting has the image's size (the condition makes that size, and the budget, its dependencies)
    readonly property int tokens: valid && budget.applies && budget.imageSize.width > 0
                                  ? budget.tokensFor(minBox.value, maxBox.value) : 0

    Label {
        text: qsTr("Image detail: the pixels this model sees each image at (fewer are faster)")
        Layout.fillWidth: true
        wrapMode: Text.Wrap
    }
    RowLayout {
        Label { id: minLabel; text: qsTr("Min pixels") }
        SpinBox {
            id: minBox
            objectName: "minPixelsBox"
            from: 1
            to: 2147483647
            stepSize: Math.max(1, budget.tokenPixels)
            editable: true
        }
        Label { text: qsTr("Max pixels") }
        SpinBox {
            id: maxBox
            objectName: "maxPixelsBox"
            from: 1
            to: 2147483647
            stepSize: Math.max(1, budget.tokenPixels)
            editable: true
        }
    }
    Label {
        objectName: "pixelBudgetTokens"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: !box.valid ? qsTr("The minimum must be at least %1 pixels (one image token) and not above the maximum.")
                              .arg(budget.tokenPixels)
              : budget.imageSize.width > 0 ? qsTr("The current image becomes %n image token(s).", "", box.tokens)
              : qsTr("Open an image to see how many tokens it becomes.")
        color: box.valid ? minLabel.color : "#c62828"
    }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        font.pixelSize: 12
        opacity: 0.7
        text: qsTr("The model folder's own setting: %1 to %2 pixels.").arg(budget.defaultMinPixels).arg(budget.defaultMaxPixels)
    }
    RowLayout {
        Button {
            objectName: "applyPixelBudget"
            text: qsTr("Apply")
            enabled: box.valid && box.changed
            onClicked: {
                if (budget.choose(minBox.value, maxBox.value))
                    box.applied()
            }
        }
        Button {
            objectName: "resetPixelBudget"
            text: qsTr("Use the folder's setting")
            enabled: !budget.isDefault || box.changed
            onClicked: {
                budget.reset()
                box.showChosen()
                box.applied()
            }
        }
    }
}
