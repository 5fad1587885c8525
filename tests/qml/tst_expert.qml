import QtQuick
import QtTest
import GroundChat
import GroundChat.Core

// The grounding expert in the real views: a model that answers in plain text (a scripted one, as a server model
// would), the expert's boxes on the canvas dashed and marked ⚙, "expert" in the region list, the run on the answer
// in the chat, and Tools ▸ Ground the answer.
Item {
    id: root
    width: 1000
    height: 700

    EngineController { id: engine }
    Session { id: session; conversation.engine: engine }
    SessionExpert { id: expert; session: session; model: "demo"; automatic: true }
    ChatPanel {
        id: chat
        width: 500
        height: parent.height
        session: session
        engine: engine
        expert: expert
    }
    ImageCanvas {
        id: canvas
        x: 500
        width: 500
        height: 400
        session: session
    }
    RegionList {
        id: list
        x: 500
        y: 400
        width: 500
        height: 300
        session: session
    }
    ToolsMenu { id: tools; session: session; expert: expert }

    TestCase {
        name: "Expert"
        when: windowShown

        function initTestCase() {
            engine.loadFake("qwen2.5-vl", "I can see a red circle and a blue square.")
            tryCompare(engine, "state", EngineController.Ready, 10000)
        }

        function init() {
            session.file.clear()
            verify(session.addImage("qrc:/demo/images/demo-shapes.png"))
        }

        function summaries() {
            const out = []
            const list = findChild(chat, "messageList")
            for (let i = 0; i < list.count; ++i) {
                list.positionViewAtIndex(i, ListView.Contain)
                tryVerify(() => list.itemAtIndex(i) !== null)
                for (const s of findChildren(list.itemAtIndex(i), "toolRunSummary"))
                    out.push(s.text)
            }
            return out
        }

        function findChildren(item, name) {
            let found = item.objectName === name ? [item] : []
            const children = item.children
            for (let k = 0; children && k < children.length; ++k)
                found = found.concat(findChildren(children[k], name))
            return found
        }

        function ask() {
            verify(session.conversation.send("What is in the picture?", ""))
            tryCompare(session.conversation, "answering", false, 10000)
        }

        function test_aPlainAnswerIsGroundedAndMarked() {
            expert.automatic = true
            ask()
            tryCompare(expert, "running", false, 60000)
            verify(session.regions.rowCount() > 0, "the expert boxed the answer's phrases")
            const shown = summaries()
            compare(shown.length, 1)
            verify(shown[0].startsWith("⚙ Grounding expert (demo model) · on the whole image · "), shown[0])
            // on the canvas: dashed, with a gear in the label
            const first = session.regions.data(session.regions.index(0, 0), Qt.UserRole + 1)
            const shape = findChild(canvas, "region_" + first)
            verify(shape, first)
            verify(findChild(shape, "expertOutline").visible)
            tryVerify(() => findChild(canvas, "label_" + first) !== null)
            verify(shape.labelText.startsWith("⚙ " + first), shape.labelText)
            // in the region list: "expert"
            tryVerify(() => findChildren(list, "regionSource").length > 0)
            compare(findChildren(list, "regionSource")[0].text, "expert")
            // one undo takes the answer and the boxes
            session.undo()
            compare(session.regions.rowCount(), 0)
            compare(findChild(chat, "messageList").count, 0)
        }

        // an answer whose phrases all have boxes: Ground the answer is off and says why
        function test_groundTheAnswerIsOffOnABoxedAnswer() {
            expert.automatic = true
            ask()
            tryCompare(expert, "running", false, 60000)
            verify(session.regions.rowCount() >= 2, "both phrases boxed")
            tools.open()
            const item = findChild(tools, "groundAnswerItem")
            tryCompare(item, "enabled", false)
            compare(item.text, "Ground the answer — Every phrase of the answer has its boxes already.")
            tools.close()
        }

        function test_onDemandFromTheToolsMenu() {
            expert.automatic = false
            ask()
            verify(!expert.running)
            compare(session.regions.rowCount(), 0)
            tools.open()
            const item = findChild(tools, "groundAnswerItem")
            tryCompare(item, "enabled", true)
            item.triggered()
            tools.close()
            tryVerify(() => expert.running || session.regions.rowCount() > 0, 10000)
            tryCompare(expert, "running", false, 60000)
            verify(session.regions.rowCount() > 0)
            compare(session.undoText, "Ground the answer")
        }
    }
}
