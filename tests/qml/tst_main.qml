import QtQuick
import QtQuick.Controls
import QtTest
import GroundChat.Core

// The main window as a newcomer meets it: the built-in demo session on a first start, and no way to
// lose unsaved work by opening another session.
TestCase {
    name: "MainWindow"
    when: true

    function makeWindow(size) {
        const c = Qt.createComponent("qrc:/qt/qml/GroundChat/Main.qml")
        verify(c.status === Component.Ready, c.errorString())
        return c.createObject(null, Object.assign({ headless: true, startupLanguage: "en", startupModel: "/nonexistent" },
                                                  size || {}))
    }

    // A window that has the keyboard, as the user's has, with a scripted model that answers `answer`.
    function activeWindow(answer) {
        const w = makeWindow({ width: 1024, height: 700 })
        w.requestActivate()
        tryVerify(() => w.active)
        if (answer !== undefined) {
            const engine = findChild(w, "engine")
            engine.loadFake("kosmos2", answer)
            tryCompare(engine, "state", EngineController.Ready)
        }
        return w
    }

    function inWindow(w, item) {
        const p = item.mapToItem(null, 0, 0)
        return p.x >= 0 && p.y >= 0 && p.x + item.width <= w.width + 0.5 && p.y + item.height <= w.height + 0.5
    }

    function test_firstStartShowsTheDemoSession() {
        const w = makeWindow()
        const session = findChild(w, "session")
        compare(session.images.rowCount(), 4)
        compare(session.currentImage, 0)
        compare(session.file.filePath, "", "the demo session opens untitled: saving asks for a file")
        verify(!session.file.modified)
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
        verify(session.file.modified)
        w.whenSaved(() => opened++)
        tryVerify(() => dialog.opened)
        compare(opened, 1, "with unsaved changes the action waits for an answer")
        dialog.reject()                    // Cancel
        tryVerify(() => !dialog.visible)
        w.runPending()
        compare(opened, 1, "cancel drops the action")
        verify(session.file.modified)
        w.whenSaved(() => opened++)
        tryVerify(() => dialog.opened)
        const discard = findChild(dialog.footer, "discardButton")
        verify(discard !== null)
        discard.clicked()
        compare(opened, 2, "discard runs it")
        w.destroy()
    }

    function test_everyToolbarControlIsInReach_data() {
        return [{ tag: "1024x700", width: 1024, height: 700 }, { tag: "800x600", width: 800, height: 600 }]
    }
    function test_everyToolbarControlIsInReach(data) {
        const w = makeWindow({ width: data.width, height: data.height })
        const modelButton = findChild(w, "modelButton")
        tryVerify(() => modelButton.width > 0)
        waitForRendering(w.contentItem)
        verify(inWindow(w, modelButton), "the model button lies inside the window")
        // every control and label in the toolbar, in whatever rows and groups they are laid out
        const items = []
        const collect = (parent) => {
            for (let i = 0; i < parent.children.length; ++i) {
                const child = parent.children[i]
                if (!child.visible || child.width === 0)
                    continue
                if ("focusPolicy" in child || child.children.length === 0)
                    items.push(child)
                else
                    collect(child)
            }
        }
        collect(findChild(w, "toolBar").contentItem)
        let controls = 0
        for (const item of items) {
            verify(inWindow(w, item), (item.objectName || item.text || item) + " lies inside the window")
            if ("text" in item && item.objectName !== "modelStatus") // the model's name may elide, no other text
                verify(item.width >= item.implicitWidth - 0.5, (item.objectName || item.text) + " is not squeezed")
            ++controls
        }
        verify(controls >= 16, "found the toolbar's controls: " + controls)
        const toolBar = findChild(w, "toolBar")
        verify(toolBar.height - toolBar.topPadding - toolBar.bottomPadding < 3 * findChild(w, "openImageButton").height,
               "two rows of tools at most, leaving the canvas its room: " + toolBar.height)
        for (const tool of ["select", "box", "point", "mark", "polygon", "mask", "pan"])
            verify(inWindow(w, findChild(findChild(w, "toolBar"), "tool_" + tool)), tool)
        mouseClick(modelButton)
        tryVerify(() => findChild(w, "modelDialog").opened)
        w.destroy()
    }

    function test_sendingHandsTheKeysBackToTheCanvas() {
        const w = activeWindow("An answer.")
        const canvas = findChild(w, "imageCanvas")
        const input = findChild(w, "messageInput")
        canvas.tool = "select"
        mouseClick(input)
        verify(input.activeFocus)
        keyClick("b")
        compare(input.text, "b", "while typing, tool keys are text")
        compare(canvas.tool, "select")
        input.text = "What is this?"
        keyClick(Qt.Key_Return)
        const session = findChild(w, "session")
        tryCompare(session.conversation, "answering", false, 10000)
        keyClick("b")
        compare(canvas.tool, "box", "after sending, B picks the box tool")
        compare(input.text, "")
        // Esc leaves the message box too
        mouseClick(input)
        keyClick("p")
        keyClick(Qt.Key_Escape)
        keyClick("g")
        compare(canvas.tool, "polygon")
        compare(input.text, "p")
        w.destroy()
    }

    function test_zoomKeysWorkWhereverTheFocusIs() {
        const w = activeWindow()
        const canvas = findChild(w, "imageCanvas")
        canvas.fit()
        const fitted = canvas.zoom
        findChild(w, "taskBox").forceActiveFocus() // the focus is not on the canvas
        keyClick("1")
        fuzzyCompare(canvas.zoom, 1, 1e-9)
        keyClick(Qt.Key_Plus)
        fuzzyCompare(canvas.zoom, 1.25, 1e-9)
        keyClick(Qt.Key_Minus)
        fuzzyCompare(canvas.zoom, 1, 1e-9)
        keyClick("0")
        fuzzyCompare(canvas.zoom, fitted, 1e-9)
        findChild(findChild(w, "toolBar"), "tool_box").forceActiveFocus()
        keyClick("1")
        fuzzyCompare(canvas.zoom, 1, 1e-9)
        const input = findChild(w, "messageInput")
        input.forceActiveFocus()
        keyClick("0")
        fuzzyCompare(canvas.zoom, 1, 1e-9, "a 0 typed in the message box is text")
        compare(input.text, "0")
        w.destroy()
    }

    function test_windowShortcuts() {
        const w = activeWindow()
        const settingsDialog = findChild(w, "settingsDialog")
        keyClick(Qt.Key_Comma, Qt.ControlModifier)
        tryVerify(() => settingsDialog.opened, 2000, "Ctrl+, opens the settings")
        settingsDialog.close()
        tryVerify(() => !settingsDialog.visible)
        const saveDialog = findChild(w, "sessionSaveDialog")
        keyClick(Qt.Key_S, Qt.ControlModifier | Qt.ShiftModifier)
        tryVerify(() => saveDialog.visible, 2000, "Ctrl+Shift+S asks where to save")
        saveDialog.reject()
        tryVerify(() => !saveDialog.visible)
        keyClick(Qt.Key_Q, Qt.ControlModifier)
        tryVerify(() => !w.visible, 2000, "Ctrl+Q quits")
        w.destroy()
    }

    // Save as: the button says Save, a typed name is enough and Enter saves (Qt 6.4's own dialog says
    // Open, waits for the field to lose focus and ignores Enter).
    function test_saveAsTakesATypedNameAndEnter() {
        const w = activeWindow()
        const session = findChild(w, "session")
        session.addBox(Qt.rect(10, 10, 40, 40))
        const dialog = findChild(w, "sessionSaveDialog")
        keyClick(Qt.Key_S, Qt.ControlModifier | Qt.ShiftModifier)
        tryVerify(() => dialog.opened)
        dialog.folder = "/tmp"
        const name = "gc-save-as-" + Date.now()
        const save = findChild(dialog, "saveButton")
        compare(save.text, "Save")
        verify(!save.enabled, "no name yet")
        const field = findChild(dialog, "fileNameField")
        tryVerify(() => field.activeFocus)
        for (const c of name)
            keyClick(c)
        verify(save.enabled && field.activeFocus)
        keyClick(Qt.Key_Return)
        tryVerify(() => !dialog.visible)
        compare(session.file.filePath, "/tmp/" + name + ".gcsession")
        verify(!session.file.modified)
        w.destroy()
    }

    function test_oneClickOpensAnotherMenu() {
        // the desktop's hover behaviour, which the offscreen platform leaves out
        const hover = Qt.styleHints.useHoverEffects
        Qt.styleHints.useHoverEffects = true
        const w = activeWindow()
        const bar = findChild(w, "menuBar")
        const file = bar.itemAt(0), edit = bar.itemAt(1)
        mouseMove(file, file.width / 2, file.height / 2)
        mouseClick(file)
        tryVerify(() => bar.menuAt(0).opened)
        mouseMove(edit, 5, 5)
        mouseMove(edit, edit.width / 2, edit.height / 2)
        mouseClick(edit)
        tryVerify(() => !bar.menuAt(0).visible)
        wait(200) // let the click's effects settle
        verify(bar.menuAt(1).opened, "one click on Edit opens it while File was open")
        Qt.styleHints.useHoverEffects = hover
        w.destroy()
    }

    function test_menusAreAsWideAsTheirItems_data() {
        return [{ tag: "en", language: "en" }, { tag: "zh_CN", language: "zh_CN" }]
    }
    function test_menusAreAsWideAsTheirItems(data) {
        const w = makeWindow({ startupLanguage: data.language })
        waitForRendering(w.contentItem)
        const bar = findChild(w, "menuBar")
        const check = (menu) => {
            for (let i = 0; i < menu.count; ++i) {
                const item = menu.itemAt(i)
                const room = menu.width - menu.leftPadding - menu.rightPadding
                verify(item.implicitWidth <= room + 0.5, menu.title + " ▸ " + item.text + ": " + item.implicitWidth + " > " + room)
                if (item.subMenu)
                    check(item.subMenu)
            }
        }
        for (let m = 0; m < bar.count; ++m)
            check(bar.menuAt(m))
        LanguageController.language = "en"
        w.destroy()
    }

    function test_languageMenuTicksTheLanguageInUse() {
        const w = makeWindow({ startupLanguage: "en" })
        w.requestActivate()
        tryVerify(() => w.active)
        const bar = findChild(w, "menuBar")
        let viewIndex = -1
        for (let m = 0; m < bar.count; ++m)
            if (bar.menuAt(m).objectName === "viewMenu")
                viewIndex = m
        const view = bar.menuAt(viewIndex)
        let languageItem = null
        for (let i = 0; i < view.count; ++i)
            if (view.itemAt(i).subMenu && view.itemAt(i).subMenu.objectName === "languageMenu")
                languageItem = view.itemAt(i)
        const languages = languageItem.subMenu
        const en = languages.itemAt(0), zh = languages.itemAt(1)
        compare(en.objectName, "language_en")
        compare(zh.objectName, "language_zh_CN")
        const choose = (item) => {
            mouseClick(bar.itemAt(viewIndex))
            tryVerify(() => view.opened)
            mouseClick(languageItem)
            tryVerify(() => languages.opened)
            verify(en.checked !== zh.checked, "one language is ticked")
            mouseClick(item)
            tryVerify(() => !view.visible)
        }
        verify(en.checked)
        verify(!zh.checked)
        choose(en) // choosing the language in use again keeps its tick
        verify(en.checked)
        verify(!zh.checked)
        choose(zh)
        compare(LanguageController.active, "zh_CN")
        verify(zh.checked)
        verify(!en.checked)
        choose(en)
        compare(LanguageController.active, "en")
        verify(en.checked)
        verify(!zh.checked)
        w.destroy()
    }

    function test_dialogButtonsSpeakTheLanguage() {
        const w = makeWindow({ startupLanguage: "zh_CN" })
        for (const name of ["modelDialog", "settingsDialog"]) {
            const close = findChild(w, name).footer.standardButton(Dialog.Close)
            compare(close.text, "关闭", name)
        }
        LanguageController.language = "en"
        compare(findChild(w, "modelDialog").footer.standardButton(Dialog.Close).text, "Close")
        w.destroy()
    }

    function test_chatFollowsANewAnswer() {
        const w = activeWindow("A long answer that streams in piece by piece. ".repeat(40))
        const session = findChild(w, "session")
        const list = findChild(w, "messageList")
        for (let turn = 0; turn < 2; ++turn) {
            verify(session.conversation.send("Tell me more.", ""))
            tryCompare(session.conversation, "answering", false, 10000)
            waitForRendering(list)
            verify(list.contentHeight > list.height, "the conversation is longer than the view")
            tryVerify(() => list.atYEnd, 1000, "the end of the new answer is in view")
        }
        // scrolled up to read while an answer streams in: the view stays where the user put it
        verify(session.conversation.send("And more.", ""))
        tryVerify(() => list.atYEnd)
        mouseWheel(list, list.width / 2, list.height / 2, 0, 360)
        tryVerify(() => !list.moving)
        verify(session.conversation.answering, "the answer is still streaming")
        const y = list.contentY
        tryCompare(session.conversation, "answering", false, 10000)
        verify(!list.atYEnd)
        compare(list.contentY, y)
        w.destroy()
    }

    function test_dialogsFitTheWindowAndDarkenIt_data() {
        return [{ tag: "light", theme: "light" }, { tag: "dark", theme: "dark" }]
    }
    function test_dialogsFitTheWindowAndDarkenIt(data) {
        const w = makeWindow({ width: 800, height: 600, startupTheme: data.theme, startupLanguage: "zh_CN" })
        waitForRendering(w.contentItem)
        const overlay = w.contentItem.Overlay.overlay
        for (const name of ["settingsDialog", "modelDialog", "dataDialog"]) {
            const dialog = findChild(w, name)
            dialog.open()
            tryVerify(() => dialog.opened)
            const p = dialog.background.mapToItem(null, 0, 0)
            verify(p.x >= 0 && p.y >= 0 && p.x + dialog.width <= w.width && p.y + dialog.height <= w.height,
                   name + " at " + p.x + "," + p.y + " " + dialog.width + "×" + dialog.height)
            if (dialog.height < dialog.implicitHeight - 0.5) { // too tall for the window: its content scrolls
                const scroll = findChild(dialog.contentItem, name + "Scroll")
                verify(scroll !== null && scroll.height <= dialog.availableHeight + 0.5
                       && scroll.contentHeight > scroll.height, name + " is cut")
            }
            // the dimming behind it: the window's content shows through darker, never lighter
            let dim = null
            for (let i = 0; i < overlay.children.length; ++i)
                if (overlay.children[i].visible && overlay.children[i].color !== undefined)
                    dim = overlay.children[i]
            verify(dim !== null, "a modal dialog dims the window")
            if (data.theme === "dark")
                verify(dim.color.hslLightness < 0.1, name + " dims with " + dim.color)
            dialog.close()
            tryVerify(() => !dialog.visible)
        }
        LanguageController.language = "en"
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
