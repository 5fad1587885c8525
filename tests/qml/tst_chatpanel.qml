import QtQuick
import QtTest
import GroundChat
import GroundChat.Core

// The real chat panel with the built-in demo model: its presets are the tasks it was trained on, and a
// region question without a region says so before anything is sent.
Item {
    id: root
    width: 700
    height: 600

    EngineController { id: engine }
    Session { id: session; conversation.engine: engine }
    ChatPanel {
        id: chat
        anchors.fill: parent
        session: session
        engine: engine
    }

    TestCase {
        name: "ChatPanel"
        when: windowShown

        function initTestCase() {
            verify(engine.demoModelPath().length > 0, "the demo model is part of the source tree")
            engine.loadFolder(engine.demoModelPath())
            tryCompare(engine, "state", EngineController.Ready, 60000)
        }

        function init() {
            session.file.clear()
            verify(session.addImage("qrc:/demo/images/demo-shapes.png"))
            findChild(chat, "messageInput").text = ""
        }

        function presetIndex(box, id) {
            for (let i = 0; i < box.count; ++i)
                if (box.valueAt(i) === id)
                    return i
            return -1
        }

        function test_presetsAreWhatTheModelLearnt() {
            const box = findChild(chat, "taskBox")
            for (const id of ["", "grounded-caption", "refer", "region", "count"]) {
                const i = presetIndex(box, id)
                verify(i >= 0, "preset " + id)
                verify(box.textAt(i).indexOf("not trained") < 0, box.textAt(i))
            }
            compare(box.textAt(presetIndex(box, "")), "Free chat")
            compare(box.textAt(presetIndex(box, "count")), "Count")
            const detailed = presetIndex(box, "detailed")
            verify(detailed >= 0)
            verify(box.textAt(detailed).indexOf("not trained") >= 0, box.textAt(detailed))
        }

        TextMetrics { id: metrics }

        function test_presetNamesAreNotClipped() {
            const box = findChild(chat, "taskBox")
            metrics.font = box.font
            for (let i = 0; i < box.count; ++i) {
                box.currentIndex = i
                metrics.text = box.displayText
                const room = box.contentItem.width - box.contentItem.leftPadding - box.contentItem.rightPadding
                verify(room >= metrics.advanceWidth, box.displayText + ": " + room + " < " + metrics.advanceWidth)
            }
        }

        // The composer row (task, tiling, the prompt's preview) never makes the panel wider than it is: in the
        // main window's narrowest chat column (340 px), with the longest task name chosen and a long message,
        // the row, the answers and the Send button stay inside the panel, and a longer prompt asks for no more
        // room.
        function test_composerFitsANarrowPanel() {
            const box = findChild(chat, "taskBox")
            const input = findChild(chat, "messageInput")
            const row = findChild(chat, "composerRow")
            metrics.font = box.font
            let longest = 0
            for (let i = 0; i < box.count; ++i) {
                metrics.text = box.textAt(i)
                const w = metrics.advanceWidth
                metrics.text = box.textAt(longest)
                if (w > metrics.advanceWidth)
                    longest = i
            }
            box.currentIndex = longest
            chat.anchors.fill = undefined
            chat.width = 340
            try {
                input.text = "what is this?"
                waitForRendering(chat)
                const rowWidth = row.implicitWidth
                input.text = "what is " + "the very small thing ".repeat(40) + "here?"
                waitForRendering(chat)
                compare(row.implicitWidth, rowWidth, "the preview's text does not widen the row")
                verify(row.width <= chat.availableWidth, row.width + " > " + chat.availableWidth)
                const send = findChild(chat, "sendButton")
                const right = send.mapToItem(chat, send.width, 0).x
                verify(right <= chat.width, "Send ends at " + right + " in a panel " + chat.width + " wide")
                const list = findChild(chat, "messageList")
                verify(list.width <= chat.availableWidth, list.width + " > " + chat.availableWidth)
            } finally {
                chat.anchors.fill = root
            }
        }

        function test_regionPresetWithoutRegionSaysSoBeforeSending() {
            const box = findChild(chat, "taskBox")
            const input = findChild(chat, "messageInput")
            const send = findChild(chat, "sendButton")
            const problem = findChild(chat, "promptProblem")
            box.currentIndex = presetIndex(box, "region")
            verify(!send.enabled, "nothing to describe yet")
            verify(problem.visible)
            verify(problem.text.indexOf("@R1") >= 0, problem.text)
            // Enter does not send it either
            input.forceActiveFocus()
            keyClick(Qt.Key_Return)
            compare(session.chat.rowCount(), 0)

            const id = session.addBox(Qt.rect(80, 70, 141, 141))
            input.text = "@" + id
            verify(send.enabled)
            verify(!problem.visible)
            compare(findChild(chat, "promptPreview").text,
                    "<grounding><phrase> It</phrase><object><patch_index_0164><patch_index_0491></object> is")
            // the region goes away: the hint comes back
            session.undo()
            verify(!send.enabled)
            verify(problem.visible)
        }

        function test_countingHasItsPreset() {
            const box = findChild(chat, "taskBox")
            const input = findChild(chat, "messageInput")
            box.currentIndex = presetIndex(box, "count")
            input.text = "circles"
            compare(findChild(chat, "promptPreview").text, "<grounding>Question: How many circles are there? Answer:")
            verify(findChild(chat, "sendButton").enabled)
        }

        // The phrase the session highlights is underlined in its message alone, and pointing at a phrase's
        // link highlights that phrase: the view gets both as numbers from the chat model.
        function test_phrasesAndTheirHighlight() {
            verify(session.file.openAsUntitled(":/demo/demo.gcsession"))
            const list = findChild(chat, "messageList")
            tryCompare(list, "count", 2)
            const question = list.itemAtIndex(0)
            const answer = list.itemAtIndex(1)
            verify(answer.entities.length >= 2, "the demo answer grounds several phrases")
            const text = findChild(answer, "messageText")
            compare(answer.highlightedEntity, -1)
            verify(text.text.indexOf("underline") < 0)

            session.hoverEntity(1, 1)
            compare(answer.highlightedEntity, 1)
            compare(question.highlightedEntity, -1)
            compare(text.text.split("underline").length - 1, 1, "one phrase is underlined")

            text.linkHovered("entity:0")
            compare(session.highlightedMessage, 1)
            compare(session.highlightedEntity, 0)
            compare(answer.highlightedEntity, 0)
            text.linkHovered("")
            compare(session.highlightedMessage, -1)
            compare(session.highlightedEntity, -1)
            compare(answer.highlightedEntity, -1)
            verify(text.text.indexOf("underline") < 0)
        }
    }
}
