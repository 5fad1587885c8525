import QtQuick
import QtTest
import GroundChat
import GroundChat.Core

// The lens panel against the engine thread: a model without the hooks says so; the demo model (Kosmos-2, whose
// image tokens are resampler latents, read as its 8 × 8 grid's cells) gives its 8 × 8 patch grid, drawn over the whole image on the canvas, and
// the layer, mode and word change the map.
Item {
    id: root
    width: 1300
    height: 700

    EngineController { id: engine }
    SegmentController { id: segmenter }
    Session { id: session; conversation.engine: engine; masks.segmenter: segmenter }
    ImageCanvas {
        id: canvas
        width: 800
        height: 600
        session: session
    }
    LensPanel {
        id: panel
        x: 800
        width: 500
        height: 700
        session: session
        engine: engine
        canvas: canvas
    }

    TestCase {
        name: "LensPanel"
        when: windowShown

        function init() {
            session.file.clear()
            verify(session.addImage("qrc:/demo/images/demo-shapes.png"))
            canvas.fit()
        }

        function answer() {
            verify(session.conversation.send("<grounding> An image of", ""))
            tryCompare(session.conversation, "answering", false, 30000)
        }

        function test_aModelWithoutHooksSaysSo() {
            engine.loadFake("kosmos2", "<grounding> An image of<phrase> a red circle</phrase>.")
            tryCompare(engine, "state", EngineController.Ready)
            answer()
            mouseClick(findChild(panel, "explainButton"))
            const error = findChild(panel, "lensError")
            tryVerify(() => error.visible, 10000)
            verify(error.text.indexOf("cannot show what it sees") >= 0, error.text)
            verify(!findChild(canvas, "lensHeatmap").visible)
        }

        function test_theDemoModelsMapLiesOnTheImage() {
            engine.loadFolder(engine.demoModelPath())
            tryCompare(engine, "state", EngineController.Ready, 30000)
            answer()
            mouseClick(findChild(panel, "explainButton"))
            tryCompare(panel.lens, "available", true, 30000)
            compare(panel.lens.error, "")
            compare(panel.lens.rows, 8)
            compare(panel.lens.cols, 8)
            // its config.json reads latent i as cell i (groundchat_image_positions "grid"), and the panel says so
            compare(panel.lens.cellSource, "grid")
            verify(findChild(panel, "cellSourceNote").visible)
            verify(findChild(panel, "cellSourceNote").text.indexOf("latent i on cell i") >= 0)
            compare(panel.lens.layers, 3)
            compare(panel.lens.values.length, 64)
            compare(panel.lens.labels.length, 64)
            compare(panel.lens.area, Qt.rect(0, 0, 640, 427))

            const heat = findChild(canvas, "lensHeatmap")
            verify(heat.visible)
            fuzzyCompare(heat.x, canvas.offsetX, 0.01)
            fuzzyCompare(heat.width, 640 * canvas.zoom, 0.01)
            fuzzyCompare(heat.height, 427 * canvas.zoom, 0.01)
            compare(heat.values, panel.lens.values)

            // the scaled map spans 0..1; another layer and the attention give other maps
            const lens2 = panel.lens.values.slice()
            verify(Math.max(...lens2) === 1 && Math.min(...lens2) === 0)
            // the Mean box says whether the map is the layers' mean
            compare(findChild(panel, "meanBox").checked, panel.lens.layer < 0)
            // the demo model opens at its own default layer (config.json's groundchat_lens_layer): go to another
            panel.lens.layer = panel.lens.layer === 1 ? 0 : 1
            compare(findChild(panel, "meanBox").checked, false)
            verify(JSON.stringify(panel.lens.values) !== JSON.stringify(lens2))
            mouseClick(findChild(panel, "attentionMode"))
            compare(panel.lens.mode, "attention")
            compare(heat.values, panel.lens.values)

            // a word is asked of the engine again
            panel.lens.mode = "lens"
            panel.lens.word = "red"
            tryCompare(panel.lens, "busy", false, 30000)
            compare(panel.lens.error, "")
            compare(panel.lens.values.length, 64)

            // the map is of this image's answer: another image clears it
            verify(session.addDemoScene())
            compare(session.currentImage, 1)
            verify(!panel.lens.available)
            verify(!heat.visible)
        }

        function regionAt(row) {
            const m = session.regions
            const at = role => m.data(m.index(row, 0), Qt.UserRole + role)
            return { id: at(1), kind: at(2), fromModel: at(3), label: at(5), colorIndex: at(6), messageIndex: at(12),
                     entityIndex: at(13) }
        }
        function entitiesOf(row) { return session.chat.data(session.chat.index(row, 0), Qt.UserRole + 6) }

        // Clicks "Segment from this map" and returns the region it made.
        function segmentOnce() {
            const before = session.regions.rowCount()
            mouseClick(findChild(panel, "segmentButton"))
            tryVerify(() => session.regions.rowCount() === before + 1, 30000, "no mask came: " + panel.lens.error)
            return regionAt(before)
        }

        // VL-SAM's mask belongs to the phrase the map is of, as a model box does: the phrase's colour, its
        // answer and phrase index, and the phrase lists it among its regions. A word of the answer outside its
        // grounded phrases becomes one.
        function test_segmentFromTheMapLinksTheMaskToItsPhrase() {
            engine.loadFolder(engine.demoModelPath())
            tryCompare(engine, "state", EngineController.Ready, 30000)
            answer()
            mouseClick(findChild(panel, "explainButton"))
            tryCompare(panel.lens, "available", true, 30000)
            const row = panel.lens.answerRow
            verify(panel.lens.phrases.length > 0)

            const phrase = panel.lens.phrases[0]
            panel.lens.mode = "attention"
            panel.lens.phrase = phrase
            tryCompare(panel.lens, "busy", false, 30000)
            const boxes = session.regions.rowCount()
            const mask = segmentOnce()
            compare(mask.kind, "mask")
            verify(mask.fromModel)
            compare(mask.messageIndex, row)
            let entities = entitiesOf(row)
            const k = entities.findIndex(e => e.phrase.trim() === phrase)
            verify(k >= 0)
            compare(mask.entityIndex, k)
            compare(mask.label, entities[k].phrase)
            compare(mask.colorIndex, entities[k].colorIndex)
            verify(entities[k].regionIds.indexOf(mask.id) >= 0, JSON.stringify(entities[k]))
            // the model's own boxes are untouched
            compare(session.regions.rowCount(), boxes + 1)

            // a word the answer writes outside its phrases: the mask makes it a grounded phrase
            const text = session.chat.data(session.chat.index(row, 0), Qt.UserRole + 2)
            const outside = w => {
                const at = text.indexOf(w)
                return at >= 0 && entities.every(e => e.spanBegin < 0 || at + w.length <= e.spanBegin || at >= e.spanEnd)
            }
            const word = text.split(/[^A-Za-z]+/).find(w => w.length > 1 && outside(w))
            verify(word !== undefined, text)
            panel.lens.mode = "lens"
            panel.lens.word = word
            tryCompare(panel.lens, "busy", false, 30000)
            const count = entities.length
            const second = segmentOnce()
            verify(second.fromModel)
            entities = entitiesOf(row)
            compare(entities.length, count + 1)
            compare(entities[count].phrase, word)
            compare(entities[count].spanBegin, text.indexOf(word))
            compare(second.entityIndex, count)
            compare(entities[count].regionIds, [second.id])

            // one undo step takes the mask and the phrase away again
            session.undo()
            compare(entitiesOf(row).length, count)
        }
    }
}
