import QtQuick
import QtTest
import GroundChat
import GroundChat.Core
import GroundChat.Test

// Model ▸ Get models… against a stand-in Hub: progress, speed and time left while a slow download runs,
// pause and resume, cancel, a gated model that says why, and the finished model in the picker, loaded.
Item {
    id: root
    width: 1000
    height: 800

    EngineController { id: engine }
    ModelChooser {
        id: chooser
        engine: engine
    }
    GetModelsDialog {
        id: dialog
        chooser: chooser
    }
    ModelDialog {
        id: picker
        engine: engine
        chooser: chooser
    }
    StandInHub { id: hub }
    ScratchFolders { id: scratch }

    TestCase {
        name: "GetModelsDialog"
        when: windowShown

        function initTestCase() {
            hub.addFixture("tiny/kosmos-2", "kosmos2-tiny-a")
            hub.addFixture("meta/gated-kosmos", "kosmos2-tiny-a", true)
            dialog.downloads.endpoint = hub.url
            dialog.downloads.cacheDir = hub.cacheDir
            picker.downloaded.cacheDir = hub.cacheDir
        }

        function child(name) {
            const item = findChild(dialog.contentItem, name)
            verify(item, name)
            return item
        }

        function download(repo) {
            if (!dialog.opened) {
                dialog.open()
                tryVerify(() => dialog.opened)
            }
            child("repoField").text = repo
            mouseClick(child("downloadRepo"))
        }

        function test_1_aGatedModelSaysWhy() {
            download("meta/gated-kosmos")
            tryCompare(dialog.downloads, "state", HubDownloads.Failed, 10000)
            const error = child("downloadError")
            verify(error.visible)
            verify(error.text.indexOf("gated") >= 0 && error.text.indexOf("token") >= 0, error.text)
        }

        function test_2_cancelRemovesTheDownload() {
            hub.bytesPerSecond = 100000
            download("tiny/kosmos-2")
            tryVerify(() => dialog.downloads.doneBytes > 20000, 10000)
            mouseClick(child("cancelDownload"))
            tryCompare(dialog.downloads, "state", HubDownloads.Cancelled, 5000)
            verify(child("downloadStatus").text.indexOf("removed") >= 0)
        }

        function test_3_aSlowDownloadShowsProgressPausesResumesAndReachesThePicker() {
            hub.bytesPerSecond = 300000
            download("tiny/kosmos-2")
            tryCompare(dialog.downloads, "state", HubDownloads.Downloading, 10000)
            tryVerify(() => dialog.downloads.doneBytes > 150000, 10000)
            const totals = child("totals")
            tryVerify(() => totals.text.indexOf("/s") > 0 && totals.text.indexOf("left") > 0, 5000, totals.text)
            verify(child("totalProgress").value > 0 && child("totalProgress").value < 1)
            verify(child("files").count > 3)
            compare(child("downloadTitle").text, "tiny/kosmos-2")

            const pause = child("pauseDownload")
            mouseClick(pause)
            tryCompare(dialog.downloads, "state", HubDownloads.Paused, 5000)
            compare(pause.text, "Resume")
            const held = dialog.downloads.doneBytes
            wait(300)
            compare(dialog.downloads.doneBytes, held, "nothing arrives while paused")

            hub.bytesPerSecond = 0
            mouseClick(pause)
            tryCompare(dialog.downloads, "state", HubDownloads.Finished, 20000)
            compare(child("totalProgress").value, 1)
            verify(dialog.downloads.modelFolder.indexOf(hub.cacheDir) === 0)
            dialog.close()

            picker.open()
            tryVerify(() => picker.opened)
            const group = findChild(picker.contentItem, "downloadedModels")
            verify(group && group.visible)
            const use = findChild(picker.contentItem, "useSnapshot_tiny/kosmos-2")
            verify(use, "the finished model is in the picker")
            mouseClick(use)
            tryCompare(engine, "state", EngineController.Ready, 60000)
            compare(engine.modelFolder, dialog.downloads.modelFolder)
            picker.close()
        }

        // The picker lists model folders outside the cache that GroundChat remembers (pull --dir, a folder the
        // user chose); one deleted since drops out without a word.
        function test_4_aRememberedFolderIsListedUntilItIsDeleted() {
            const folder = scratch.copyFixture("kosmos2-tiny-a", "my-kosmos")
            verify(!picker.downloaded.addFolder(scratch.folder("not-a-model")))
            verify(picker.downloaded.addFolder("file://" + folder))
            picker.open()
            tryVerify(() => picker.opened)
            const use = findChild(picker.contentItem, "useSnapshot_my-kosmos")
            verify(use, "the remembered folder is in the picker")
            verify(!findChild(picker.contentItem, "useSnapshot_not-a-model"))
            mouseClick(use)
            tryCompare(engine, "state", EngineController.Ready, 60000)
            compare(engine.modelFolder, folder)
            picker.close()
            tryVerify(() => !picker.visible)

            verify(scratch.remove(folder))
            picker.open()
            tryVerify(() => picker.opened)
            verify(!findChild(picker.contentItem, "useSnapshot_my-kosmos"))
            compare(picker.downloaded.snapshots.filter(s => s.folder === folder).length, 0)
            picker.close()
        }
    }
}
