pragma ComponentBehavior: Bound

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
    // the first size fits the screen it opens on (a 1024x700 laptop screen as well as a large monitor)
    width: Math.min(1380, Screen.desktopAvailableWidth > 0 ? Screen.desktopAvailableWidth : 1380)
    height: Math.min(860, Screen.desktopAvailableHeight > 0 ? Screen.desktopAvailableHeight : 860)
    visible: true
    title: (session.file.filePath.length ? session.file.filePath.split("/").pop() + (session.file.modified ? " •" : "") + " — " : "")
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
        property bool showLabels: true
        property real overlayOpacity: 0.18
        property string generation: ""
        property int threads: 0
        property bool embedImages: false
        property bool autoMasks: false
        property var recentFiles: []
        property var trustedFolders: []   // folders the user opened images from (Session.trustedFolders)
    }

    function remember(path) {
        const list = settings.recentFiles.filter((p) => p !== path)
        list.unshift(path)
        settings.recentFiles = list.slice(0, 10)
    }

    EngineController { id: engine; objectName: "engine" }
    ModelChooser {
        id: models
        objectName: "models"
        engine: engine
        onNoticeChanged: if (notice.length) problemBar.show(notice)
    }
    SegmentController { id: segmenter; objectName: "segmenter" }
    SessionOcr { id: ocr; objectName: "ocr"; session: session }
    SessionProposals { id: proposals; objectName: "proposals"; session: session }
    SessionExpert { id: expert; objectName: "expert"; session: session }

    Session {
        id: session
        objectName: "session"
        conversation.engine: engine
        masks.segmenter: segmenter
        file.autosavePath: session.file.defaultAutosavePath()
        onErrorOccurred: (message) => {
            if (window.opening)
                window.openNote = message
            else if (message !== problemBar.message)
                toast.show(message)
        }
    }
    Connections {
        target: session.trust
        function onTrustedFoldersChanged() { settings.trustedFolders = session.trust.trustedFolders }
    }

    // Opens a session file or adds an image; what went wrong stays in the window until dismissed or until
    // another session replaces this one.
    // A note from a successful open (polygons simplified, images not embedded) changed what the user sees:
    // it stays in the bar too, rather than in a toast that can pass before the window is even shown.
    property bool opening: false
    property string openNote
    function openFile(path) {
        const isSession = path.endsWith(".gcsession")
        return opened(isSession, () => isSession ? session.file.openPath(path) : session.addImagePath(path))
    }
    function opened(replacesSession, open) {
        opening = true
        openNote = ""
        const ok = open()
        opening = false
        return reported(ok, replacesSession)
    }
    function reported(ok, replacesSession) {
        if (!ok)
            problemBar.show(session.lastError)
        else if (openNote.length > 0)
            problemBar.show(openNote)
        else if (replacesSession)
            problemBar.message = ""
        return ok
    }

    // A few generated scenes and a conversation with the demo model (tools/demo_session), so a first start
    // shows a grounded answer at once.
    function openDemoSession() {
        if (!session.file.openAsUntitled(":/demo/demo.gcsession"))
            session.addImage("qrc:/demo/images/demo-shapes.png")
    }

    Component.onCompleted: {
        LanguageController.language = startupLanguage || settings.language
        if (settings.generation.length)
            session.conversation.generation = JSON.parse(settings.generation)
        session.file.embedImages = settings.embedImages
        session.masks.autoMasks = settings.autoMasks
        session.trust.trustedFolders = settings.trustedFolders
        engine.threads = settings.threads
        for (const f of startupFiles)
            openFile(f)
        if (startupFiles.length === 0) {
            if (session.file.hasAutosave() && !headless)
                restoreBar.visible = true
            else
                openDemoSession()
        }
        models.start(startupModel)
    }

    Connections {
        target: engine
        function onStateChanged() {
            if (engine.state === EngineController.Ready && window.startupMessage.length) {
                session.conversation.send(window.startupMessage, "")
                window.startupMessage = ""
            }
        }
    }

    // Replacing or closing a session with unsaved changes asks first (Save / Discard / Cancel).
    property var pendingAction: null
    property bool closeConfirmed: false
    property bool continueAfterSave: false
    function whenSaved(action) {
        if (!session.file.modified) {
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
        if (session.file.modified && !closeConfirmed && !headless) {
            close.accepted = false
            whenSaved(() => { closeConfirmed = true; window.close() })
            return
        }
        session.file.discardAutosave()
    }

    // ---- actions (with shortcuts) ----
    Action { id: openImageAction; text: qsTr("Open image…"); shortcut: StandardKey.Open; onTriggered: imageDialog.open() }
    Action { id: pasteAction; text: qsTr("Paste image"); shortcut: StandardKey.Paste; onTriggered: session.addImageFromClipboard() }
    Action { id: openSessionAction; text: qsTr("Open session…"); shortcut: "Ctrl+Shift+O"; onTriggered: window.whenSaved(() => sessionOpenDialog.open()) }
    Action { id: saveAction; text: qsTr("Save session"); shortcut: StandardKey.Save
        onTriggered: session.file.filePath.length ? session.file.saveToPath(session.file.filePath) : sessionSaveDialog.open() }
    // Spelt out where Qt's standard keys have no binding on Linux (Preferences, Save as, Quit).
    Action { id: saveAsAction; text: qsTr("Save session as…"); shortcut: "Ctrl+Shift+S"; onTriggered: sessionSaveDialog.open() }
    Action { id: undoAction; text: qsTr("Undo %1").arg(session.undoText); enabled: session.canUndo; shortcut: StandardKey.Undo; onTriggered: session.undo() }
    Action { id: redoAction; text: qsTr("Redo %1").arg(session.redoText); enabled: session.canRedo; shortcut: StandardKey.Redo; onTriggered: session.redo() }
    Action { id: modelAction; text: qsTr("Choose model…"); shortcut: "Ctrl+M"; onTriggered: modelDialog.open() }
    Action { id: settingsAction; text: qsTr("Settings…"); shortcut: "Ctrl+,"; onTriggered: settingsDialog.open() }
    Action { id: presentAction; text: qsTr("Present"); shortcut: "F5"
             enabled: session.recording.eventCount > 0 && !session.conversation.answering && !presenter.active
             onTriggered: presenter.start(true) }
    Action { id: quitAction; text: qsTr("Quit"); shortcut: "Ctrl+Q"; onTriggered: window.close() }
    Action { id: fitAction; text: qsTr("Fit to window"); shortcut: "Ctrl+0"; onTriggered: canvas.fit() }
    Action { id: zoomInAction; text: qsTr("Zoom in"); shortcut: StandardKey.ZoomIn; onTriggered: canvas.setZoom(canvas.zoom * 1.25) }
    Action { id: zoomOutAction; text: qsTr("Zoom out"); shortcut: StandardKey.ZoomOut; onTriggered: canvas.setZoom(canvas.zoom / 1.25) }
    // Single keys for the tools and the zoom, wherever the focus is: a text field takes the typed
    // characters itself first (Qt's shortcut override), so they never reach these while the user types.
    readonly property var tools: [["select", qsTr("Select"), "V"], ["box", qsTr("Box"), "B"], ["point", qsTr("Point"), "P"],
                                  ["mark", qsTr("Mark"), "M"], ["polygon", qsTr("Polygon"), "G"], ["mask", qsTr("Mask"), "K"],
                                  ["pan", qsTr("Pan"), "H"]]
    Repeater {
        model: window.tools
        delegate: Item {
            id: toolKey
            required property var modelData
            Shortcut { sequence: toolKey.modelData[2]; onActivated: canvas.tool = toolKey.modelData[0] }
        }
    }
    Shortcut { sequences: ["+", "="]; onActivated: canvas.setZoom(canvas.zoom * 1.25) }
    Shortcut { sequence: "-"; onActivated: canvas.setZoom(canvas.zoom / 1.25) }
    Shortcut { sequence: "0"; onActivated: canvas.fit() }
    Shortcut { sequence: "1"; onActivated: canvas.setZoom(1) }
    Shortcut { sequence: "Esc"; enabled: session.conversation.answering; onActivated: session.conversation.stop() }
    // Esc leaves a text field for the canvas, so that the single-key shortcuts apply again.
    Shortcut {
        sequence: "Esc"
        enabled: !session.conversation.answering && window.activeFocusItem !== null && "cursorPosition" in window.activeFocusItem
        onActivated: canvas.forceActiveFocus()
    }
    // Sending a message hands the keyboard to the canvas: the next key is more often a tool (B to draw the
    // next box) than a follow-up, and a click in the message box takes it back.
    Connections {
        target: session.conversation
        function onAnsweringChanged() {
            if (session.conversation.answering && window.activeFocusItem && window.activeFocusItem.objectName === "messageInput")
                canvas.forceActiveFocus()
        }
    }

    // A menu as wide as its widest item in either language (the style's fixed 200 px cut them), within the window.
    menuBar: MenuBar {
        objectName: "menuBar"
        visible: !presenter.active
        // Qt 6.4 opens a menu when the pointer passes over its title while another is open, and the click that
        // follows closes it again: menus open on the click alone.
        delegate: MenuBarItem { hoverEnabled: false }
        FittedMenu {
            title: qsTr("&File")
            MenuItem { action: openImageAction }
            MenuItem { action: pasteAction }
            FittedMenu {
                id: recentMenu
                title: qsTr("Open recent")
                enabled: settings.recentFiles.length > 0
                Repeater {
                    model: settings.recentFiles
                    delegate: MenuItem {
                        required property string modelData
                        text: modelData
                        onTriggered: window.openFile(modelData)
                    }
                }
            }
            MenuSeparator {}
            MenuItem { action: openSessionAction }
            MenuItem { text: qsTr("Open demo session"); onTriggered: window.whenSaved(window.openDemoSession) }
            MenuItem { text: qsTr("New demo scene"); onTriggered: session.addDemoScene() }
            MenuItem { action: saveAction }
            MenuItem { action: saveAsAction }
            MenuSeparator {}
            MenuItem { text: qsTr("Export annotations…"); onTriggered: { dataDialog.importing = false; dataDialog.open() } }
            MenuItem { text: qsTr("Import annotations…"); onTriggered: { dataDialog.importing = true; dataDialog.open() } }
            MenuItem { text: qsTr("Export demo video…"); enabled: presentAction.enabled; onTriggered: videoDialog.open() }
            MenuSeparator {}
            MenuItem { action: quitAction }
        }
        FittedMenu {
            title: qsTr("&Edit")
            MenuItem { action: undoAction }
            MenuItem { action: redoAction }
            MenuSeparator {}
            MenuItem { text: qsTr("Automatic marks (Set-of-Mark)"); enabled: !segmenter.busy; onTriggered: session.masks.autoMarks(20) }
            // numbered marks over the objects, for questions answered with mark numbers (Groma's proposals)
            FittedMenu {
                objectName: "proposeMenu"
                title: qsTr("Propose regions")
                enabled: !proposals.running
                MenuItem {
                    objectName: "proposeFlorence"
                    readonly property bool available: proposals.sources.indexOf("florence2") >= 0
                    text: available ? qsTr("With Florence-2 (region proposal task)")
                                    : qsTr("With Florence-2 (load a Florence-2 model first)")
                    enabled: available
                    onTriggered: proposals.propose("florence2", 40)
                }
                MenuItem {
                    objectName: "proposeSegmenter"
                    text: qsTr("With the segmenter's automatic marks")
                    enabled: proposals.sources.indexOf("segmenter") >= 0 && !segmenter.busy
                    onTriggered: proposals.propose("segmenter", 40)
                }
            }
            MenuSeparator {}
            MenuItem { action: settingsAction }
        }
        ToolsMenu { objectName: "toolsMenu"; session: session; ocr: ocr; expert: expert; selectedRegion: canvas.selectedRegion }
        FittedMenu {
            objectName: "viewMenu"
            title: qsTr("&View")
            MenuItem { action: fitAction }
            MenuItem { action: zoomInAction }
            MenuItem { action: zoomOutAction }
            MenuSeparator {}
            MenuItem { action: presentAction }
            TimelineMenu { session: session }
            MenuSeparator {}
            MenuItem { text: qsTr("Your regions"); checkable: true; checked: canvas.showUserRegions; onToggled: canvas.showUserRegions = checked }
            MenuItem { text: qsTr("Model regions"); checkable: true; checked: canvas.showModelRegions; onToggled: canvas.showModelRegions = checked }
            MenuItem { text: qsTr("Labels"); checkable: true; checked: settings.showLabels; onToggled: settings.showLabels = checked }
            MenuSeparator {}
            MenuItem { text: qsTr("Dark theme"); checkable: true; checked: settings.theme === "dark"
                       onToggled: settings.theme = checked ? "dark" : "light" }
            FittedMenu {
                title: qsTr("Language")
                objectName: "languageMenu"
                Repeater {
                    model: [["en", "English"], ["zh_CN", "简体中文"]]
                    delegate: MenuItem {
                        required property var modelData
                        objectName: "language_" + modelData[0]
                        text: modelData[1]
                        checkable: true
                        checked: LanguageController.active === modelData[0]
                        onTriggered: {
                            settings.language = modelData[0]
                            LanguageController.language = modelData[0]
                            // the click toggled the tick itself; the language in use decides it
                            checked = Qt.binding(() => LanguageController.active === modelData[0])
                        }
                    }
                }
            }
        }
        FittedMenu {
            title: qsTr("&Model")
            MenuItem { action: modelAction }
            MenuItem { objectName: "getModelsItem"; text: qsTr("Get models…"); onTriggered: getModelsDialog.open() }
            MenuItem { text: qsTr("Stop the answer"); enabled: session.conversation.answering; onTriggered: session.conversation.stop() }
        }
    }

    header: ToolBar {
        id: toolBar
        objectName: "toolBar"
        visible: !presenter.active
        Material.foreground: "white"
        Material.accent: "#ffd54f"
        background: Rectangle { color: window.Material.theme === Material.Dark ? "#2f3440" : "#3f51b5" }
        RowLayout {
            anchors.fill: parent
            spacing: 2
            // The groups of tools wrap onto a second row in a narrow window, so that every one stays in reach;
            // the model's name and button keep the right end.
            Flow {
                id: toolFlow
                Layout.fillWidth: true
                Layout.preferredWidth: 0
                spacing: 2
                ToolButton { id: openImageButton; objectName: "openImageButton"; action: openImageAction; display: AbstractButton.TextOnly }
                Row {
                    ToolSeparator {}
                    Repeater {
                        model: window.tools
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
                }
                Row {
                    ToolSeparator {}
                    ToolButton { objectName: "undoButton"; action: undoAction; text: qsTr("Undo"); display: AbstractButton.TextOnly }
                    ToolButton { objectName: "redoButton"; action: redoAction; text: qsTr("Redo"); display: AbstractButton.TextOnly }
                }
                Row {
                    spacing: 2
                    ToolSeparator {}
                    Label {
                        objectName: "zoomLabel"
                        width: 56
                        height: toolFlow.rowHeight
                        verticalAlignment: Text.AlignVCenter
                        text: qsTr("%1 %").arg((canvas.zoom * 100).toFixed(0))
                    }
                    Label {
                        height: toolFlow.rowHeight
                        verticalAlignment: Text.AlignVCenter
                        text: qsTr("Overlay")
                    }
                    Slider {
                        objectName: "overlaySlider"
                        width: 90
                        height: toolFlow.rowHeight
                        from: 0; to: 0.6
                        value: settings.overlayOpacity
                        onMoved: settings.overlayOpacity = value
                    }
                }
                readonly property real rowHeight: openImageButton.height
            }
            Label {
                id: modelStatus
                objectName: "modelStatus"
                elide: Text.ElideRight
                // gives way first in a narrow window, so that the tools need two rows at most
                Layout.preferredWidth: Math.min(implicitWidth, Math.max(120, Math.min(380, window.width - 680)))
                readonly property bool loadFailed: engine.loadError.length > 0 && engine.state !== EngineController.Loading
                // after a failed load the reason is too long for the toolbar: a click shows it in full
                text: loadFailed ? (engine.state === EngineController.Ready ? qsTr("⚠ Load failed — still using %1").arg(engine.modelName)
                                                                            : qsTr("⚠ Load failed — no model"))
                    : engine.state === EngineController.Ready
                      ? (engine.weights.length ? qsTr("Model: %1 (%2) · %3 weights, %4").arg(engine.modelName).arg(engine.dialect)
                                                     .arg(engine.weights).arg(Qt.locale().formattedDataSize(engine.weightBytes, 1))
                                               : qsTr("Model: %1 (%2)").arg(engine.modelName).arg(engine.dialect))
                    : engine.state === EngineController.Loading
                      ? (engine.loadStage.length ? qsTr("Loading model: %1… %2 %").arg(engine.loadStage).arg((engine.loadProgress * 100).toFixed(0))
                                                 : qsTr("Loading model… %1 %").arg((engine.loadProgress * 100).toFixed(0)))
                    : qsTr("No model — Model ▸ Choose model…")
                color: loadFailed ? "#ffcdd2" : "white"
                ToolTip.visible: statusMouse.containsMouse && (loadFailed || truncated)
                ToolTip.text: loadFailed ? engine.loadError : text
                MouseArea {
                    id: statusMouse
                    anchors.fill: parent
                    hoverEnabled: true
                    cursorShape: modelStatus.loadFailed ? Qt.PointingHandCursor : Qt.ArrowCursor
                    onClicked: if (modelStatus.loadFailed) modelDialog.open()
                }
            }
            BusyIndicator {
                visible: segmenter.busy || proposals.running
                running: visible
                Layout.preferredWidth: 28
                Layout.preferredHeight: 28
                ToolTip.visible: visible
                ToolTip.text: proposals.running ? qsTr("Proposing regions…") : qsTr("Making a mask…")
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
            ToolButton { objectName: "modelButton"; action: modelAction; text: qsTr("Model…"); display: AbstractButton.TextOnly }
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
                Button { text: qsTr("Restore"); onClicked: { window.opened(true, () => session.file.restoreAutosave()); restoreBar.visible = false } }
                Button { text: qsTr("Discard"); onClicked: { session.file.discardAutosave(); restoreBar.visible = false
                                                            window.openDemoSession() } }
            }
        }

        // A session or image that could not be opened: what and where, until dismissed.
        Pane {
            id: problemBar
            objectName: "problemBar"
            property string message
            function show(m) {
                message = m
                toast.close()
            }
            visible: message.length > 0
            Layout.fillWidth: true
            Material.background: Material.color(Material.Red, Material.Shade100)
            RowLayout {
                anchors.fill: parent
                Label {
                    objectName: "problemText"
                    Layout.fillWidth: true
                    text: problemBar.message
                    wrapMode: Text.Wrap
                    color: "black"
                }
                Button { text: qsTr("Dismiss"); onClicked: problemBar.message = "" }
            }
        }

        // A session naming images outside its folder: they are read only once the user agrees.
        Pane {
            id: outsideBar
            objectName: "outsideBar"
            property bool dismissed: false
            readonly property var paths: session.trust.outsideImages
            onPathsChanged: dismissed = false
            visible: paths.length > 0 && !dismissed
            Layout.fillWidth: true
            Material.background: Material.color(Material.Amber, Material.Shade100)
            RowLayout {
                anchors.fill: parent
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("This session refers to %n image(s) outside its folder. GroundChat has not read them. Load them?",
                                   "", outsideBar.paths.length)
                        wrapMode: Text.Wrap
                        color: "black"
                    }
                    Label {
                        objectName: "outsidePaths"
                        Layout.fillWidth: true
                        readonly property int shown: 3
                        text: outsideBar.paths.slice(0, shown).join("\n")
                              + (outsideBar.paths.length > shown ? "\n" + qsTr("… and %n more", "", outsideBar.paths.length - shown) : "")
                        elide: Text.ElideMiddle
                        font.family: "monospace"
                        color: "black"
                    }
                }
                Button { objectName: "loadOutsideButton"; text: qsTr("Load them"); onClicked: session.trust.loadOutsideImages() }
                Button { objectName: "keepOutsideButton"; text: qsTr("Not now"); onClicked: outsideBar.dismissed = true }
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
                        id: thumb
                        required property int index
                        required property url url
                        required property string name
                        required property bool pending
                        required property bool withinLimit
                        width: 110
                        height: 80
                        highlighted: ListView.isCurrentItem
                        onClicked: session.currentImage = index
                        ToolTip.visible: hovered
                        ToolTip.text: name
                        contentItem: Image {
                            id: thumbImage
                            source: thumb.withinLimit ? thumb.url : ""
                            sourceSize.height: 72
                            fillMode: Image.PreserveAspectFit
                            asynchronous: true
                            // an image not read yet, or one that cannot be read, says so
                            Label {
                                anchors.centerIn: parent
                                width: parent.width
                                visible: thumb.pending || !thumb.withinLimit || thumbImage.status === Image.Error
                                text: thumb.pending ? qsTr("Not loaded") : !thumb.withinLimit ? qsTr("Too large")
                                                                                               : qsTr("Unreadable")
                                horizontalAlignment: Text.AlignHCenter
                                wrapMode: Text.Wrap
                                font.pixelSize: 11
                                opacity: 0.8
                            }
                        }
                    }
                }
                }
            }

            ColumnLayout {
                // leaves the canvas its minimum in a narrow window (800 px)
                SplitView.preferredWidth: Math.max(340, Math.min(480, window.width - 420))
                SplitView.minimumWidth: 340
                spacing: 0
                TabBar {
                    id: tabs
                    Layout.fillWidth: true
                    TabButton { text: qsTr("Chat") }
                    TabButton { text: qsTr("Regions (%1)").arg(regionList.count) }
                    TabButton { text: qsTr("Dialects") }
                    TabButton { objectName: "lensTab"; text: qsTr("Lens") }
                }
                StackLayout {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    currentIndex: tabs.currentIndex
                    ChatPanel {
                        id: chatPanel
                        session: session
                        engine: engine
                        ocr: ocr
                        expert: expert
                        presenting: presenter.active
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
                    LensPanel { objectName: "lensPanel"; session: session; engine: engine; canvas: canvas
                                shown: visible && !presenter.active }
                }
            }
        }
    }

    // Present mode (View ▸ Present, F5): the session replayed in these views, full-screen and in larger type.
    Presenter { id: presenter; objectName: "presenter"; session: session }
    PresentView { id: presentView; anchors.fill: parent; z: 100; presenter: presenter; chatList: chatPanel.messageList }
    VideoExportDialog { id: videoDialog; z: 101; presenter: presenter; presentView: presentView; window: window; overlayParent: Overlay.overlay }
    Binding { target: chatPanel; property: "draft"; value: presenter.draft; when: presenter.active; restoreMode: Binding.RestoreValue }
    Binding { target: window; property: "font.pixelSize"; value: 20; when: presenter.active; restoreMode: Binding.RestoreBindingOrValue }
    Connections {
        target: presenter
        function onActiveChanged() {
            if (!window.headless)
                window.visibility = presenter.active ? Window.FullScreen : Window.Windowed
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

    // Dialogs sit in the middle of the whole window and darken what is behind them; the style's dimming in the
    // dark theme is a light grey that washes the dark window out instead.
    Component {
        id: scrim
        Rectangle {
            color: window.Material.theme === Material.Dark ? Qt.rgba(0, 0, 0, 0.6) : window.Material.backgroundDimColor
            Behavior on opacity { NumberAnimation { duration: 150 } }
        }
    }

    SettingsDialog {
        id: settingsDialog
        objectName: "settingsDialog"
        anchors.centerIn: Overlay.overlay
        Overlay.modal: scrim
        session: session
        engine: engine
        settings: settings
    }

    // Qt 6.4 writes a dialog's standard buttons ("Close") once, in the language of that moment, and the
    // language is set after the dialogs exist: write them again in the new one.
    Connections {
        target: LanguageController
        function onLanguageChanged() {
            for (const dialog of [settingsDialog, modelDialog, dataDialog]) {
                const buttons = dialog.footer.standardButtons
                dialog.footer.standardButtons = Dialog.NoButton
                dialog.footer.standardButtons = buttons
            }
        }
    }

    Connections {
        target: session
        function onCurrentImageChanged() {
            const url = session.currentImageUrl.toString()
            if (url.startsWith("file://"))
                window.remember(decodeURIComponent(url.substring(7)))
        }
    }
    Connections {
        target: session.file
        function onFilePathChanged() {
            if (session.file.filePath.length)
                window.remember(session.file.filePath)
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
        onAccepted: window.opened(true, () => session.file.open(selectedFile))
    }
    // our own save dialog: Qt 6.4's Quick fallback says "Open" and waits for the name field to lose focus
    SaveFileDialog {
        id: sessionSaveDialog
        objectName: "sessionSaveDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        Overlay.modal: scrim
        title: qsTr("Save the session")
        defaultSuffix: "gcsession"
        onAboutToShow: {
            folder = session.file.suggestedFolder()
            fileName = session.file.filePath.length ? session.file.filePath.split("/").pop() : ""
        }
        onAccepted: {
            if (session.file.save(selectedFile) && window.continueAfterSave)
                window.runPending()
            window.continueAfterSave = false
        }
        onRejected: window.continueAfterSave = false
    }
    Dialog {
        id: unsavedDialog
        objectName: "unsavedDialog"
        anchors.centerIn: Overlay.overlay
        Overlay.modal: scrim
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
            if (session.file.filePath.length) {
                if (session.file.saveToPath(session.file.filePath))
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
        objectName: "dataDialog"
        anchors.centerIn: Overlay.overlay
        Overlay.modal: scrim
        session: session
    }

    GetModelsDialog {
        id: getModelsDialog
        objectName: "getModelsDialog"
        anchors.centerIn: Overlay.overlay
        chooser: models
    }

    ModelDialog {
        id: modelDialog
        objectName: "modelDialog"
        anchors.centerIn: Overlay.overlay
        Overlay.modal: scrim
        engine: engine
        chooser: models
    }
}
