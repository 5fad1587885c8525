import QtQuick
import QtQuick.Controls
import QtTest
import GroundChat
import GroundChat.Core

// The Settings dialog as the user edits it: what is typed there is what the app keeps.
Item {
    id: root
    width: 900
    height: 900

    EngineController { id: engine }
    Session {
        id: session
        conversation.engine: engine
    }
    QtObject {
        id: settings
        property string generation: ""
        property int threads: 0
        property bool autoMasks: false
        property bool embedImages: false
    }
    RemoteServerSettings { id: servers }
    ImageLimitSettings { id: imageLimit }
    SettingsDialog {
        id: dialog
        session: session
        engine: engine
        settings: settings
    }

    TestCase {
        name: "SettingsDialog"
        when: windowShown

        // the overall deadline of a server's answer (remote/answerTimeoutSeconds), which a server sending
        // only keep-alives would otherwise never meet
        function test_answerDeadlineIsSetInTheDialog() {
            const before = servers.answerTimeoutSeconds
            servers.answerTimeoutSeconds = 0
            dialog.open()
            tryVerify(() => dialog.opened)
            const spin = findChild(dialog.contentItem, "answerTimeout")
            verify(spin, "the dialog has a control for the answer deadline")
            compare(spin.value, 0, "0: no limit, as the setting says")
            spin.contentItem.forceActiveFocus()
            spin.contentItem.selectAll()
            keyClick(Qt.Key_9)
            keyClick(Qt.Key_0)
            keyClick(Qt.Key_Return)
            compare(spin.value, 90)
            keyClick(Qt.Key_Up)
            compare(spin.value, 91)
            dialog.close()
            tryVerify(() => !dialog.visible)
            compare(servers.answerTimeoutSeconds, 91, "closing the dialog keeps what was typed")

            dialog.open()
            tryVerify(() => dialog.opened)
            compare(spin.value, 91, "the dialog shows the setting kept")
            spin.contentItem.forceActiveFocus()
            spin.contentItem.selectAll()
            keyClick(Qt.Key_0)
            keyClick(Qt.Key_Return)
            dialog.close()
            tryVerify(() => !dialog.visible)
            compare(servers.answerTimeoutSeconds, 0, "back to no limit")
            servers.answerTimeoutSeconds = before
        }

        // the pixel limit (images/maxPixels): a decompression bomb is refused from its header beyond it
        function test_imageLimitIsSetInTheDialog() {
            const before = imageLimit.megapixels
            compare(imageLimit.defaultMegapixels, 179, "Pillow's limit")
            dialog.open()
            tryVerify(() => dialog.opened)
            const spin = findChild(dialog.contentItem, "maxMegapixels")
            verify(spin, "the dialog has a control for the pixel limit")
            compare(spin.value, before)
            spin.contentItem.forceActiveFocus()
            spin.contentItem.selectAll()
            keyClick(Qt.Key_5)
            keyClick(Qt.Key_0)
            keyClick(Qt.Key_Return)
            dialog.close()
            tryVerify(() => !dialog.visible)
            compare(imageLimit.megapixels, 50, "closing the dialog keeps what was typed")
            const fresh = Qt.createQmlObject("import GroundChat.Core; ImageLimitSettings {}", root)
            compare(fresh.megapixels, 50, "kept in the settings, where every reader takes it from")
            fresh.destroy()
            imageLimit.megapixels = before
        }

        // The loaded model's weight format, with the memory each needs: a pick reloads the model in it
        function test_theLoadedModelsWeightFormatIsChosenHere() {
            engine.loadFolder(engine.demoModelPath())
            tryCompare(engine, "state", EngineController.Ready, 30000)
            compare(engine.weights, "f32")
            dialog.open()
            tryVerify(() => dialog.opened)
            const box = findChild(dialog.contentItem, "settingsWeights")
            verify(box && box.visible)
            const combo = findChild(box, "weightFormatCombo")
            tryCompare(combo, "count", 5, 10000)
            compare(combo.currentIndex, 0)
            verify(combo.displayText.indexOf(Qt.locale().formattedDataSize(engine.weightBytes, 1)) >= 0, combo.displayText)
            mouseClick(combo)
            tryVerify(() => combo.popup.opened)
            const q8 = combo.popup.contentItem.itemAtIndex(3)
            verify(q8.text.indexOf("q8") >= 0, q8.text)
            mouseClick(q8)
            tryCompare(engine, "weights", "q8", 30000)
            compare(engine.state, EngineController.Ready)
            verify(combo.displayText.indexOf(Qt.locale().formattedDataSize(engine.weightBytes, 1)) >= 0,
                   combo.displayText + " shows the memory the loaded weights take")
            verify(engine.weightBytes < 0.5 * Number(combo.model.data(combo.model.index(0, 0), Qt.UserRole + 3)))
            combo.model.choose("f32") // the settings store is shared with the other views' tests
            dialog.close()
            tryVerify(() => !dialog.visible)
        }
    }
}
