pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GroundChat.Core

// Preferences: generation options, engine threads and device, servers, session files, looks.
Dialog {
    id: dialog
    property Session session
    property EngineController engine
    property var settings
    title: qsTr("Settings")
    standardButtons: Dialog.Close
    modal: true
    width: Overlay.overlay ? Math.min(wanted, Overlay.overlay.width - 24) : wanted
    readonly property real wanted: Math.max(460, grid.implicitWidth + scroll.width - scroll.availableWidth + leftPadding + rightPadding)

    onOpened: {
        const g = session.conversation.generation
        maxTokens.value = g.maxNewTokens
        temperature.value = Math.round(g.temperature * 100)
        topP.value = Math.round(g.topP * 100)
        topK.value = g.topK
        seed.value = g.seed
        threads.value = engine.threads
        answerTimeout.value = servers.answerTimeoutSeconds
        maxMegapixels.value = imageLimit.megapixels
    }
    function apply() {
        session.conversation.generation = { maxNewTokens: maxTokens.value, temperature: temperature.value / 100,
                               topP: topP.value / 100, topK: topK.value, seed: seed.value }
        settings.generation = JSON.stringify(session.conversation.generation)
        engine.threads = threads.value
        settings.threads = threads.value
        servers.answerTimeoutSeconds = answerTimeout.value
        imageLimit.megapixels = maxMegapixels.value
    }
    onClosed: apply()

    RemoteServerSettings { id: servers }
    ImageLimitSettings { id: imageLimit }

    // scrolls in a window too low for it (800×600)
    height: Overlay.overlay ? Math.min(implicitHeight, Overlay.overlay.height - 24) : implicitHeight
    ScrollView {
        id: scroll
        objectName: "settingsDialogScroll"
        anchors.fill: parent
        contentWidth: availableWidth
        clip: true
        GridLayout {
            id: grid
            width: parent.width
            columns: 2
            Label { text: qsTr("Generation"); font.bold: true; Layout.columnSpan: 2 }
            Label { text: qsTr("Max new tokens (0 = the model's own)") }
            SpinBox { id: maxTokens; objectName: "maxTokens"; from: 0; to: 4096; editable: true }
            Label { text: qsTr("Temperature (0 = greedy) ×100") }
            SpinBox { id: temperature; from: 0; to: 200; editable: true }
            Label { text: qsTr("Top-p ×100") }
            SpinBox { id: topP; from: 1; to: 100; editable: true }
            Label { text: qsTr("Top-k (0 = off)") }
            SpinBox { id: topK; from: 0; to: 1000; editable: true }
            Label { text: qsTr("Seed") }
            SpinBox { id: seed; from: 0; to: 1000000; editable: true }
            Label { text: qsTr("Engine"); font.bold: true; Layout.columnSpan: 2 }
            Label { text: qsTr("CPU threads (0 = all; applies to the next model load)") ; Layout.maximumWidth: 240; wrapMode: Text.Wrap }
            SpinBox { id: threads; from: 0; to: 256; editable: true }
            // the loaded model's weights in another format: it reloads at once (progress and Cancel in the toolbar)
            WeightFormatBox {
                objectName: "settingsWeights"
                Layout.columnSpan: 2
                Layout.fillWidth: true
                folder: dialog.engine.modelFolder
                onPicked: format => dialog.engine.reloadWeights(format)
            }
            // the loaded model's image detail (Qwen2.5-VL's min/max pixels): Apply reloads it at once
            PixelBudgetBox {
                objectName: "settingsPixelBudget"
                Layout.columnSpan: 2
                Layout.fillWidth: true
                folder: dialog.engine.modelFolder
                imageSize: dialog.session.currentImageSize
                onApplied: dialog.engine.reloadPixelBudget()
            }
            CheckBox {
                Layout.columnSpan: 2
                text: qsTr("Turn every answer's boxes into masks")
                checked: dialog.session.masks.autoMasks
                onToggled: { dialog.session.masks.autoMasks = checked; dialog.settings.autoMasks = checked }
            }
            Label { text: qsTr("Servers"); font.bold: true; Layout.columnSpan: 2 }
            Label {
                text: qsTr("Longest answer from a server, seconds (0 = no limit; applies to the next model load)")
                Layout.maximumWidth: 240
                wrapMode: Text.Wrap
            }
            // a server can keep an answer alive with keep-alives forever: this ends it (up to a day)
            SpinBox { id: answerTimeout; objectName: "answerTimeout"; from: 0; to: 86400; editable: true }
            Label { text: qsTr("Images"); font.bold: true; Layout.columnSpan: 2 }
            Label {
                text: qsTr("Largest image to open, megapixels (default %1; a larger one is refused from its header, never decoded)")
                      .arg(imageLimit.defaultMegapixels)
                Layout.maximumWidth: 240
                wrapMode: Text.Wrap
            }
            SpinBox { id: maxMegapixels; objectName: "maxMegapixels"; from: 1; to: 2000; editable: true }
            Label { text: qsTr("Sessions"); font.bold: true; Layout.columnSpan: 2 }
            CheckBox {
                Layout.columnSpan: 2
                text: qsTr("Embed images in saved sessions")
                checked: dialog.session.file.embedImages
                onToggled: { dialog.session.file.embedImages = checked; dialog.settings.embedImages = checked }
            }
        }
    }
}
