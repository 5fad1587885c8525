import QtQuick
import QtTest

// The main window as a newcomer meets it: the built-in demo session on a first start, and no way to
// lose unsaved work by opening another session.
TestCase {
    name: "MainWindow"
    when: true

    function makeWindow() {
        const c = Qt.createComponent("qrc:/qt/qml/GroundChat/Main.qml")
        verify(c.status === Component.Ready, c.errorString())
        return c.createObject(null, { headless: true, startupLanguage: "en", startupModel: "/nonexistent" })
    }

    function test_firstStartShowsTheDemoSession() {
        const w = makeWindow()
        const session = findChild(w, "session")
        compare(session.images.rowCount(), 4)
        compare(session.currentImage, 0)
        compare(session.filePath, "", "the demo session opens untitled: saving asks for a file")
        verify(!session.modified)
        // the saved conversation: a grounded caption whose phrases are linked to boxes
        compare(session.chat.rowCount(), 2)
        verify(session.regions.rowCount() > 0, "the answer's boxes are shown")
        w.destroy()
    }

    function test_newDemoSceneAddsAFreshScene() {
        const w = makeWindow()
        const session = findChild(w, "session")
        const before = session.images.rowCount()
        verify(session.addDemoScene())
        compare(session.images.rowCount(), before + 1)
        compare(session.currentImage, before)
        verify(session.currentImageSize.width >= 160 && session.currentImageSize.height >= 160)
        w.destroy()
    }

    function test_unsavedWorkIsNotReplacedSilently() {
        const w = makeWindow()
        const session = findChild(w, "session")
        const dialog = findChild(w, "unsavedDialog")
        let opened = 0
        w.whenSaved(() => opened++)
        compare(opened, 1, "nothing to lose: the action runs at once")
        session.addBox(Qt.rect(10, 10, 40, 40))
        verify(session.modified)
        w.whenSaved(() => opened++)
        tryVerify(() => dialog.opened)
        compare(opened, 1, "with unsaved changes the action waits for an answer")
        dialog.reject()                    // Cancel
        tryVerify(() => !dialog.visible)
        w.runPending()
        compare(opened, 1, "cancel drops the action")
        verify(session.modified)
        w.whenSaved(() => opened++)
        tryVerify(() => dialog.opened)
        const discard = findChild(dialog.footer, "discardButton")
        verify(discard !== null)
        discard.clicked()
        compare(opened, 2, "discard runs it")
        w.destroy()
    }

    function test_aModelThatFailsToLoadSaysWhyInFull() {
        const w = makeWindow() // its startup model, /nonexistent, cannot load
        const engine = findChild(w, "engine")
        tryVerify(() => engine.loadError.length > 0)
        const status = findChild(w, "modelStatus")
        compare(status.text, "⚠ Load failed — no model")
        const dialog = findChild(w, "modelDialog")
        mouseClick(status)
        tryVerify(() => dialog.opened)
        const text = findChild(dialog.contentItem, "loadErrorText")
        const detail = findChild(dialog.contentItem, "loadErrorDetail")
        verify(text.visible && !text.truncated)
        verify(text.text.indexOf(engine.loadError) >= 0)
        verify(engine.loadError.indexOf("missing") >= 0, engine.loadError)
        compare(detail.text, "/nonexistent: no such folder")
        w.destroy()
    }
}
