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

        // A model that resizes images to a pixel budget (Qwen2.5-VL): its min/max pixels start at the folder's,
        // the current image's token count follows what is typed, and Apply reloads the model with them
        function test_theLoadedQwenModelsPixelBudgetIsSetHere() {
            const folder = decodeURIComponent(Qt.resolvedUrl("../data/qwen25vl-tiny-a").toString().replace(/^file:\/\//, ""))
            const image = decodeURIComponent(Qt.resolvedUrl("../data/qwen25vl-tiny-a/image0.png").toString())
            verify(session.addImage(image))
            engine.loadFolder(folder)
            tryCompare(engine, "state", EngineController.Ready, 30000)
            dialog.open()
            tryVerify(() => dialog.opened)
            const box = findChild(dialog.contentItem, "settingsPixelBudget")
            tryVerify(() => box.visible, 10000, "shown for a model that resizes to a pixel budget")
            const minBox = findChild(box, "minPixelsBox"), maxBox = findChild(box, "maxPixelsBox")
            const tokens = findChild(box, "pixelBudgetTokens"), apply = findChild(box, "applyPixelBudget")
            tryCompare(maxBox, "value", 4096) // the fixture's preprocessor_config.json
            compare(minBox.value, 256)
            const before = tokens.text
            verify(/\d/.test(before), before)
            verify(!apply.enabled, "nothing to apply yet")

            maxBox.contentItem.forceActiveFocus()
            maxBox.contentItem.selectAll()
            for (const k of [Qt.Key_1, Qt.Key_0, Qt.Key_2, Qt.Key_4])
                keyClick(k)
            keyClick(Qt.Key_Return)
            compare(maxBox.value, 1024)
            verify(tokens.text !== before, tokens.text + " counts the tokens at the new bounds")
            verify(Number(tokens.text.match(/\d+/)[0]) < Number(before.match(/\d+/)[0]))
            verify(apply.enabled)
            mouseClick(apply)
            tryCompare(engine, "state", EngineController.Loading, 5000)
            tryCompare(engine, "state", EngineController.Ready, 30000)
            compare(maxBox.value, 1024, "remembered for the folder")

            // back to the folder's own bounds
            mouseClick(findChild(box, "resetPixelBudget"))
            tryCompare(maxBox, "value", 4096)
            tryCompare(engine, "state", EngineController.Ready, 30000)
            dialog.close()
            tryVerify(() => !dialog.visible)
        }
    }
}
