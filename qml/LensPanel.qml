pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GroundChat.Core

// What the model sees: the logit lens (each image cell read through the language head at a layer) and the
// attention of the last prompt position, or of a phrase of the answer, to the image. Computed on the engine
// thread after an answer; the map is drawn over the image on the canvas while this panel is shown.
Pane {
    id: panel
    property Session session
    property EngineController engine
    property var canvas
    // the map is on the canvas only while the panel is in view
    property bool shown: visible
    readonly property alias lens: lensCtl

    LensController {
        id: lensCtl
        engine: panel.engine
        session: panel.session
    }
    Binding { target: panel.canvas; property: "lens"; value: lensCtl; when: panel.canvas !== null }
    Binding { target: panel.canvas; property: "lensShown"; value: panel.shown; when: panel.canvas !== null }
    Binding { target: panel.canvas; property: "lensOpacity"; value: opacitySlider.value; when: panel.canvas !== null }
    Binding { target: panel.canvas; property: "lensColorMap"; value: colorBox.currentValue; when: panel.canvas !== null }
    Binding { target: panel.canvas; property: "lensLabels"; value: labelsBox.checked; when: panel.canvas !== null }

    SaveFileDialog {
        id: exportDialog
        property bool png: true
        parent: Overlay.overlay
        anchors.centerIn: parent
        title: png ? qsTr("Export the map as PNG") : qsTr("Export the map as .npy")
        defaultSuffix: png ? "png" : "npy"
        onAboutToShow: if (!folder.length && panel.session) folder = panel.session.file.suggestedFolder()
        onAccepted: png ? lensCtl.exportPng(selectedFile, opacitySlider.value, colorBox.currentValue)
                        : lensCtl.exportNpy(selectedFile)
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: parent.width
            spacing: 8

            Button {
                objectName: "explainButton"
                Layout.fillWidth: true
                text: qsTr("Explain the latest answer")
                enabled: !lensCtl.busy
                onClicked: lensCtl.explainLatest()
            }
            BusyIndicator { Layout.alignment: Qt.AlignHCenter; running: lensCtl.busy; visible: lensCtl.busy }
            Label {
                objectName: "lensError"
                Layout.fillWidth: true
                visible: lensCtl.error.length > 0
                text: lensCtl.error
                wrapMode: Text.Wrap
                color: "#e57373"
            }
            Label {
                objectName: "cellSourceNote"
                Layout.fillWidth: true
                visible: lensCtl.available && text.length > 0
                text: lensCtl.cellSource === "resampler"
                      ? qsTr("This model's image tokens are resampler latents, not patches: each cell shows the latents "
                             + "weighted by how much the resampler's attention took from that patch.")
                      : lensCtl.cellSource === "grid"
                        ? qsTr("This model's image tokens are resampler latents, not patches: its folder says it was "
                               + "trained to keep latent i on cell i of the grid, so each cell shows its own latent.")
                        : ""
                wrapMode: Text.Wrap
                opacity: 0.8
            }

            RowLayout {
                Layout.fillWidth: true
                enabled: lensCtl.available
                RadioButton {
                    objectName: "lensMode"
                    text: qsTr("Logit lens")
                    checked: lensCtl.mode === "lens"
                    onToggled: lensCtl.mode = "lens"
                }
                RadioButton {
                    objectName: "attentionMode"
                    text: qsTr("Attention")
                    checked: lensCtl.mode === "attention"
                    onToggled: lensCtl.mode = "attention"
                }
            }
            Label {
                text: lensCtl.layer < 0 ? qsTr("Layer: mean of all %1").arg(lensCtl.layers)
                                     : qsTr("Layer %1 of %2").arg(lensCtl.layer + 1).arg(lensCtl.layers)
            }
            RowLayout {
                Layout.fillWidth: true
                enabled: lensCtl.available
                Slider {
                    objectName: "layerSlider"
                    Layout.fillWidth: true
                    from: 0
                    to: Math.max(0, lensCtl.layers - 1)
                    stepSize: 1
                    snapMode: Slider.SnapAlways
                    enabled: !meanBox.checked
                    value: lensCtl.layer < 0 ? lensCtl.layers - 1 : lensCtl.layer
                    onMoved: lensCtl.layer = value
                }
                CheckBox {
                    id: meanBox
                    objectName: "meanBox"
                    text: qsTr("Mean")
                    checked: lensCtl.layer < 0
                    onToggled: lensCtl.layer = checked ? -1 : lensCtl.layers - 1
                }
            }
            TextField {
                objectName: "wordField"
                Layout.fillWidth: true
                placeholderText: qsTr("Word to find (logit lens)")
                onEditingFinished: lensCtl.word = text
            }
            ComboBox {
                objectName: "phraseBox"
                Layout.fillWidth: true
                editable: true
                model: [qsTr("Last prompt position")].concat(lensCtl.phrases)
                onActivated: (index) => lensCtl.phrase = index === 0 ? "" : currentText
                onAccepted: lensCtl.phrase = editText === model[0] ? "" : editText
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Whose attention: the last prompt position, or a phrase of the answer")
            }
            Label { text: qsTr("Opacity") }
            Slider { id: opacitySlider; Layout.fillWidth: true; from: 0.1; to: 1; value: 0.6 }
            ComboBox {
                id: colorBox
                Layout.fillWidth: true
                textRole: "text"
                valueRole: "value"
                model: [{ text: qsTr("Viridis"), value: "viridis" }, { text: qsTr("Inferno"), value: "inferno" },
                        { text: qsTr("Turbo"), value: "turbo" }, { text: qsTr("Grey"), value: "gray" }]
            }
            CheckBox { id: labelsBox; objectName: "labelsBox"; text: qsTr("Show each cell's top token") }
            Label {
                Layout.fillWidth: true
                visible: lensCtl.available
                text: qsTr("Map from %1 to %2").arg(lensCtl.low.toPrecision(3)).arg(lensCtl.high.toPrecision(3))
                opacity: 0.8
            }
            Button {
                objectName: "segmentButton"
                Layout.fillWidth: true
                enabled: lensCtl.available && panel.session !== null
                text: qsTr("Segment from this map")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("A mask from the map as VL-SAM makes masks from attention: point sets from its peaks "
                                   + "(positive) and lowest cells (negative), their masks merged and linked to the word or phrase")
                onClicked: lensCtl.segment()
            }
            RowLayout {
                Layout.fillWidth: true
                enabled: lensCtl.available
                Button { text: qsTr("Export PNG…"); onClicked: { exportDialog.png = true; exportDialog.open() } }
                Button { text: qsTr("Export .npy…"); onClicked: { exportDialog.png = false; exportDialog.open() } }
            }
        }
    }
}
