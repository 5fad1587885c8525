import QtQuick
import QtTest
import GroundChat
import GroundChat.Core

// Florence-2 in the real canvas and chat views, against scripted engines that answer with real Florence-2
// answers (transformers' tests, ../shared/fixtures/dialect-examples.jsonl): the task picker says what each
// task takes and the message box follows it; a beam search shows its steps, then its answer; boxes, OCR quads
// and segmentation masks are drawn as such.
Item {
    id: root
    width: 1400
    height: 700

    readonly property string odAnswer: "car<loc_53><loc_334><loc_933><loc_775>"
    readonly property string ocrAnswer: "</s><s><s><s>中新中<loc_533><loc_68><loc_653><loc_68><loc_653><loc_128><loc_533>"
        + "<loc_128>88<loc_1><loc_103><loc_19><loc_103><loc_19><loc_125><loc_1><loc_125></s>"
    readonly property string polygonAnswer: "<loc_279><loc_379><loc_282><loc_379><loc_290><loc_373><loc_293><loc_373>"
        + "<loc_298><loc_369><loc_301><loc_369>"

    EngineController { id: engine }
    Session { id: session; conversation.engine: engine }
    ImageCanvas {
        id: canvas
        width: 800
        height: 600
        session: session
    }
    ChatPanel {
        id: chat
        x: 800
        width: 600
        height: 700
        session: session
        engine: engine
    }

    TestCase {
        name: "Florence"
        when: windowShown

        function load(searchSteps, answer) {
            engine.loadFake("florence2", answer, searchSteps)
            tryCompare(engine, "state", EngineController.Ready)
            compare(engine.dialect, "florence2")
        }

        function init() {
            session.file.clear()
            verify(session.addImage("qrc:/demo/images/demo-shapes.png"))
            canvas.tool = "box"
            findChild(chat, "messageInput").text = ""
        }

        function choose(id) {
            const box = findChild(chat, "taskBox")
            for (let i = 0; i < box.count; ++i)
                if (box.valueAt(i) === id) {
                    box.currentIndex = i
                    return box
                }
            fail("no task " + id)
        }

        function sendEmpty(task) {
            choose(task)
            const send = findChild(chat, "sendButton")
            verify(send.enabled, "a task that takes nothing is sent with an empty message")
            mouseClick(send)
        }

        function bubble(row) {
            const list = findChild(chat, "messageList")
            tryVerify(() => list.count > row && list.itemAtIndex(row) !== null)
            return list.itemAtIndex(row)
        }

        function test_pickerOpensOnATrainedTask() {
            load(0, root.odAnswer)
            const box = findChild(chat, "taskBox")
            tryVerify(() => box.count > 1)
            verify(box.model[box.currentIndex].trained, box.currentText)
            verify(box.currentIndex > 0, "Florence-2's free chat is not what it was trained for")
        }

        function test_pickerSaysWhatEachTaskTakes() {
            load(0, root.odAnswer)
            const box = choose("detect")
            box.popup.open()
            tryVerify(() => box.popup.opened)
            const list = box.popup.contentItem
            const detect = list.itemAtIndex(box.currentIndex)
            compare(detect.text, "Detect objects — nothing to type")
            box.popup.close()
            const input = findChild(chat, "messageInput")
            compare(input.placeholderText, "“Detect objects” needs nothing typed: press Send.")
            choose("segment")
            compare(input.placeholderText, "“Segment …” needs a phrase: type it here.")
            verify(!findChild(chat, "sendButton").enabled)
            input.text = "the red circle"
            verify(findChild(chat, "sendButton").enabled)
            compare(findChild(chat, "promptPreview").text, "<REFERRING_EXPRESSION_SEGMENTATION>the red circle")
            input.text = ""

            // a region task takes the box drawn last, and says so when there is none
            choose("region")
            verify(!findChild(chat, "sendButton").enabled)
            const problem = findChild(chat, "promptProblem")
            verify(problem.visible)
            verify(problem.text.indexOf("draw a box") >= 0, problem.text)
            canvas.fit()
            const a = canvas.toView(80, 70), b = canvas.toView(221, 211)
            mousePress(canvas, a.x, a.y)
            mouseMove(canvas, (a.x + b.x) / 2, (a.y + b.y) / 2)
            mouseMove(canvas, b.x, b.y)
            mouseRelease(canvas, b.x, b.y)
            tryVerify(() => session.regions.rowCount() === 1)
            tryVerify(() => findChild(chat, "sendButton").enabled)
            verify(findChild(chat, "promptPreview").text.startsWith("<REGION_TO_DESCRIPTION><loc_"),
                   findChild(chat, "promptPreview").text)
        }

        function test_beamSearchShowsItsStepsThenTheAnswer() {
            load(300, root.odAnswer)
            sendEmpty("detect")
            const answer = bubble(1)
            const progress = findChild(answer, "searchProgress")
            tryVerify(() => progress.visible)
            const text = findChild(answer, "searchProgressText").text
            verify(/step \d+ of at most 1024/.test(text), text)
            verify(text.indexOf("shown when the search ends") >= 0, text)
            tryCompare(session.conversation, "answering", false, 20000)
            verify(!progress.visible)
            verify(findChild(answer, "messageText").text.indexOf("car") >= 0)
            const car = findChild(canvas, "region_A1")
            verify(car, "the box is drawn")
            compare(car.kind, "box")
            compare(car.label, "car")
        }

        function test_stopInMidSearchKeepsTheBestFoundSoFar() {
            load(300, root.odAnswer)
            sendEmpty("detect")
            const answer = bubble(1)
            tryVerify(() => findChild(answer, "searchProgress").visible)
            mouseClick(findChild(chat, "stopButton"))
            tryCompare(session.conversation, "answering", false, 20000)
            verify(answer.cancelled)
            compare(answer.error, "")
            verify(findChild(answer, "messageText").text.indexOf("car") >= 0)
            verify(findChild(canvas, "region_A1"))
        }

        function test_ocrQuadsAreDrawnAsQuads() {
            load(0, root.ocrAnswer)
            sendEmpty("ocr-regions")
            tryCompare(session.conversation, "answering", false, 20000)
            const word = findChild(canvas, "region_A1")
            verify(word)
            compare(word.kind, "quad")
            compare(word.points.length, 4)
            compare(word.label, "中新中")
            verify(findChild(canvas, "region_A2"))
        }

        function test_segmentationPolygonsAreDrawnAsMasks() {
            load(0, root.polygonAnswer)
            choose("segment")
            findChild(chat, "messageInput").text = "the red circle"
            mouseClick(findChild(chat, "sendButton"))
            tryCompare(session.conversation, "answering", false, 20000)
            const mask = findChild(canvas, "region_A1")
            verify(mask)
            compare(mask.kind, "mask")
            verify(mask.maskSource.length > 0, "its pixels are drawn")
        }
    }
}
