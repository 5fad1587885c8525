import QtQuick
import QtTest
import GroundChat
import GroundChat.Core
import GroundChat.Test

// Choosing a model that does not load: the dialog stays open and says why in full, and the model that
// was answering keeps answering.
Item {
    id: root
    width: 900
    height: 700

    EngineController { id: engine }
    ModelChooser {
        id: chooser
        engine: engine
    }
    ModelDialog {
        id: dialog
        engine: engine
        chooser: chooser
    }
    ModelsServer { id: server }

    TestCase {
        name: "ModelDialog"
        when: windowShown

        function test_aFailedLoadShowsTheWholeReasonAndKeepsTheModel() {
            engine.loadFake("kosmos2", "hello")
            tryCompare(engine, "state", EngineController.Ready)
            dialog.open()
            tryVerify(() => dialog.opened)
            const before = chooser.remembered
            // "/" is a folder without a model in it, as an empty folder the user picked
            chooser.chooseFolder("file:///")
            tryCompare(engine, "state", EngineController.Ready)
            verify(dialog.visible, "the dialog stays open to show why")

            const text = findChild(dialog.contentItem, "loadErrorText")
            const detail = findChild(dialog.contentItem, "loadErrorDetail")
            const fallback = findChild(dialog.contentItem, "loadErrorFallback")
            verify(text && text.visible)
            verify(text.text.indexOf(engine.loadError) >= 0)
            verify(engine.loadError.indexOf("missing") >= 0, engine.loadError)
            verify(engine.loadError.indexOf("damaged") < 0, engine.loadError)
            verify(!text.truncated)
            verify(text.lineCount >= 1)
            verify(text.width <= dialog.availableWidth)
            verify(detail && detail.visible)
            compare(detail.text, engine.loadErrorDetail)
            verify(detail.text.indexOf("no config.json (is this a Hugging Face model snapshot?)") >= 0, detail.text)
            verify(detail.contentWidth <= detail.width + 1, "the detail wraps instead of running off")
            verify(fallback.text.indexOf("Scripted test engine") >= 0, fallback.text)
            compare(chooser.remembered.kind, before.kind, "a folder that did not load is not remembered")
            compare(chooser.remembered.folder, before.folder)

            compare(engine.modelName, "Scripted test engine", "the model that was answering still answers")
            dialog.close()
            tryVerify(() => !dialog.visible)

            // a load that works closes the dialog, clears the reason and is remembered
            dialog.open()
            tryVerify(() => dialog.opened)
            const useDemo = findChild(dialog.contentItem, "useDemoModel")
            mouseClick(useDemo)
            tryVerify(() => !dialog.visible, 20000)
            compare(engine.loadError, "")
            compare(chooser.remembered.displayName, "Demo model")
        }

        // A load in a small format says what it is doing, not only how far it is: the dialog's loading line
        // names the quantising and the saving of the packed weights (the run's cache folder starts empty)
        function test_theLoadingLineNamesTheStage() {
            engine.loadFolder(engine.demoModelPath())
            tryCompare(engine, "state", EngineController.Ready, 30000)
            dialog.open()
            tryVerify(() => dialog.opened)
            const label = findChild(dialog.contentItem, "loadingLabel")
            const seen = []
            const record = () => { if (engine.state === EngineController.Loading) seen.push(label.text) }
            engine.loadProgressChanged.connect(record)
            engine.reloadWeights("q4")
            tryCompare(engine, "weights", "q4", 30000)
            engine.loadProgressChanged.disconnect(record)
            verify(seen.some(t => t.indexOf("Quantising the weights to q4") >= 0), seen.join(" | "))
            verify(seen.some(t => t.indexOf("Saving the packed weights") >= 0), seen.join(" | "))
            verify(seen.every(t => /\d+ %$/.test(t)), "with the fraction: " + seen.join(" | "))
            compare(engine.loadStage, "Ready")
            engine.reloadWeights("f32")
            tryCompare(engine, "weights", "f32", 30000)
            dialog.close()
            tryVerify(() => !dialog.visible)
        }

        // The server's models are listed and the first is picked, ready to use: the Use button needs no
        // second step
        function test_listingModelsPicksTheFirst() {
            server.offer(["vision-a", "vision-b"])
            dialog.open()
            tryVerify(() => dialog.opened)
            const address = findChild(dialog.contentItem, "serverField")
            const models = findChild(dialog.contentItem, "remoteModel")
            const use = findChild(dialog.contentItem, "useRemoteModel")
            address.editText = server.url
            mouseClick(findChild(dialog.contentItem, "listModels"))
            tryCompare(models, "count", 2, 5000)
            compare(models.currentIndex, 0)
            compare(models.currentText, "vision-a")
            verify(use.enabled)

            // listing again after picking another starts from the first again
            models.currentIndex = 1
            server.offer(["vision-c"])
            mouseClick(findChild(dialog.contentItem, "listModels"))
            tryCompare(models, "count", 1, 5000)
            compare(models.currentText, "vision-c")
            dialog.close()
            tryVerify(() => !dialog.visible)
        }

        // tst_qml runs without a session bus (tests/qml/CMakeLists.txt), as on a desktop with no keyring
        function test_withoutAKeyringTheDialogSaysWhereTheKeyIs() {
            dialog.open()
            tryVerify(() => dialog.opened)
            const warning = findChild(dialog.contentItem, "keyStorageWarning")
            verify(warning, "the server box has a place for the warning")
            tryVerify(() => warning.visible, 5000, "the warning shows once the keyring is found missing")
            const prefix = "No keyring available: the API key is stored in plain text in "
            compare(warning.text.indexOf(prefix), 0, warning.text)
            verify(/\.conf$/.test(warning.text), "it names the settings file: " + warning.text)
            verify(!warning.truncated)
            verify(warning.width <= dialog.availableWidth)
            dialog.close()
            tryVerify(() => !dialog.visible)
        }
    }
}
