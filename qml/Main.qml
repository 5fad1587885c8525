import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Dialogs
import QtQuick.Layouts
import Qt.labs.settings
import GroundChat.Core

ApplicationWindow {
    id: window
    objectName: "mainWindow"
    width: 1380
    height: 860
    visible: true
    title: (session.filePath.length ? session.filePath.split("/").pop() + (session.modified ? " •" : "") + " — " : "")
           + qsTr("GroundChat")

    // from the command line (main.cpp)
    property var startupFiles: []
    property string startupModel: ""
    property string startupTheme: ""
    property string startupLanguage: ""
    property string startupMessage: ""
    property bool headless: false

    Material.theme: (startupTheme || settings.theme) === "dark" ? Material.Dark : Material.Light
    Material.accent: Material.Indigo

    Settings {
        id: settings
        category: "ui"
        property string theme: "light"
        property string language: ""
        property string modelKind: ""      // "demo", "folder", "remote"; "" = never chosen (demo)
        property string modelFolder: ""
        property string remoteSpec: ""
        property bool showLabels: true
        property real overlayOpacity: 0.18
        property string generation: ""
        property int threads: 0
        property bool embedImages: false
        property bool autoMasks: false
        property var recentFiles: []
    }

    function remember(path) {
        const list = settings.recentFiles.filter((p) => p !== path)
        list.unshift(path)
        settings.recentFiles = list.slice(0, 10)
    }

    EngineController { id: engine; objectName: "engine" }
    SegmentController { id: segmenter; objectName: "segmenter" }

    Session {
        id: session
        objectName: "session"
        engine: engine
        segmenter: segmenter
        autosavePath: defaultAutosavePath()
        onErrorOccurred: (message) => toast.show(message)
    }

    // A few generated scenes and a conversation with the demo model (tools/demo_session), so a first start
    // shows a grounded answer at once.
    function openDemoSession() {
        if (!session.openAsUntitled(":/demo/demo.gcsession"))
            session.addImage("qrc:/demo/images/demo-shapes.png")
    }

    Component.onCompleted: {
        LanguageController.language = startupLanguage || settings.language
        if (settings.generation.length)
            session.generation = JSON.parse(settings.generation)
        session.embedImages = settings.embedImages
        session.autoMasks = settings.autoMasks
        engine.threads = settings.threads
        for (const f of startupFiles) {
            if (f.endsWith(".gcsession"))
                session.openPath(f)
            else
                session.addImagePath(f)
        }
        if (startupFiles.length === 0) {
            if (session.hasAutosave() && !headless)
                restoreBar.visible = true
            else
                openDemoSession()
        }
        if (startupModel.length)
            engine.loadModel("folder", startupModel)
        else if (settings.modelKind === "remote" && settings.remoteSpec.length)
            engine.loadModel("remote", settings.remoteSpec)
        else if (settings.modelKind === "folder" && settings.modelFolder.length)
            engine.loadModel("folder", settings.modelFolder)
        else if (engine.demoModelPath().length)
            engine.loadModel("folder", engine.demoModelPath()) // nothing configured: the built-in demo model
    }

    Connections {
        target: engine
        function onStateChanged() {
            if (engine.state === EngineController.Ready && window.startupMessage.length) {
                session.send(window.startupMessage, "")
                window.startupMessage = ""
            }
        }
    }

    // Replacing or closing a session with unsaved changes asks first (Save / Discard / Cancel).
    property var pendingAction: null
    property bool closeConfirmed: false
    property bool continueAfterSave: false
    function whenSaved(action) {
        if (!session.modified) {
            action()
            return
        }
        pendingAction = action
        unsavedDialog.open()
    }
    function runPending() {
        const a = pendingAction
        pendingAction = null
        if (a)
            a()
    }

    onClosing: (close) => {
        if (session.modified && !closeConfirmed && !headless) {
            close.accepted = false
            whenSaved(() => { closeConfirmed = true; window.close() })
            return
        }
        session.discardAutosave()
    }

    // ---- actions (with shortcuts) ----
    Action { id: openImageAction; text: qsTr("Open image…"); shortcut: StandardKey.Open; onTriggered: imageDialog.open() }
    Action { id: pasteAction; text: qsTr("Paste image"); shortcut: StandardKey.Paste; onTriggered: session.addImageFromClipboard() }
    Action { id: openSessionAction; text: qsTr("Open session…"); shortcut: "Ctrl+Shift+O"; onTriggered: whenSaved(() => sessionOpenDialog.open()) }
    Action { id: saveAction; text: qsTr("Save session"); shortcut: StandardKey.Save
        onTriggered: session.filePath.length ? session.saveToPath(session.filePath) : sessionSaveDialog.open() }
    Action { id: saveAsAction; text: qsTr("Save session as…"); shortcut: StandardKey.SaveAs; onTriggered: sessionSaveDialog.open() }
    Action { id: undoAction; text: qsTr("Undo %1").arg(session.undoText); enabled: session.canUndo; shortcut: StandardKey.Undo; onTriggered: session.undo() }
    Action { id: redoAction; text: qsTr("Redo %1").arg(session.redoText); enabled: session.canRedo; shortcut: StandardKey.Redo; onTriggered: session.redo() }
    Action { id: modelAction; text: qsTr("Choose model…"); shortcut: "Ctrl+M"; onTriggered: modelDialog.open() }
    Action { id: settingsAction; text: qsTr("Settings…"); shortcut: StandardKey.Preferences; onTriggered: settingsDialog.open() }
    Action { id: fitAction; text: qsTr("Fit to window"); shortcut: "Ctrl+0"; onTriggered: canvas.fit() }
    Action { id: zoomInAction; text: qsTr("Zoom in"); shortcut: StandardKey.ZoomIn; onTriggered: canvas.setZoom(canvas.zoom * 1.25) }
    Action { id: zoomOutAction; text: qsTr("Zoom out"); shortcut: StandardKey.ZoomOut; onTriggered: canvas.setZoom(canvas.zoom / 1.25) }
    Shortcut { sequence: "V"; onActivated: canvas.tool = "select" }
    Shortcut { sequence: "B"; onActivated: canvas.tool = "box" }
    Shortcut { sequence: "P"; onActivated: canvas.tool = "point" }
    Shortcut { sequence: "M"; onActivated: canvas.tool = "mark" }
    Shortcut { sequence: "G"; onActivated: canvas.tool = "polygon" }
    Shortcut { sequence: "H"; onActivated: canvas.tool = "pan" }
    Shortcut { sequence: "K"; onActivated: canvas.tool = "mask" }
    Shortcut { sequence: "Esc"; enabled: session.answering; onActivated: session.stop() }

    menuBar: MenuBar {
        Menu {
            title: qsTr("&File")
            MenuItem { action: openImageAction }
            MenuItem { action: pasteAction }
            Menu {
                id: recentMenu
                title: qsTr("Open recent")
                enabled: settings.recentFiles.length > 0
                Repeater {
                    model: settings.recentFiles
                    delegate: MenuItem {
                        required property string modelData
                        text: modelData
                        onTriggered: modelData.endsWith(".gcsession") ? session.openPath(modelData) : session.addImagePath(modelData)
                    }
                }
            }
            MenuSeparator {}
            MenuItem { action: openSessionAction }
            MenuItem { text: qsTr("Open demo session"); onTriggered: whenSaved(openDemoSession) }
            MenuItem { text: qsTr("New demo scene"); onTriggered: session.addDemoScene() }
            MenuItem { action: saveAction }
            MenuItem { action: saveAsAction }
            MenuSeparator {}
            MenuItem { text: qsTr("Export annotations…"); onTriggered: { dataDialog.importing = false; dataDialog.open() } }
            MenuItem { text: qsTr("Import annotations…"); onTriggered: { dataDialog.importing = true; dataDialog.open() } }
            MenuSeparator {}
            MenuItem { text: qsTr("Quit"); onTriggered: window.close() }
        }
        Menu {
            title: qsTr("&Edit")
            MenuItem { action: undoAction }
            MenuItem { action: redoAction }
            MenuSeparator {}
            MenuItem { text: qsTr("Automatic marks (Set-of-Mark)"); enabled: !segmenter.busy; onTriggered: session.autoMarks(20) }
            MenuSeparator {}
            MenuItem { action: settingsAction }
        }
        Menu {
            title: qsTr("&View")
            MenuItem { action: fitAction }
            MenuItem { action: zoomInAction }
            MenuItem { action: zoomOutAction }
            MenuSeparator {}
            MenuItem { text: qsTr("Your regions"); checkable: true; checked: canvas.showUserRegions; onToggled: canvas.showUserRegions = checked }
            MenuItem { text: qsTr("Model regions"); checkable: true; checked: canvas.showModelRegions; onToggled: canvas.showModelRegions = checked }
            MenuItem { text: qsTr("Labels"); checkable: true; checked: settings.showLabels; onToggled: settings.showLabels = checked }
            MenuSeparator {}
            MenuItem { text: qsTr("Dark theme"); checkable: true; checked: settings.theme === "dark"
                       onToggled: settings.theme = checked ? "dark" : "light" }
            Menu {
                title: qsTr("Language")
                MenuItem { text: "English"; checkable: true; checked: LanguageController.language === "en"
                           onTriggered: { settings.language = "en"; LanguageController.language = "en" } }
                MenuItem { text: "简体中文"; checkable: true; checked: LanguageController.language === "zh_CN"
                           onTriggered: { settings.language = "zh_CN"; LanguageController.language = "zh_CN" } }
            }
        }
        Menu {
            title: qsTr("&Model")
            MenuItem { action: modelAction }
            MenuItem { text: qsTr("Stop the answer"); enabled: session.answering; onTriggered: session.stop() }
        }
    }

    header: ToolBar {
        Material.foreground: "white"
        Material.accent: "#ffd54f"
        background: Rectangle { color: window.Material.theme === Material.Dark ? "#2f3440" : "#3f51b5" }
        RowLayout {
            anchors.fill: parent
            spacing: 2
            ToolButton { action: openImageAction; display: AbstractButton.TextOnly }
            ToolSeparator {}
            Repeater {
                model: [["select", qsTr("Select"), "V"], ["box", qsTr("Box"), "B"], ["point", qsTr("Point"), "P"],
                        ["mark", qsTr("Mark"), "M"], ["polygon", qsTr("Polygon"), "G"], ["mask", qsTr("Mask"), "K"],
                        ["pan", qsTr("Pan"), "H"]]
                delegate: ToolButton {
                    required property var modelData
                    objectName: "tool_" + modelData[0]
                    text: modelData[1]
                    checkable: true
                    checked: canvas.tool === modelData[0]
                    onClicked: canvas.tool = modelData[0]
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("%1 (%2)").arg(modelData[1]).arg(modelData[2])
                }
            }
            ToolSeparator {}
            ToolButton { action: undoAction; text: qsTr("Undo"); display: AbstractButton.TextOnly }
            ToolButton { action: redoAction; text: qsTr("Redo"); display: AbstractButton.TextOnly }
            ToolSeparator {}
            Label { text: qsTr("%1 %").arg((canvas.zoom * 100).toFixed(0)); Layout.preferredWidth: 56 }
            Label {
                text: qsTr("Overlay")
            }
            Slider {
                Layout.preferredWidth: 90
                from: 0; to: 0.6
                value: settings.overlayOpacity
                onMoved: settings.overlayOpacity = value
            }
            Item { Layout.fillWidth: true }
            Label {
                id: modelStatus
                objectName: "modelStatus"
                elide: Text.ElideRight
                Layout.maximumWidth: 380
                readonly property bool loadFailed: engine.loadError.length > 0 && engine.state !== EngineController.Loading
                // after a failed load the reason is too long for the toolbar: a click shows it in full
                text: loadFailed ? (engine.state === EngineController.Ready ? qsTr("⚠ Load failed — still using %1").arg(engine.modelName)
                                                                            : qsTr("⚠ Load failed — no model"))
                    : engine.state === EngineController.Ready ? qsTr("Model: %1 (%2)").arg(engine.modelName).arg(engine.dialect)
                    : engine.state === EngineController.Loading ? qsTr("Loading model… %1 %").arg((engine.loadProgress * 100).toFixed(0))
                    : qsTr("No model — Model ▸ Choose model…")
                color: loadFailed ? "#ffcdd2" : "white"
                ToolTip.visible: loadFailed && statusMouse.containsMouse
                ToolTip.text: engine.loadError
                MouseArea {
                    id: statusMouse
                    anchors.fill: parent
                    enabled: modelStatus.loadFailed
                    hoverEnabled: true
                    cursorShape: Qt.PointingHandCursor
                    onClicked: modelDialog.open()
                }
            }
            BusyIndicator {
                visible: segmenter.busy
                running: visible
                Layout.preferredWidth: 28
                Layout.preferredHeight: 28
                ToolTip.visible: visible
                ToolTip.text: qsTr("Making a mask…")
            }
            ProgressBar {
                visible: engine.state === EngineController.Loading
                value: engine.loadProgress
                Layout.preferredWidth: 100
            }
            ToolButton {
                visible: engine.state === EngineController.Loading
                text: qsTr("Cancel")
                onClicked: engine.cancelLoad()
            }
            ToolButton { action: modelAction; text: qsTr("Model…"); display: AbstractButton.TextOnly }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        // Crash recovery.
        Pane {
            id: restoreBar
            objectName: "restoreBar"
            visible: false
            Layout.fillWidth: true
            Material.background: Material.color(Material.Amber, Material.Shade100)
            RowLayout {
                anchors.fill: parent
                Label {
                    Layout.fillWidth: true
                    text: qsTr("GroundChat did not close normally last time. Restore the unsaved session?")
                    color: "black"
                }
                Button { text: qsTr("Restore"); onClicked: { session.restoreAutosave(); restoreBar.visible = false } }
                Button { text: qsTr("Discard"); onClicked: { session.discardAutosave(); restoreBar.visible = false
                                                            openDemoSession() } }
            }
        }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true

            ColumnLayout {
                SplitView.fillWidth: true
                SplitView.minimumWidth: 400
                spacing: 0
                ImageCanvas {
                    id: canvas
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    session: session
                    showLabels: settings.showLabels
                    dark: window.Material.theme === Material.Dark
                    overlayOpacity: settings.overlayOpacity
                    onRegionCited: (id) => chatPanel.cite(id)
                }
                // Thumbnail strip: the session's images.
                Pane {
                    Layout.fillWidth: true
                    Layout.preferredHeight: 96
                    padding: 6
                ListView {
                    id: thumbs
                    objectName: "thumbnails"
                    anchors.fill: parent
                    orientation: ListView.Horizontal
                    spacing: 6
                    clip: true
                    model: session.images
                    currentIndex: session.currentImage
                    delegate: ItemDelegate {
                        required property int index
                        required property url url
                        required property string name
                        width: 110
                        height: 80
                        highlighted: ListView.isCurrentItem
                        onClicked: session.currentImage = index
                        ToolTip.visible: hovered
                        ToolTip.text: name
                        contentItem: Image {
                            source: parent.url
                            sourceSize.height: 72
                            fillMode: Image.PreserveAspectFit
                            asynchronous: true
                        }
                    }
                }
                }
            }

            ColumnLayout {
                SplitView.preferredWidth: 480
                SplitView.minimumWidth: 340
                spacing: 0
                TabBar {
                    id: tabs
                    Layout.fillWidth: true
                    TabButton { text: qsTr("Chat") }
                    TabButton { text: qsTr("Regions (%1)").arg(regionList.count) }
                    TabButton { text: qsTr("Dialects") }
                }
                StackLayout {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    currentIndex: tabs.currentIndex
                    ChatPanel {
                        id: chatPanel
                        session: session
                        engine: engine
                    }
                    RegionList {
                        id: regionList
                        session: session
                        canvas: canvas
                        onCite: (id) => { chatPanel.cite(id); tabs.currentIndex = 0 }
                    }
                    PlaygroundPane {
                        parser.imageSize: session.currentImageSize
                    }
                }
            }
        }
    }

    // Errors: a translated message; the detail goes to the log.
    Popup {
        id: toast
        objectName: "toast"
        property string message
        function show(m) { message = m; open(); toastTimer.restart() }
        x: (window.width - width) / 2
        y: window.height - height - 40
        padding: 12
        background: Rectangle { color: "#323232"; radius: 6 }
        contentItem: Label { text: toast.message; color: "white"; wrapMode: Text.Wrap; width: Math.min(600, implicitWidth) }
        Timer { id: toastTimer; interval: 5000; onTriggered: toast.close() }
    }

    SettingsDialog {
        id: settingsDialog
        anchors.centerIn: parent
        session: session
        engine: engine
        settings: settings
    }

    Connections {
        target: session
        function onCurrentImageChanged() {
            const url = session.currentImageUrl.toString()
            if (url.startsWith("file://"))
                window.remember(decodeURIComponent(url.substring(7)))
        }
        function onFilePathChanged() {
            if (session.filePath.length)
                window.remember(session.filePath)
        }
    }

    FileDialog {
        id: imageDialog
        title: qsTr("Open images")
        fileMode: FileDialog.OpenFiles
        nameFilters: [qsTr("Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)"), qsTr("All files (*)")]
        onAccepted: {
            for (const f of selectedFiles)
                session.addImage(f)
        }
    }
    FileDialog {
        id: sessionOpenDialog
        title: qsTr("Open a session")
        nameFilters: [qsTr("GroundChat sessions (*.gcsession)")]
        onAccepted: session.open(selectedFile)
    }
    FileDialog {
        id: sessionSaveDialog
        title: qsTr("Save the session")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "gcsession"
        nameFilters: [qsTr("GroundChat sessions (*.gcsession)")]
        onAccepted: {
            if (session.save(selectedFile) && continueAfterSave)
                runPending()
            continueAfterSave = false
        }
        onRejected: continueAfterSave = false
    }
    Dialog {
        id: unsavedDialog
        objectName: "unsavedDialog"
        anchors.centerIn: parent
        modal: true
        title: qsTr("Save changes?")
        Label { text: qsTr("This session has changes that are not saved.") }
        footer: DialogButtonBox {
            Button { text: qsTr("Save"); DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole }
            Button { objectName: "discardButton"; text: qsTr("Discard"); DialogButtonBox.buttonRole: DialogButtonBox.DestructiveRole
                     onClicked: { unsavedDialog.close(); window.runPending() } }
            Button { text: qsTr("Cancel"); DialogButtonBox.buttonRole: DialogButtonBox.RejectRole }
        }
        onAccepted: {
            if (session.filePath.length) {
                if (session.saveToPath(session.filePath))
                    window.runPending()
            } else {
                window.continueAfterSave = true
                sessionSaveDialog.open()
            }
        }
        onRejected: window.pendingAction = null
    }
    DataDialog {
        id: dataDialog
        anchors.centerIn: parent
        session: session
    }

    ModelDialog {
        id: modelDialog
        objectName: "modelDialog"
        anchors.centerIn: parent
        engine: engine
        settings: settings
    }
}
