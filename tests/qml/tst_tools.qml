import QtQuick
import QtTest
import GroundChat
import GroundChat.Core

// Tools ▸ Read text in the real chat panel with the built-in demo model: the run shows in the chat (what ran,
// where, how long, what it read), the text read can go with the next message, and undo takes the run away.
Item {
    id: root
    width: 700
    height: 700

    EngineController { id: engine }
    Session { id: session; conversation.engine: engine }
    SessionOcr { id: ocr; session: session; languages: "eng" }
    ChatPanel {
        id: chat
        anchors.fill: parent
        session: session
        engine: engine
        ocr: ocr
    }

    TestCase {
        name: "Tools"
        when: windowShown

        function initTestCase() {
            engine.loadFolder(engine.demoModelPath())
            tryCompare(engine, "state", EngineController.Ready, 60000)
        }

        function init() {
            session.file.clear()
            verify(session.addImage(Qt.resolvedUrl("../data/ocr/receipt.png")))
        }

        function readText(region) {
            verify(ocr.readText(region))
            tryCompare(ocr, "running", false, 60000)
        }

        function summaries() {
            const out = []
            const list = findChild(chat, "messageList")
            for (let i = 0; i < list.count; ++i) {
                list.positionViewAtIndex(i, ListView.Contain)
                tryVerify(() => list.itemAtIndex(i) !== null)
                const item = list.itemAtIndex(i)
                for (const s of findChildren(item, "toolRunSummary"))
                    out.push(s.text)
            }
            return out
        }

        // every item below `item` with that objectName
        function findChildren(item, name) {
            let found = item.objectName === name ? [item] : []
            const children = item.children
            for (let k = 0; children && k < children.length; ++k)
                found = found.concat(findChildren(children[k], name))
            return found
        }

        function test_aRunShowsInTheChatAndUndoes() {
            readText("")
            compare(findChild(chat, "messageList").count, 1)
            const shown = summaries()
            compare(shown.length, 1)
            verify(shown[0].indexOf("Read text (OCR) · on the whole image · ") >= 0, shown[0])
            verify(/\d+ ms · 8 region/.test(shown[0]), shown[0])

            const item = findChild(chat, "messageList").itemAtIndex(0)
            verify(item)
            const output = findChildren(item, "toolRunOutput")[0]
            verify(!output.visible)
            mouseClick(findChildren(item, "toolRunShow")[0])
            verify(output.visible)
            compare(output.text, "Total due 42 dollars\nThank you")

            session.undo()
            compare(findChild(chat, "messageList").count, 0)
            compare(session.regions.rowCount(), 0)
        }

        function test_aRegionRunSaysWhere() {
            const id = session.addBox(Qt.rect(10, 100, 390, 80))
            readText(id)
            const shown = summaries()
            verify(shown[0].indexOf("Read text (OCR) · on 10, 100 – 400, 180 · ") >= 0, shown[0])
        }

        function test_theTextReadGoesWithTheNextMessage() {
            const hintBox = findChild(chat, "ocrHintBox")
            verify(!hintBox.visible, "nothing read yet")
            readText("")
            tryCompare(hintBox, "visible", true)
            hintBox.checked = true
            findChild(chat, "messageInput").text = "What is the total?"
            const send = findChild(chat, "sendButton")
            verify(send.enabled)
            mouseClick(send)
            tryCompare(session.conversation, "answering", false, 60000)
            const messages = session.chat
            compare(messages.rowCount(), 3)
            const prompt = messages.data(messages.index(1, 0), Qt.UserRole + 5)
            verify(prompt.startsWith("Text read in the image (OCR):\ntext at <object><patch_index_"), prompt)
            // then the model's own question (the demo model's chat format)
            verify(prompt.endsWith("\"Thank you\"\n\n<grounding>Question: What is the total? Answer:"), prompt)
            const shown = summaries()
            compare(shown.length, 2)
            verify(shown[1].startsWith("⚙ Text read, given to the model · on the whole image · 2 region"), shown[1])
        }

        function test_noTextNoChoice() {
            verify(!findChild(chat, "ocrHintBox").visible)
            compare(ocr.hint(), "")
        }
    }
}
