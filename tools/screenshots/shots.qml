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
        return c.createObject(null, props)
    }

    // relative to the working directory: tools/make-screenshots.sh runs from the repository root
    function outDir() { return "docs/screenshots" }

    function grounded(w) {
        const engine = findChild(w, "engine")
        const session = findChild(w, "session")
        tryVerify(() => engine.state === 2 || engine.state === 3, 60000) // Ready or Failed
        verify(engine.state === 2, "the demo model did not load: " + engine.errorText)
        session.addBox(Qt.rect(36, 296, 98, 98))
        session.renameRegion("R1", "yellow square")
        session.segment(Qt.rect(370, 50, 200, 180), [])
        tryVerify(() => session.regions.rowCount() === 2, 30000)
        verify(session.send("<grounding> An image of", ""))
        tryVerify(() => !session.answering, 120000)
        session.hoverEntity(2, 0)
        wait(800)
    }

    function test_1_empty() {
        const w = makeWindow({ startupTheme: "light", startupLanguage: "en" })
        wait(1500)
        grabImage(w.contentItem.parent).save(outDir() + "/empty.png")
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
}
