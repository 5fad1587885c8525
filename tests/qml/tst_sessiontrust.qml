import QtQuick
import QtQuick.Controls
import QtTest
import GroundChat.Core

// What the window says of a session it cannot fully show: a damaged file, an image that is missing or cannot
// be decoded, images outside the session's folder (read only once the user agrees), and relative image paths
// (the session file's folder, not the working directory this test runs in). The sessions are in
// tests/data/session-trust.
TestCase {
    name: "SessionTrust"
    when: true

    function dataPath(name) {
        return decodeURIComponent(Qt.resolvedUrl("../data/session-trust/" + name).toString().replace(/^file:\/\//, ""))
    }

    function makeWindow(files) {
        const c = Qt.createComponent("qrc:/qt/qml/GroundChat/Main.qml")
        verify(c.status === Component.Ready, c.errorString())
        const w = c.createObject(null, { headless: true, startupLanguage: "en", startupModel: "/nonexistent",
                                         width: 1024, height: 700, startupFiles: files || [] })
        w.requestActivate()
        tryVerify(() => w.active)
        waitForRendering(w.contentItem)
        return w
    }

    // the bar the user sees has pushed the canvas down before they click in it
    function shownAndLaidOut(w, item) {
        tryVerify(() => shown(w, item))
        waitForRendering(w.contentItem)
    }

    function shown(w, item) {
        if (!item || !item.visible || item.width <= 0 || item.height <= 0)
            return false
        const p = item.mapToItem(null, 0, 0)
        return p.x >= 0 && p.y >= 0 && p.x + item.width <= w.width + 0.5 && p.y + item.height <= w.height + 0.5
    }

    function test_aDamagedSessionOnTheCommandLineSaysWhereInTheWindow() {
        const path = dataPath("sessions/truncated.gcsession")
        const w = makeWindow([path])
        const bar = findChild(w, "problemBar")
        tryVerify(() => shown(w, bar), 2000, "the reason is in the window, not only on stderr")
        const text = findChild(w, "problemText").text
        verify(text.startsWith(path + " could not be opened: Line "), text)
        verify(text.indexOf("damaged") > 0, text)
        // it stays until the user has read it
        wait(300)
        verify(bar.visible)
        w.destroy()
    }

    // a note from an open that succeeded but changed the data comes while the window is not yet shown: it
    // stays in the bar instead of a toast that would have passed unseen
    function test_aNoteFromOpeningOnTheCommandLineStaysInTheWindow() {
        const w = makeWindow([dataPath("sessions/dense-polygon.gcsession")])
        const bar = findChild(w, "problemBar")
        tryVerify(() => shown(w, bar), 2000)
        const text = findChild(w, "problemText").text
        verify(text.startsWith("1 polygon had more than 1000 points and was simplified"), text)
        verify(!findChild(w, "toast").opened, "said once, in the bar")
        compare(findChild(w, "session").regions.rowCount(), 1)
        w.destroy()
    }

    function test_aMissingImageSaysWhyOnTheCanvas() {
        const w = makeWindow([dataPath("sessions/missing.gcsession")])
        const text = findChild(w, "imageProblemText")
        tryVerify(() => shown(w, text))
        compare(text.text, "Cannot read " + dataPath("sessions/missing.png") + ": file not found")
        verify(findChild(w, "imagePlaceholder").visible, "the image's place is marked")
        compare(findChild(w, "session").regions.rowCount(), 1, "its annotations are shown all the same")
        w.destroy()
    }

    function test_anUndecodableImageSaysWhyOnTheCanvas() {
        const w = makeWindow([dataPath("sessions/broken.gcsession")])
        const text = findChild(w, "imageProblemText")
        tryVerify(() => shown(w, text), 5000)
        compare(text.text, "Cannot read " + dataPath("sessions/broken.png") + ": the image data is damaged or not an image")
        w.destroy()
    }

    function test_relativeImagePathsFollowTheSessionFile() {
        const w = makeWindow([dataPath("sessions/relative.gcsession")])
        const picture = findChild(w, "canvasPicture")
        tryCompare(picture, "status", Image.Ready, 5000)
        compare(picture.source.toString(), "file://" + dataPath("sessions/shapes.png"))
        verify(!findChild(w, "imageProblemText").visible)
        w.destroy()
    }

    // the folders the app trusts are a setting: the test starts from none and leaves them as they were
    function openOutsideSession(w) {
        const session = findChild(w, "session")
        const saved = session.trust.trustedFolders
        session.trust.trustedFolders = []
        verify(w.openFile(dataPath("sessions/outside.gcsession")))
        return saved
    }

    function test_imagesOutsideTheSessionFolderLoadOnlyOnceTheUserAgrees() {
        const w = makeWindow()
        const session = findChild(w, "session")
        const saved = openOutsideSession(w)
        const bar = findChild(w, "outsideBar")
        const picture = findChild(w, "canvasPicture")
        shownAndLaidOut(w, bar)
        verify(findChild(w, "outsidePaths").text.indexOf(dataPath("elsewhere/outside.png")) >= 0,
               findChild(w, "outsidePaths").text)
        compare(picture.status, Image.Null, "not read")
        verify(shown(w, findChild(w, "imageProblemText")))
        mouseClick(findChild(w, "loadOutsideButton"))
        tryVerify(() => !bar.visible)
        tryCompare(picture, "status", Image.Ready, 5000)
        compare(picture.source.toString(), "file://" + dataPath("elsewhere/outside.png"))
        verify(!findChild(w, "imageProblemText").visible)
        session.trust.trustedFolders = saved
        w.destroy()
    }

    function test_notNowKeepsThemUnreadWithAWayBack() {
        const w = makeWindow()
        const session = findChild(w, "session")
        const saved = openOutsideSession(w)
        const bar = findChild(w, "outsideBar")
        const picture = findChild(w, "canvasPicture")
        shownAndLaidOut(w, bar)
        mouseClick(findChild(w, "keepOutsideButton"))
        tryVerify(() => !bar.visible)
        waitForRendering(w.contentItem)
        compare(picture.status, Image.Null, "still not read")
        const again = findChild(w, "loadThisImageButton")
        verify(shown(w, again), "the canvas offers to load it")
        mouseClick(again)
        tryCompare(picture, "status", Image.Ready, 5000)
        session.trust.trustedFolders = saved
        w.destroy()
    }
}
