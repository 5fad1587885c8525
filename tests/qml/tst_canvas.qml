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
    Session { id: session; conversation.engine: engine; masks.segmenter: segmenter }
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
    RegionList {
        id: regionList
        y: 600
        width: 480   // the window's side panel
        height: 100
        session: session
        canvas: canvas
    }
    SignalSpy { id: added; target: session; signalName: "regionAdded" }
    SignalSpy { id: cited; target: canvas; signalName: "regionCited" }

    TestCase {
        name: "Canvas"
        when: windowShown

        function init() {
            session.file.clear()
            verify(session.addImage("qrc:/demo/images/demo-shapes.png"))
            compare(session.currentImageSize, Qt.size(640, 427))
            canvas.tool = "box"
            canvas.width = 800
            canvas.height = 600
            canvas.showLabels = true
            canvas.regionItemLimit = 200
            added.clear()
            cited.clear()
        }

        function answerWithBoxes() {
            engine.loadFake("kosmos2", root.answer)
            tryCompare(engine, "state", EngineController.Ready)
            verify(session.conversation.send("<grounding> An image of", ""))
            tryCompare(session.conversation, "answering", false, 10000)
        }

        // a label's rect in canvas coordinates, once the layout has placed it
        function labelRect(id) {
            const label = findChild(canvas, "label_" + id)
            verify(label, "label of " + id)
            tryVerify(() => label.visible)
            const p = label.mapToItem(canvas, 0, 0)
            return Qt.rect(p.x, p.y, label.width, label.height)
        }
        function centre(r) { return Qt.point(r.x + r.width / 2, r.y + r.height / 2) }
        function intersects(a, b) {
            return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
        }

        function drawBox(ax, ay, bx, by) {
            // image pixels -> view, then a real mouse drag
            const a = canvas.toView(ax, ay), b = canvas.toView(bx, by)
            mousePress(canvas, a.x, a.y)
            mouseMove(canvas, (a.x + b.x) / 2, (a.y + b.y) / 2)
            mouseMove(canvas, b.x, b.y)
            mouseRelease(canvas, b.x, b.y)
        }

        // Beyond the limit, regions in view get items up to it and the others are painted; selecting a painted one
        // (a click on it, or in the list) gives it an item with its handles; zooming in gives every region in view one.
        function test_manyRegionsArePaintedBeyondTheItemLimit() {
            canvas.fit()
            canvas.regionItemLimit = 3
            for (let i = 0; i < 6; ++i)
                session.addBox(Qt.rect(20 + i * 100, 40, 60, 60))
            const items = () => ["R1", "R2", "R3", "R4", "R5", "R6"].filter((id) => findChild(canvas, "region_" + id) !== null)
            tryCompare(items(), "length", 3)
            compare(items(), ["R1", "R2", "R3"])
            const layer = findChild(canvas, "regionLayer")
            tryCompare(layer, "painted", 3)
            verify(findChild(canvas, "regionWindowNote").visible)

            canvas.tool = "select"
            const r5 = canvas.toView(20 + 4 * 100 + 30, 70)
            mouseClick(canvas, r5.x, r5.y)
            compare(canvas.selectedRegion, "R5")
            tryVerify(() => findChild(canvas, "region_R5") !== null)
            tryCompare(layer, "painted", 3) // R5 has an item now, one of R1..R3 is painted instead

            canvas.selectedRegion = ""
            mouseMove(root, 1000, 650) // off the canvas: nothing hovered, so nothing highlighted
            tryCompare(session.highlightedRegions, "length", 0)
            canvas.zoom = 2 * canvas.zoom
            const origin = canvas.toView(20 + 3 * 100, 0)
            canvas.offsetX -= origin.x // R4 at the left edge: R4, R5, R6 fill the view
            tryVerify(() => ["R4", "R5", "R6"].every((id) => findChild(canvas, "region_" + id) !== null))
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
            compare(session.conversation.chipsIn(input.text).length, 1)
            compare(session.conversation.previewPrompt(input.text, ""),
                    "<grounding>Question: what is <phrase>this region</phrase><object><patch_index_0164><patch_index_0491></object>? Answer:")
        }

        function test_streamedAnswerOverlaysInOrderAndLinks() {
            engine.loadFake("kosmos2", root.answer)
            tryCompare(engine, "state", EngineController.Ready)
            const input = findChild(chat, "messageInput")
            input.text = "<grounding> An image of"
            mouseClick(findChild(chat, "sendButton"))
            verify(session.conversation.answering)
            tryCompare(session.conversation, "answering", false, 10000)
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
            tryCompare(session, "highlightedMessage", 1)
            compare(session.highlightedEntity, 0)

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

        // One click near the blue square's corner (380,60)-(560,220) masks the whole square; with the mask
        // selected, a click on the green triangle (240,250)-(420,400) adds it, a Shift-click takes it out again.
        function test_maskToolClicksMakeAndRefineAMask() {
            canvas.fit()
            canvas.tool = "mask"
            const click = (x, y, modifiers) => {
                const v = canvas.toView(x, y)
                mousePress(canvas, v.x, v.y, Qt.LeftButton, modifiers)
                mouseRelease(canvas, v.x, v.y, Qt.LeftButton, modifiers)
            }
            const hugs = (b, x1, y1, x2, y2) => Math.abs(b.x - x1) <= 4 && Math.abs(b.y - y1) <= 4
                && Math.abs(b.x + b.width - x2) <= 4 && Math.abs(b.y + b.height - y2) <= 4
            click(400, 80, Qt.NoModifier)
            tryVerify(() => added.count === 1, 20000)
            const square = session.region("R1").box
            verify(hugs(square, 380, 60, 560, 220), "square " + square)
            canvas.selectedRegion = "R1"
            click(330, 370, Qt.NoModifier)
            tryVerify(() => added.count === 2, 20000) // each mask that lands, a refined one too
            const both = session.region("R1").box
            verify(hugs(both, 240, 60, 560, 400), "square and triangle " + both)
            click(330, 370, Qt.ShiftModifier)
            tryVerify(() => added.count === 3, 20000)
            const again = session.region("R1").box
            verify(hugs(again, 380, 60, 560, 220), "square again " + again)
            compare(session.regions.rowCount(), 1)
        }

        function test_masksForAnAnswer() {
            engine.loadFake("kosmos2", root.answer)
            tryCompare(engine, "state", EngineController.Ready)
            verify(session.conversation.send("<grounding> An image of", ""))
            tryCompare(session.conversation, "answering", false, 10000)
            compare(session.masks.masksForAnswer(1), 2)
            tryVerify(() => session.region("A1").maskSource.length > 0 && session.region("A2").maskSource.length > 0, 30000)
            compare(session.region("A1").kind, "box") // the answer's box stays; the mask is added to it
        }

        function test_autoMasksSettingMasksEveryAnswer() {
            engine.loadFake("kosmos2", root.answer)
            tryCompare(engine, "state", EngineController.Ready)
            session.masks.autoMasks = true
            verify(session.conversation.send("<grounding> An image of", ""))
            tryCompare(session.conversation, "answering", false, 10000)
            tryVerify(() => session.region("A1").maskSource.length > 0 && session.region("A2").maskSource.length > 0, 30000)
            session.masks.autoMasks = false
        }

        function test_automaticMarksAreLiveCitableObjects() {
            verify(session.masks.autoMarks(12))
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
            verify(session.conversation.chipsIn("what is @1?")[0].valid)
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

        function test_labelsOfOverlappingBoxesDoNotCollide() {
            canvas.fit()
            drawBox(40, 30, 150, 120)
            drawBox(45, 36, 160, 130)
            drawBox(0, 0, 100, 60)     // at the image's top edge: its label cannot go above the box
            session.renameRegion("R1", "a red circle")
            session.renameRegion("R2", "the circle again")
            const rects = [labelRect("R1"), labelRect("R2"), labelRect("R3")]
            tryVerify(() => !intersects(labelRect("R1"), labelRect("R2")))
            for (let i = 0; i < 3; ++i)
                for (let j = i + 1; j < 3; ++j)
                    verify(!intersects(labelRect("R" + (i + 1)), labelRect("R" + (j + 1))),
                           "labels R" + (i + 1) + " and R" + (j + 1) + " overlap")
            // every label stays on the image
            const tl = canvas.toView(0, 0), br = canvas.toView(640, 427)
            for (const id of ["R1", "R2", "R3"]) {
                const r = labelRect(id)
                verify(r.x >= tl.x - 0.5 && r.y >= tl.y - 0.5 && r.x + r.width <= br.x + 0.5 && r.y + r.height <= br.y + 0.5,
                       id + " label leaves the image: " + r)
            }
            // a point's label keeps clear of a mark beside it, and the other way round
            canvas.tool = "point"
            const pt = canvas.toView(300, 300)
            mouseClick(canvas, pt.x, pt.y)
            canvas.tool = "mark"
            mouseClick(canvas, pt.x + 12, pt.y + 4)
            const point = findChild(canvas, "region_R4"), mark = findChild(canvas, "region_M1")
            tryVerify(() => !intersects(labelRect("R4"), mark.badge) && !intersects(labelRect("M1"), point.badge)
                            && !intersects(labelRect("R4"), labelRect("M1")))
            // still apart after zooming in, where the boxes grow but the labels do not
            canvas.zoomAt(3, 100, 100)
            tryVerify(() => !intersects(labelRect("R1"), labelRect("R2")) && !intersects(labelRect("R2"), labelRect("R3"))
                            && !intersects(labelRect("R1"), labelRect("R3")))
        }

        function test_hoverAndDoubleClickCiteInTheBoxTool() {
            canvas.fit()
            answerWithBoxes()
            canvas.tool = "box"
            const regionsBefore = session.regions.rowCount()
            // hovering an answer's region lights its phrase with every tool, the inner one of two that overlap
            const box = session.region("A2").box
            const c = canvas.toView(box.x + box.width / 2, box.y + box.height / 2)
            for (const tool of ["box", "select", "point", "mark", "polygon", "mask", "pan"]) {
                canvas.tool = tool
                mouseMove(canvas, c.x, c.y)
                tryCompare(session, "highlightedEntity", 1, 5000, tool)
                compare(session.highlightedMessage, 1, tool)
                mouseMove(canvas, 2, 2)
                tryCompare(session, "highlightedEntity", -1, 5000, tool)
                compare(session.highlightedMessage, -1, tool)
            }
            canvas.tool = "box"
            // and so does hovering its label
            const l = centre(labelRect("A1"))
            mouseMove(canvas, l.x, l.y)
            tryCompare(session, "highlightedEntity", 0)
            compare(session.highlightedMessage, 1)
            // a double-click on the region cites it and draws nothing
            mouseDoubleClickSequence(canvas, c.x, c.y)
            compare(cited.count, 1)
            compare(cited.signalArguments[0][0], "A2")
            compare(session.regions.rowCount(), regionsBefore)
            // a box drawn across a region is still a box
            drawBox(box.x + 5, box.y + 5, box.x + 40, box.y + 40)
            compare(session.regions.rowCount(), regionsBefore + 1)
            compare(cited.count, 1)
        }

        function test_doubleClickCitesInEveryTool() {
            canvas.fit()
            drawBox(80, 70, 221, 211)
            canvas.tool = "point"
            const p = canvas.toView(400, 300)
            mouseClick(canvas, p.x, p.y)
            compare(session.regions.rowCount(), 2)
            const body = canvas.toView(150, 140)
            // tools where a click does not draw: anywhere on the region
            for (const tool of ["select", "box", "pan", "polygon"]) {
                canvas.tool = tool
                cited.clear()
                mouseDoubleClickSequence(canvas, body.x, body.y)
                compare(cited.count, 1, tool)
                compare(cited.signalArguments[0][0], "R1", tool)
                compare(canvas.polygonPoints.length, 0, tool)
            }
            // click-to-draw tools: on the label (and on a point's own badge), and nothing is drawn
            const label = centre(labelRect("R1"))
            for (const tool of ["point", "mark", "mask"]) {
                canvas.tool = tool
                cited.clear()
                mouseDoubleClickSequence(canvas, label.x, label.y)
                compare(cited.count, 1, tool)
                compare(cited.signalArguments[0][0], "R1", tool)
            }
            canvas.tool = "point"
            cited.clear()
            mouseDoubleClickSequence(canvas, p.x, p.y)
            compare(cited.signalArguments[0][0], "R2")
            compare(session.regions.rowCount(), 2, "citing drew nothing")
            // a polygon under way still closes on a double-click
            canvas.tool = "polygon"
            cited.clear()
            const q = canvas.toView(300, 50), r = canvas.toView(350, 60)
            mouseClick(canvas, q.x, q.y)
            mouseClick(canvas, r.x, r.y)
            mouseDoubleClickSequence(canvas, body.x, body.y)
            compare(session.regions.rowCount(), 3)
            compare(session.region("R3").kind, "polygon")
            compare(cited.count, 0)
        }

        function test_refitsOnResizeUnlessZoomed() {
            canvas.fit()
            const fitted = (w, h) => Math.min((w - 32) / 640, (h - 32) / 427)
            canvas.height = 500          // e.g. the crash-restore bar closing, or the window resized
            fuzzyCompare(canvas.zoom, fitted(800, 500), 1e-9)
            canvas.width = 700
            fuzzyCompare(canvas.zoom, fitted(700, 500), 1e-9)
            fuzzyCompare(canvas.offsetX, (700 - 640 * canvas.zoom) / 2, 1e-9)
            // the user zoomed: resizing keeps their view
            canvas.zoomAt(2, 100, 100)
            const zoomed = canvas.zoom
            canvas.width = 760
            compare(canvas.zoom, zoomed)
            // another image (even one of the same size) is fitted again
            verify(session.addImage("qrc:/demo/scenes/scene-1.png"))
            tryVerify(() => Math.abs(canvas.zoom - Math.min((760 - 32) / session.currentImageSize.width,
                                                                (500 - 32) / session.currentImageSize.height)) < 1e-9)
        }

        function test_maskLandingOnAnotherImageKeepsTheView() {
            canvas.fit()
            canvas.tool = "mask"
            drawBox(60, 50, 240, 230)          // segments the red circle of this image...
            verify(session.addImage("qrc:/demo/scenes/scene-1.png"))   // ...while the user moves on
            tryVerify(() => canvas.fittedImage.endsWith("scene-1.png"))
            canvas.zoomAt(2.5, 200, 200)
            const zoom = canvas.zoom, x = canvas.offsetX
            tryVerify(() => session.currentImage === 1 && added.count > 0, 20000)
            wait(50)
            compare(session.currentImage, 1)
            compare(canvas.zoom, zoom)
            compare(canvas.offsetX, x)
        }

        function test_openedSessionIsFitted() {
            canvas.zoomAt(4, 10, 10)
            verify(session.file.openAsUntitled(":/demo/demo.gcsession"))
            const s = session.currentImageSize
            tryVerify(() => Math.abs(canvas.zoom - Math.min((800 - 32) / s.width, (600 - 32) / s.height)) < 1e-9)
        }

        // the icon a font might lack, in a region row: shipped as an image
        function findIcon(item, name) {
            if (item.source !== undefined && String(item.source).endsWith(name) && item.status !== undefined)
                return item
            for (let i = 0; i < item.children.length; ++i) {
                const f = findIcon(item.children[i], name)
                if (f)
                    return f
            }
            return null
        }

        function test_hideButtonShowsAnIcon() {
            canvas.fit()
            drawBox(40, 30, 150, 120)
            tryVerify(() => findChild(regionList, "visibilityButton") !== null)
            const button = findChild(regionList, "visibilityButton")
            compare(button.text, "")
            tryVerify(() => findIcon(button, "eye.png") !== null)
            const icon = findIcon(button, "eye.png")
            tryCompare(icon, "status", Image.Ready)
            verify(icon.paintedWidth > 0)
            mouseClick(button)
            tryVerify(() => findIcon(button, "eye-off.png") !== null && findIcon(button, "eye-off.png").status === Image.Ready)
        }

        function test_longRegionNameShowsItsStart() {
            canvas.fit()
            drawBox(40, 30, 150, 120)
            const name = "the large orange diamond in the lower left corner next to the small blue square"
            session.renameRegion("R1", name)
            tryVerify(() => findChild(regionList, "regionName") !== null)
            const field = findChild(regionList, "regionName")
            const shown = findChild(regionList, "regionNameShown")
            verify(shown)
            tryCompare(field, "text", name)
            // the field's first character sits at its left edge, and the rest is elided, whole on hover
            compare(field.positionAt(field.leftPadding + 1, field.height / 2), 0)
            verify(shown.visible)
            verify(shown.truncated)
            mouseMove(field, field.width / 2, field.height / 2)
            const tip = findChild(field, "regionNameTip")
            tryVerify(() => tip.visible)
            compare(tip.text, name)
        }
    }
}
