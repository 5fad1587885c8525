import QtQuick
import QtTest
import GroundChat
import GroundChat.Core

// The real canvas and chat views against a scripted engine (no model weights needed).
Item {
    id: root
    width: 1400
    height: 700

    readonly property string answer: "<grounding> An image of<phrase> a red circle</phrase><object>"
        + "<patch_index_0164><patch_index_0491></object> and<phrase> a blue square</phrase><object>"
        + "<patch_index_0059><patch_index_0529></object>."

    EngineController { id: engine }
    SegmentController { id: segmenter }
    Session { id: session; engine: engine; segmenter: segmenter }
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
    SignalSpy { id: added; target: session; signalName: "regionAdded" }

    TestCase {
        name: "Canvas"
        when: windowShown

        function init() {
            session.clear()
            verify(session.addImage("qrc:/demo/images/demo-shapes.png"))
            compare(session.currentImageSize, Qt.size(640, 427))
            canvas.tool = "box"
            added.clear()
        }

        function drawBox(ax, ay, bx, by) {
            // image pixels -> view, then a real mouse drag
            const a = canvas.toView(ax, ay), b = canvas.toView(bx, by)
            mousePress(canvas, a.x, a.y)
            mouseMove(canvas, (a.x + b.x) / 2, (a.y + b.y) / 2)
            mouseMove(canvas, b.x, b.y)
            mouseRelease(canvas, b.x, b.y)
        }

        function test_boxIsPixelExactAtAnyZoom() {
            canvas.zoom = 1; canvas.offsetX = 10; canvas.offsetY = 20
            drawBox(40, 30, 150, 120)
            canvas.zoom = 3.7; canvas.offsetX = 0; canvas.offsetY = 0
            drawBox(40, 30, 150, 120)
            compare(session.regions.rowCount(), 2)
            const r1 = session.region("R1").box, r2 = session.region("R2").box
            compare(r1, Qt.rect(40, 30, 110, 90))
            fuzzyCompare(r2.x, r1.x, 1e-9)
            fuzzyCompare(r2.y, r1.y, 1e-9)
            fuzzyCompare(r2.width, r1.width, 1e-9)
            fuzzyCompare(r2.height, r1.height, 1e-9)
            // the drawn item sits where the region is, at this zoom
            const item = findChild(canvas, "region_R2")
            verify(item)
            fuzzyCompare(item.x, 40 * 3.7, 1e-6)
            fuzzyCompare(item.width, 110 * 3.7, 1e-6)
        }

        function test_wheelZoomKeepsThePointUnderTheCursor() {
            canvas.fit()
            const before = canvas.toImage(300, 200)
            canvas.zoomAt(2.5, 300, 200)
            const after = canvas.toImage(300, 200)
            fuzzyCompare(after.x, before.x, 1e-9)
            fuzzyCompare(after.y, before.y, 1e-9)
        }

        function test_pointsAndMarks() {
            canvas.fit()
            canvas.tool = "point"
            const p = canvas.toView(100, 100)
            mouseClick(canvas, p.x, p.y)
            mouseClick(canvas, p.x + 10, p.y, Qt.LeftButton, Qt.ShiftModifier)
            canvas.tool = "mark"
            mouseClick(canvas, p.x + 50, p.y + 50)
            compare(session.regions.rowCount(), 3)
            compare(session.region("R1").positive, true)
            compare(session.region("R2").positive, false)
            compare(session.region("M1").markNumber, 1)
        }

        function test_chipIsWrittenInTheDialect() {
            canvas.fit()
            drawBox(80, 70, 221, 211)
            const input = findChild(chat, "messageInput")
            input.text = "what is @R1?"
            compare(session.chipsIn(input.text).length, 1)
            compare(session.previewPrompt(input.text, ""),
                    "<grounding>Question: what is <phrase>this region</phrase><object><patch_index_0164><patch_index_0491></object>? Answer:")
        }

        function test_streamedAnswerOverlaysInOrderAndLinks() {
            engine.loadModel("fake", "kosmos2|" + root.answer)
            tryCompare(engine, "state", EngineController.Ready)
            const input = findChild(chat, "messageInput")
            input.text = "<grounding> An image of"
            mouseClick(findChild(chat, "sendButton"))
            verify(session.answering)
            tryCompare(session, "answering", false, 10000)
            const ids = []
            for (let i = 0; i < added.count; ++i)
                if (added.signalArguments[i][1] && ids.indexOf(added.signalArguments[i][0]) < 0)
                    ids.push(added.signalArguments[i][0])
            compare(ids, ["A1", "A2"])
            verify(findChild(canvas, "region_A1"))
            verify(findChild(canvas, "region_A2"))
            compare(session.chat.rowCount(), 2)

            // phrase -> region
            session.hoverEntity(1, 1)
            verify(findChild(canvas, "region_A2").highlighted)
            verify(!findChild(canvas, "region_A1").highlighted)
            // region -> phrase: hovering the drawn region
            session.clearHover()
            canvas.fit()
            const box = session.region("A1").box
            const c = canvas.toView(box.x + box.width / 2, box.y + box.height / 2)
            mouseMove(canvas, c.x, c.y)
            tryCompare(session, "highlightedEntity", "1:0")

            // the turn undoes and redoes as one step
            session.undo()
            compare(session.chat.rowCount(), 0)
            verify(!findChild(canvas, "region_A1"))
            session.redo()
            compare(session.chat.rowCount(), 2)
            verify(findChild(canvas, "region_A1"))
        }

        function test_maskToolTurnsABoxIntoAMask() {
            canvas.fit()
            canvas.tool = "mask"
            // a box around the red circle (80,70)-(221,211) with some margin
            drawBox(60, 50, 240, 230)
            tryVerify(() => session.regions.rowCount() === 1, 20000)
            const r = session.region("R1")
            compare(r.kind, "mask")
            verify(r.maskSource.startsWith("image://gcmask/"))
            // the mask hugs the circle, not the box that was drawn
            verify(Math.abs(r.box.x - 80) <= 4, "x " + r.box.x)
            verify(Math.abs(r.box.y - 70) <= 4, "y " + r.box.y)
            verify(Math.abs(r.box.x + r.box.width - 221) <= 4, "right " + (r.box.x + r.box.width))
            verify(Math.abs(r.box.y + r.box.height - 211) <= 4, "bottom " + (r.box.y + r.box.height))
            session.undo()
            compare(session.regions.rowCount(), 0)
        }

        function test_masksForAnAnswer() {
            engine.loadModel("fake", "kosmos2|" + root.answer)
            tryCompare(engine, "state", EngineController.Ready)
            verify(session.send("<grounding> An image of", ""))
            tryCompare(session, "answering", false, 10000)
            compare(session.masksForAnswer(1), 2)
            tryVerify(() => session.region("A1").maskSource.length > 0 && session.region("A2").maskSource.length > 0, 30000)
            compare(session.region("A1").kind, "box") // the answer's box stays; the mask is added to it
        }

        function test_autoMasksSettingMasksEveryAnswer() {
            engine.loadModel("fake", "kosmos2|" + root.answer)
            tryCompare(engine, "state", EngineController.Ready)
            session.autoMasks = true
            verify(session.send("<grounding> An image of", ""))
            tryCompare(session, "answering", false, 10000)
            tryVerify(() => session.region("A1").maskSource.length > 0 && session.region("A2").maskSource.length > 0, 30000)
            session.autoMasks = false
        }

        function test_automaticMarksAreLiveCitableObjects() {
            verify(session.autoMarks(12))
            tryVerify(() => session.regions.rowCount() >= 3, 30000)
            const n = session.regions.rowCount()
            verify(n <= 12)
            const m1 = session.region("M1")
            compare(m1.kind, "mark")
            compare(m1.markNumber, 1)
            verify(m1.maskSource.length > 0)
            // the number sits inside its region's box
            verify(m1.points[0].x >= m1.box.x && m1.points[0].x <= m1.box.x + m1.box.width)
            // "[1]" in an answer is a link to mark 1, "@1" in a message cites it
            verify(session.chipsIn("what is @1?")[0].valid)
            session.undo()
            compare(session.regions.rowCount(), 0)
        }

        function test_undoRedoDrawing() {
            canvas.fit()
            drawBox(10, 10, 60, 60)
            drawBox(100, 100, 160, 160)
            compare(session.regions.rowCount(), 2)
            session.undo()
            compare(session.regions.rowCount(), 1)
            session.redo()
            compare(session.regions.rowCount(), 2)
            canvas.selectedRegion = "R1"
            canvas.forceActiveFocus()
            keyClick(Qt.Key_Delete)
            compare(session.regions.rowCount(), 1)
            session.undo()
            compare(session.regions.rowCount(), 2)
        }
    }
}
