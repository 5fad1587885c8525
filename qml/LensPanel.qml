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
    readonly property alias lens: lens

    LensController {
        id: lens
        engine: panel.engine
        session: panel.session
    }
    Binding { target: panel.canvas; property: "lens"; value: lens; when: panel.canvas !== null }
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
        onAccepted: png ? lens.exportPng(selectedFile, opacitySlider.value, colorBox.currentValue)
                        : lens.exportNpy(selectedFile)
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
                enabled: !lens.busy
                onClicked: lens.explainLatest()
            }
            BusyIndicator { Layout.alignment: Qt.AlignHCenter; running: lens.busy; visible: lens.busy }
            Label {
                objectName: "lensError"
                Layout.fillWidth: true
                visible: lens.error.length > 0
                text: lens.error
                wrapMode: Text.Wrap
                color: "#e57373"
            }
            Label {
                Layout.fillWidth: true
                visible: lens.viaResampler
                text: qsTr("This model's image tokens are resampler latents, not patches: each cell shows the latents "
                           + "weighted by how much the resampler's attention took from that patch.")
                wrapMode: Text.Wrap
                opacity: 0.8
            }

            RowLayout {
                Layout.fillWidth: true
                enabled: lens.available
                RadioButton {
                    objectName: "lensMode"
                    text: qsTr("Logit lens")
                    checked: lens.mode === "lens"
                    onToggled: lens.mode = "lens"
                }
                RadioButton {
                    objectName: "attentionMode"
                    text: qsTr("Attention")
                    checked: lens.mode === "attention"
                    onToggled: lens.mode = "attention"
                }
            }
            Label {
                text: lens.layer < 0 ? qsTr("Layer: mean of all %1").arg(lens.layers)
                                     : qsTr("Layer %1 of %2").arg(lens.layer + 1).arg(lens.layers)
            }
            RowLayout {
                Layout.fillWidth: true
                enabled: lens.available
                Slider {
                    objectName: "layerSlider"
                    Layout.fillWidth: true
                    from: 0
                    to: Math.max(0, lens.layers - 1)
                    stepSize: 1
                    snapMode: Slider.SnapAlways
                    enabled: !meanBox.checked
                    value: lens.layer < 0 ? lens.layers - 1 : lens.layer
                    onMoved: lens.layer = value
                }
                CheckBox {
                    id: meanBox
                    text: qsTr("Mean")
                    onToggled: lens.layer = checked ? -1 : lens.layers - 1
                }
            }
            TextField {
                objectName: "wordField"
                Layout.fillWidth: true
                placeholderText: qsTr("Word to find (logit lens)")
                onEditingFinished: lens.word = text
            }
            ComboBox {
                objectName: "phraseBox"
                Layout.fillWidth: true
                editable: true
                model: [qsTr("Last prompt position")].concat(lens.phrases)
                onActivated: (index) => lens.phrase = index === 0 ? "" : currentText
                onAccepted: lens.phrase = editText === model[0] ? "" : editText
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
            CheckBox { id: labelsBox; text: qsTr("Show each cell's top token") }
            Label {
                Layout.fillWidth: true
                visible: lens.available
                text: qsTr("Map from %1 to %2").arg(lens.low.toPrecision(3)).arg(lens.high.toPrecision(3))
                opacity: 0.8
            }
            RowLayout {
                Layout.fillWidth: true
                enabled: lens.available
                Button { text: qsTr("Export PNG…"); onClicked: { exportDialog.png = true; exportDialog.open() } }
                Button { text: qsTr("Export .npy…"); onClicked: { exportDialog.png = false; exportDialog.open() } }
            }
        }
    }
}
