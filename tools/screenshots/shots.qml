import QtQuick
import QtTest

// Drives the real main window to make the README screenshots (run by tools/make-screenshots.sh).
TestCase {
    name: "Screenshots"
    when: true

    function makeWindow(props) {
        const c = Qt.createComponent("qrc:/qt/qml/GroundChat/Main.qml")
        verify(c.status === Component.Ready, c.errorString())
        props.headless = true
        props.width = props.width || 1380 // the offscreen screen is 800x600: the README shots keep the large window
        props.height = props.height || 860
        return c.createObject(null, props)
    }

    // relative to the working directory: tools/make-screenshots.sh runs from the repository root
    function outDir() { return "docs/screenshots" }

    // The 640x427 shapes picture the scripted answers and coordinates below are made for (the window
    // opens on the demo session; this adds the picture to it and shows it).
    function useShapesImage(session) {
        verify(session.addImage("qrc:/demo/images/demo-shapes.png"))
        session.currentImage = session.images.rowCount() - 1
        compare(session.currentImageSize, Qt.size(640, 427))
    }

    function grounded(w) {
        const engine = findChild(w, "engine")
        const session = findChild(w, "session")
        tryVerify(() => engine.state === 2 || engine.state === 3, 60000) // Ready or Failed
        verify(engine.state === 2, "the demo model did not load: " + engine.errorText)
        useShapesImage(session)
        session.addBox(Qt.rect(36, 296, 98, 98))
        session.renameRegion("R1", "yellow square")
        session.segment(Qt.rect(370, 50, 200, 180), [])
        tryVerify(() => session.regions.rowCount() === 2, 30000)
        verify(session.conversation.send("", "grounded-caption"))
        tryVerify(() => !session.conversation.answering, 120000)
        session.hoverEntity(2, 0)
        wait(800)
    }

    function test_1_first_start() {
        // what a newcomer sees: the demo session, its saved answer's phrases linked to boxes
        const w = makeWindow({ startupTheme: "light", startupLanguage: "en" })
        const engine = findChild(w, "engine")
        const session = findChild(w, "session")
        tryVerify(() => engine.state === 2 || engine.state === 3, 60000)
        session.hoverEntity(1, 0)
        wait(1500)
        grabImage(w.contentItem.parent).save(outDir() + "/first-start.png")
        wait(500)
        w.destroy()
    }

    function test_2_session() {
        const w = makeWindow({ startupTheme: "light", startupLanguage: "en" })
        grounded(w)
        grabImage(w.contentItem.parent).save(outDir() + "/grounded-answer.png")
        wait(500)
        w.destroy()
    }

    function test_3_chinese() {
        const w = makeWindow({ startupTheme: "light", startupLanguage: "zh_CN" })
        grounded(w)
        grabImage(w.contentItem.parent).save(outDir() + "/chinese.png")
        wait(500)
        w.destroy()
    }

    function test_4_dark() {
        const w = makeWindow({ startupTheme: "dark", startupLanguage: "en" })
        grounded(w)
        grabImage(w.contentItem.parent).save(outDir() + "/dark.png")
        wait(500)
        w.destroy()
    }

    function test_5_remote() {
        // tools/make-screenshots.sh runs tools/replay-openai-server.py on 127.0.0.1:18080
        const w = makeWindow({ startupTheme: "light", startupLanguage: "en" })
        const engine = findChild(w, "engine")
        const session = findChild(w, "session")
        useShapesImage(session)
        findChild(w, "models").chooseServer("http://127.0.0.1:18080", "Qwen/Qwen2.5-VL-7B-Instruct")
        tryVerify(() => engine.state === 2 || engine.state === 3, 30000)
        verify(engine.state === 2, "the replay server did not answer: " + engine.errorText)
        verify(session.conversation.send("Outline the position of each shape and output all the coordinates in JSON format.", ""))
        tryVerify(() => !session.conversation.answering, 60000)
        session.hoverEntity(1, 1)
        wait(800)
        grabImage(w.contentItem.parent).save(outDir() + "/remote-qwen25vl.png")
        w.destroy()
    }

    function test_6_marks_and_masks() {
        const w = makeWindow({ startupTheme: "light", startupLanguage: "en" })
        const session = findChild(w, "session")
        useShapesImage(session)
        wait(500)
        verify(session.autoMarks(12))
        tryVerify(() => session.regions.rowCount() >= 3, 30000)
        const marks = session.regions.rowCount()
        session.segment(Qt.rect(230, 240, 200, 170), [])
        tryVerify(() => session.regions.rowCount() === marks + 1, 30000)
        session.hoverRegion("M2")
        wait(800)
        grabImage(w.contentItem.parent).save(outDir() + "/marks-and-masks.png")
        w.destroy()
    }

    function test_7_small_window_region_question() {
        // the core loop at 1024x700: a box drawn on the orange diamond, "Describe this region" about it
        const w = makeWindow({ startupTheme: "light", startupLanguage: "en", width: 1024, height: 700 })
        const engine = findChild(w, "engine")
        const session = findChild(w, "session")
        tryVerify(() => engine.state === 2 || engine.state === 3, 60000)
        verify(engine.state === 2, "the demo model did not load: " + engine.errorText)
        compare(session.region("A2").label, "an orange diamond")
        session.addBox(Qt.rect(89, 153, 27, 30))
        verify(session.conversation.send("@R1", "region"))
        tryVerify(() => !session.conversation.answering, 120000)
        session.hoverEntity(3, 0)
        wait(800)
        grabImage(w.contentItem.parent).save(outDir() + "/small-window-region.png")
        w.destroy()
    }

    // The logit lens of the demo model's grounded caption: each patch's top token drawn in its cell over the
    // lens's map at the last layer.
    function test_8_logit_lens() {
        const w = makeWindow({ startupTheme: "light", startupLanguage: "en" })
        const engine = findChild(w, "engine")
        const session = findChild(w, "session")
        tryVerify(() => engine.state === 2 || engine.state === 3, 60000)
        verify(engine.state === 2, "the demo model did not load: " + engine.errorText)
        useShapesImage(session)
        verify(session.conversation.send("", "grounded-caption"))
        tryVerify(() => !session.conversation.answering, 120000)
        mouseClick(findChild(w, "lensTab"))
        const panel = findChild(w, "lensPanel")
        mouseClick(findChild(panel, "explainButton"))
        tryVerify(() => panel.lens.available, 60000)
        findChild(panel, "labelsBox").checked = true
        wait(800)
        grabImage(w.contentItem.parent).save(outDir() + "/logit-lens.png")
        w.destroy()
    }
}
