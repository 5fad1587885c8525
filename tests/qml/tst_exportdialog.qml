import QtQuick
import QtQuick.Controls
import QtTest
import GroundChat
import GroundChat.Core

// Export as a user does it: Data ▸ Export, choose where, type a name, press Enter. The save dialog says Save,
// takes the name as it is typed, and what the format cannot hold is said in the export dialog.
TestCase {
    id: testCase
    name: "ExportDialog"
    when: windowShown
    width: 900
    height: 700

    Component {
        id: sessionComponent
        Session { masks.segmenter: SegmentController {} }
    }
    Component {
        id: dataDialogComponent
        DataDialog {}
    }

    // A demo image (built into the app) with a user's point and automatic marks.
    function makeSession() {
        const session = createTemporaryObject(sessionComponent, testCase)
        verify(session.addImage("qrc:/demo/scenes/scene-1.png"))
        verify(session.addPoint(Qt.point(50, 60), false).length > 0)
        const before = session.regions.rowCount()
        verify(session.masks.autoMarks(6))
        tryVerify(() => session.regions.rowCount() > before, 10000)
        return session
    }

    function exportWithKeyboard(dataDialog, formatIndex, name) {
        findChild(dataDialog, "formatBox").currentIndex = formatIndex
        findChild(dataDialog, "chooseButton").clicked()
        const saveDialog = findChild(dataDialog, "saveFileDialog")
        verify(saveDialog !== null, "exports are saved through our own save dialog")
        tryVerify(() => saveDialog.opened)
        saveDialog.folder = "/tmp/gc-export-dialog-test"
        const field = findChild(saveDialog, "fileNameField")
        const save = findChild(saveDialog, "saveButton")
        compare(save.text, "Save")
        field.text = ""
        verify(!save.enabled, "no name, no file")
        tryVerify(() => field.activeFocus, 2000, "the name field takes the keys at once")
        for (const c of name)
            keyClick(c)
        verify(field.activeFocus)
        verify(save.enabled, "typing a name is enough: the field keeps its focus")
        keyClick(Qt.Key_Return)
        tryVerify(() => !saveDialog.visible, 2000, "Enter saves")
        const status = findChild(dataDialog, "dataStatus")
        tryVerify(() => status.text.indexOf("Exported") === 0, 10000, status.text)
        return status.text
    }

    function test_enterSavesAndWarningsAreShown() {
        const session = makeSession()
        const dataDialog = createTemporaryObject(dataDialogComponent, testCase, { session: session })
        dataDialog.open()
        tryVerify(() => dataDialog.opened)

        // COCO holds points (keypoints), marks (their masks) and the copied image: nothing to warn about
        const coco = exportWithKeyboard(dataDialog, 0, "coco")
        verify(coco.indexOf("Warning") < 0, coco)

        // ODVG holds boxes: the point is left out and the marks are boxes, and the dialog says both
        const odvg = exportWithKeyboard(dataDialog, 1, "odvg")
        verify(odvg.indexOf("Warning: 1 region(s) not exported: points") >= 0, odvg)
        verify(odvg.indexOf("marks written as their bounding boxes") >= 0, odvg)
    }
}
