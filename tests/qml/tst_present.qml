import QtQuick
import QtTest
import GroundChat.Core

// Present mode in the main window: what is recorded while someone works (regions drawn, edited and deleted, a
// mark, a question citing a region and its streamed answer with boxes), saved and opened again, replays event by
// event in the same views: every state the user saw comes back in the order they saw it, and leaving present
// mode shows the session as it is.
TestCase {
    name: "Present"
    when: true

    readonly property string answer: "<grounding> An image of<phrase> a red circle</phrase><object>"
        + "<patch_index_0164><patch_index_0491></object> and<phrase> a blue square</phrase><object>"
        + "<patch_index_0059><patch_index_0529></object>."

    function makeWindow() {
        const c = Qt.createComponent("qrc:/qt/qml/GroundChat/Main.qml")
        verify(c.status === Component.Ready, c.errorString())
        const w = c.createObject(null, { headless: true, startupLanguage: "en", startupModel: "/nonexistent",
                                         width: 1200, height: 760 })
        w.requestActivate()
        tryVerify(() => w.active)
        const engine = findChild(w, "engine")
        engine.loadFake("kosmos2", answer)
        tryCompare(engine, "state", EngineController.Ready)
        return w
    }

    // What the views show: the regions on the canvas (id, kind, box) and the chat's messages.
    function shown(w) {
        const session = findChild(w, "session")
        const model = session.regions
        const regions = []
        for (let i = 0; i < model.rowCount(); ++i) {
            const id = model.data(model.index(i, 0), Qt.UserRole + 1)
            const r = session.region(id)
            regions.push([id, r.kind, Math.round(r.box.x), Math.round(r.box.y), Math.round(r.box.width), Math.round(r.box.height)])
        }
        regions.sort()
        const list = findChild(w, "messageList")
        const chat = []
        for (let i = 0; i < session.chat.rowCount(); ++i)
            chat.push(session.chat.data(session.chat.index(i, 0), Qt.UserRole + 2))
        return JSON.stringify({ image: session.currentImage, regions: regions, chat: chat, rows: list.count })
    }

    function test_recordSaveLoadPresent() {
        const w = makeWindow()
        const session = findChild(w, "session")
        const presenter = findChild(w, "presenter")
        session.file.clear()
        const live = []
        const step = (f) => { f(); wait(20); live.push(shown(w)) }
        step(() => verify(session.addImage("qrc:/demo/images/demo-shapes.png")))
        let box = ""
        step(() => { box = session.addBox(Qt.rect(10, 10, 40, 40)) })
        step(() => session.setRegionBox(box, Qt.rect(12, 14, 50, 44)))
        step(() => session.addMark(Qt.point(60, 60)))
        let gone = ""
        step(() => { gone = session.addBox(Qt.rect(100, 20, 30, 30)) })
        step(() => session.deleteRegion(gone))
        wait(600) // typing the question: present mode types it in this pause
        step(() => {
            verify(session.conversation.send("What is @" + box + "?", ""))
            tryCompare(session.conversation, "answering", false)
        })
        const last = live[live.length - 1]
        verify(last.indexOf("A2") >= 0, "the answer's boxes: " + last)

        const path = session.file.defaultAutosavePath().replace(/[^/]*$/, "present-test.gcsession")
        verify(session.file.saveToPath(path), session.lastError)
        session.file.clear()
        verify(session.file.openPath(path), session.lastError)
        compare(shown(w), last)

        verify(presenter.start(false))
        verify(presenter.active)
        const replayed = [shown(w)]
        let partial = false
        while (presenter.eventIndex < presenter.eventCount) {
            const before = presenter.eventIndex
            presenter.next()
            verify(presenter.eventIndex > before)
            replayed.push(shown(w))
            const s = JSON.parse(replayed[replayed.length - 1])
            const newest = s.chat.length ? s.chat[s.chat.length - 1] : ""
            partial = partial || (s.chat.length === 2 && newest.length > 0 && newest !== JSON.parse(last).chat[1])
        }
        verify(partial, "the answer streams in")
        compare(replayed[replayed.length - 1], last)
        // every state the user saw, in the order they saw it
        let at = 0
        for (const state of live) {
            while (at < replayed.length && replayed[at] !== state)
                ++at
            verify(at < replayed.length, "replayed: " + state)
        }
        // back one event, and to a question being typed
        presenter.previous()
        compare(shown(w), replayed[replayed.length - 2])
        const turns = presenter.turns
        compare(turns.length, 1)
        presenter.seek(turns[0].time + 200)
        const draft = findChild(w, "messageInput").text
        const question = "What is @" + box + "?"
        verify(draft.length > 0 && draft.length < question.length && question.startsWith(draft), draft)

        presenter.stop()
        verify(!presenter.active)
        compare(shown(w), last)
        w.destroy()
    }

    // F5 presents from the start, the arrows step, Esc leaves; a hidden turn is not presented.
    function test_keysAndHiddenTurns() {
        const w = makeWindow()
        const session = findChild(w, "session")
        const presenter = findChild(w, "presenter")
        session.file.clear()
        verify(session.addImage("qrc:/demo/images/demo-shapes.png"))
        verify(session.conversation.send("Describe it.", ""))
        tryCompare(session.conversation, "answering", false)
        const last = shown(w)
        keyClick(Qt.Key_F5)
        verify(presenter.active)
        verify(findChild(w, "presentView").visible)
        keyClick(Qt.Key_Right)
        verify(!presenter.playing)
        const one = presenter.eventIndex
        keyClick(Qt.Key_Right)
        verify(presenter.eventIndex > one)
        keyClick(Qt.Key_Left)
        compare(presenter.eventIndex, one)
        keyClick(Qt.Key_Escape)
        verify(!presenter.active)
        compare(shown(w), last)

        compare(session.recording.turns.length, 1)
        session.recording.setTurnHidden(0, 0, true)
        verify(presenter.start(false))
        compare(presenter.turns.length, 0)
        presenter.seek(presenter.duration)
        compare(session.chat.rowCount(), 0)
        presenter.stop()
        compare(shown(w), last)
        w.destroy()
    }
}
