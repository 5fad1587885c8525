import QtQuick
import QtTest
import GroundChat
import GroundChat.Core

Item {
    id: root
    width: 900
    height: 700

    PlaygroundPane {
        id: pane
        anchors.fill: parent
    }

    RegionOverlay {
        id: overlay
        width: 640
        height: 480
        entities: pane.parser.entities
        colorFor: (i) => RegionPalette.color(i)
    }

    TestCase {
        name: "Playground"
        when: windowShown

        function test_dialectPickerListsEveryFamily() {
            const box = findChild(pane, "dialectBox")
            verify(box !== null)
            verify(box.count >= 21)
        }

        function test_typingAnAnswerDrawsItsRegions() {
            const box = findChild(pane, "dialectBox")
            box.currentIndex = box.indexOfValue("florence2")
            compare(pane.parser.dialect, "florence2")
            pane.parser.imageSize = Qt.size(640, 480)
            pane.rawText = "car<loc_53><loc_334><loc_933><loc_775>"
            compare(pane.parser.regionCount, 1)
            compare(pane.parser.entities[0].phrase, "car")
            const r = pane.parser.entities[0].regions[0].box
            fuzzyCompare(r.x, 53.5 * 0.64, 0.65)
            // the overlay made one item per entity (plus the Repeater itself)
            tryVerify(() => overlay.children.length >= 2)
        }

        function test_garbageNeverBreaksTheView() {
            pane.rawText = "<phrase>unterminated <object><patch_index_99999>"
            verify(pane.parser.cleanText.length >= 0)
        }
    }
}
