pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GroundChat.Core

// The conversation about the current image: streaming answers with phrases linked to regions, and the
// message box where regions become chips.
Pane {
    id: panel
    property Session session
    property EngineController engine
    // Tools ▸ Read text: its progress and its text for the next message show above the message box
    property SessionOcr ocr
    // the grounding expert: its progress shows above the message box too
    property SessionExpert expert
    padding: 6
    // Bumped when the regions change, so what depends on the cited regions is worked out again.
    property int regionsRevision: 0
    // Why the message cannot be sent as it stands ("" when it can): shown before sending.
    readonly property string problem: panel.session && panel.regionsRevision >= 0
                                      ? panel.session.conversation.promptError(input.text, task.currentValue ?? "") : ""

    Connections {
        target: panel.session ? panel.session.regions : null
        function onRowsInserted() { panel.regionsRevision++ }
        function onRowsRemoved() { panel.regionsRevision++ }
        function onModelReset() { panel.regionsRevision++ }
    }

    // Present mode: the messages (a turn is chosen from them) and the question that types itself.
    readonly property alias messageList: messages
    property alias draft: input.text
    property bool presenting: false

    function cite(regionId) {
        input.insert(input.cursorPosition, (input.text.length && !input.text.endsWith(" ") ? " " : "") + "@" + regionId + " ")
        input.forceActiveFocus()
    }

    // the style's text colour (light or dark theme) for the rich-text views, which do not follow it
    Label { id: textColour; visible: false }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        ListView {
            id: messages
            objectName: "messageList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 8
            model: panel.session ? panel.session.chat : null
            // Keeps the newest message in view as it arrives and while an answer streams in, until the user
            // scrolls up to read; scrolling back to the end follows again.
            property bool followEnd: true
            onMovementEnded: followEnd = atYEnd
            onCountChanged: { followEnd = true; Qt.callLater(positionViewAtEnd) }
            onContentHeightChanged: if (followEnd) Qt.callLater(positionViewAtEnd)

            Label {
                anchors.centerIn: parent
                width: parent.width - 40
                visible: messages.count === 0 && !panel.presenting
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                opacity: 0.6
                text: panel.engine && panel.engine.state === EngineController.Ready
                      ? qsTr("Ask about the image, or pick a task below. Draw a region and cite it with @R1 to ask about that part.")
                      : qsTr("Choose a model (Model ▸ Choose model…) to start chatting. You can draw regions already.")
            }
            delegate: Frame {
                id: bubble
                required property int index
                required property bool fromUser
                required property string text
                required property string prompt
                required property bool streaming
                required property bool cancelled
                required property string error
                required property double ttftMs
                required property double tokensPerSecond
                required property int tokens
                required property int searchStep
                required property int searchMaxSteps
                required property int tilesDone
                required property int tilesTotal
                required property rect crop
                required property var entities
                required property int highlightedEntity
                required property var tools
                width: messages.width - 12
                x: fromUser ? 12 : 0
                background: Rectangle {
                    radius: 6
                    color: bubble.fromUser ? Qt.rgba(0.3, 0.5, 0.9, 0.15) : Qt.rgba(0.5, 0.5, 0.5, 0.10)
                }
                ColumnLayout {
                    width: parent.width
                    Label {
                        text: bubble.fromUser ? qsTr("You") : qsTr("Model")
                        font.bold: true
                        opacity: 0.7
                    }
                    ZoomCropView {
                        source: panel.session ? panel.session.currentImageUrl : ""
                        crop: bubble.crop
                    }
                    TextEdit {
                        objectName: "messageText"
                        Layout.fillWidth: true
                        readOnly: true
                        selectByMouse: true
                        wrapMode: TextEdit.Wrap
                        textFormat: TextEdit.RichText
                        color: textColour.color
                        font.pixelSize: 15
                        // re-evaluated when the text streams in or the hovered phrase changes
                        text: bubble.text.length >= 0 && panel.session
                              ? panel.session.chat.richTextFor(bubble.index, bubble.highlightedEntity,
                                                             textColour.color.hslLightness > 0.5) : ""
                        onLinkHovered: (link) => {
                            const target = panel.session.chat.linkTarget(link)
                            if (target.entity >= 0)
                                panel.session.hoverEntity(bubble.index, target.entity)
                            else if (target.mark >= 0)
                                panel.session.hoverRegion("M" + target.mark)
                            else
                                panel.session.clearHover()
                        }
                        onLinkActivated: (link) => {
                            const target = panel.session.chat.linkTarget(link)
                            if (target.entity >= 0)
                                panel.session.hoverEntity(bubble.index, target.entity)
                        }
                    }
                    ToolRunsView {
                        Layout.fillWidth: true
                        visible: bubble.tools.length > 0
                        runs: bubble.tools
                    }
                    Label {
                        visible: bubble.fromUser && bubble.prompt.length > 0 && bubble.prompt !== bubble.text
                        Layout.fillWidth: true
                        wrapMode: Text.WrapAnywhere
                        font.family: "monospace"
                        font.pixelSize: 11
                        opacity: 0.6
                        text: qsTr("Sent: %1").arg(bubble.prompt)
                    }
                    Label {
                        objectName: "messageError"
                        visible: bubble.error.length > 0
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: "#c62828"
                        text: "⚠ " + bubble.error
                    }
                    // A beam search has no text until it ends: its steps instead, and why there is no text yet.
                    ColumnLayout {
                        objectName: "searchProgress"
                        visible: bubble.streaming && bubble.searchMaxSteps > 0
                        Layout.fillWidth: true
                        ProgressBar {
                            Layout.fillWidth: true
                            from: 0
                            to: Math.max(1, bubble.searchMaxSteps)
                            value: bubble.searchStep
                        }
                        Label {
                            objectName: "searchProgressText"
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            opacity: 0.7
                            font.pixelSize: 12
                            text: qsTr("Beam search: step %1 of at most %2. The answer is shown when the search ends.")
                                  .arg(bubble.searchStep).arg(bubble.searchMaxSteps)
                        }
                    }
                    TileProgress {
                        visible: bubble.streaming && bubble.tilesTotal > 0
                        Layout.fillWidth: true
                        done: bubble.tilesDone
                        total: bubble.tilesTotal
                    }
                    RowLayout {
                        visible: !bubble.fromUser
                        BusyIndicator {
                            running: bubble.streaming
                            visible: running
                            Layout.preferredWidth: 22
                            Layout.preferredHeight: 22
                        }
                        Label {
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                            opacity: 0.6
                            font.pixelSize: 11
                            text: bubble.streaming ? qsTr("answering…")
                                  : (bubble.cancelled ? qsTr("stopped · ") : "")
                                    + (bubble.tilesTotal > 0 ? qsTr("%1 of %2 views (tiles) · ").arg(bubble.tilesDone).arg(bubble.tilesTotal) : "")
                                    + qsTr("first token %1 ms · %2 tok/s · %n token(s)", "", bubble.tokens)
                                      .arg(bubble.ttftMs.toFixed(0)).arg(bubble.tokensPerSecond.toFixed(1))
                        }
                        ToolButton {
                            text: qsTr("Copy")
                            enabled: !bubble.streaming
                            onClicked: panel.session.conversation.copyMessage(bubble.index)
                        }
                        ToolButton {
                            text: qsTr("Masks")
                            visible: bubble.entities.length > 0
                            enabled: !bubble.streaming && panel.session.masks.segmenter !== null
                            ToolTip.visible: hovered
                            ToolTip.text: qsTr("Turn every box of this answer into a mask")
                            onClicked: panel.session.masks.masksForAnswer(bubble.index)
                        }
                        ToolButton {
                            objectName: "regenerateButton"
                            text: qsTr("Regenerate")
                            enabled: !bubble.streaming && !panel.session.conversation.answering
                            ToolTip.visible: hovered
                            ToolTip.text: bubble.index === messages.count - 1
                                          ? qsTr("Answer this question again")
                                          : qsTr("Answer this question again; the later turns are removed (Undo brings them back)")
                            onClicked: panel.session.conversation.regenerate(bubble.index)
                        }
                    }
                }
            }
        }

        RowLayout {
            objectName: "expertProgress"
            visible: panel.expert !== null && panel.expert.running
            Layout.fillWidth: true
            Label { text: qsTr("Grounding the answer…"); font.pixelSize: 12 }
            ProgressBar {
                Layout.fillWidth: true
                from: 0
                to: 100
                value: panel.expert ? panel.expert.progress : 0
            }
            Button {
                objectName: "expertCancel"
                text: qsTr("Stop")
                flat: true
                onClicked: panel.expert.cancel()
            }
        }

        OcrComposerBar {
            id: ocrBar
            Layout.fillWidth: true
            ocr: panel.ocr
            regionsRevision: panel.regionsRevision
            freeChat: (task.currentValue ?? "") === "" || task.currentValue === "chat"
        }

        // Chips: the regions this message cites.
        Flow {
            Layout.fillWidth: true
            spacing: 4
            Repeater {
                model: panel.session && panel.regionsRevision >= 0 ? panel.session.conversation.chipsIn(input.text) : []
                delegate: Rectangle {
                    id: chip
                    required property var modelData
                    height: chipText.implicitHeight + 6
                    width: chipText.implicitWidth + 12
                    radius: height / 2
                    color: modelData.valid ? RegionPalette.color(modelData.colorIndex) : "#9e9e9e"
                    Text {
                        id: chipText
                        anchors.centerIn: parent
                        color: "white"
                        text: chip.modelData.valid ? chip.modelData.regionId + (chip.modelData.label ? " · " + chip.modelData.label : "")
                                                   : qsTr("%1 (no such region)").arg(chip.modelData.regionId)
                    }
                }
            }
        }

        // The pickers are as wide as their widest entry where the panel has the room, and narrower where it has
        // not (a fixed width would make this row, and so every row of the panel, wider than the panel: the
        // answers and the Send button would run off its edge); the prompt's preview takes what is left.
        RowLayout {
            objectName: "composerRow"
            Layout.fillWidth: true
            ComboBox {
                id: task
                objectName: "taskBox"
                Layout.fillWidth: true
                Layout.maximumWidth: implicitWidth
                Layout.minimumWidth: 80
                implicitContentWidthPolicy: ComboBox.WidestText
                model: panel.session && panel.engine ? panel.session.conversation.taskPresets() : []
                textRole: "label"
                valueRole: "id"
                // a model's list opens on its first task it was trained for (Florence-2 has no free chat)
                onModelChanged: {
                    const presets = model || []
                    const trained = presets.findIndex(p => p.trained)
                    currentIndex = trained >= 0 ? trained : 0
                }
                // the list says what each task takes besides the image
                delegate: ItemDelegate {
                    required property var modelData
                    required property int index
                    width: ListView.view ? ListView.view.width : implicitWidth
                    highlighted: task.highlightedIndex === index
                    text: qsTr("%1 — %2").arg(modelData.label).arg(modelData.inputLabel)
                }
                FontMetrics { id: entryMetrics; font: task.font }
                popup.width: {
                    let widest = task.width
                    for (const p of task.model)
                        widest = Math.max(widest, entryMetrics.advanceWidth(qsTr("%1 — %2").arg(p.label).arg(p.inputLabel)) + 40)
                    return widest
                }
                // refresh when the model (and so the dialect) changes
                Connections {
                    target: panel.session ? panel.session.conversation : null
                    function onDialectChanged() { task.model = panel.session.conversation.taskPresets() }
                }
                Connections {
                    target: LanguageController
                    function onLanguageChanged() { task.model = panel.session.conversation.taskPresets() }
                }
            }
            TilingBox {
                Layout.fillWidth: true
                Layout.maximumWidth: implicitWidth
                Layout.minimumWidth: 80
                conversation: panel.session ? panel.session.conversation : null
            }
            Label {
                objectName: "promptPreview"
                Layout.fillWidth: true
                // the whole prompt is its implicit width: it must not widen the panel
                Layout.preferredWidth: 0
                elide: Text.ElideRight
                opacity: 0.6
                font.family: "monospace"
                font.pixelSize: 11
                visible: panel.problem.length === 0
                text: panel.session && panel.regionsRevision >= 0
                      ? panel.session.conversation.previewPrompt(input.text, task.currentValue ?? "") : ""
            }
        }
        Label {
            objectName: "promptProblem"
            Layout.fillWidth: true
            visible: panel.problem.length > 0 && (input.text.length > 0 || task.currentIndex > 0)
            wrapMode: Text.Wrap
            // with nothing typed yet it is guidance for the next message, not an error
            color: input.text.length > 0 ? "#c62828" : palette.placeholderText
            font.pixelSize: 12
            text: panel.problem
        }
        RowLayout {
            Layout.fillWidth: true
            ScrollView {
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(120, Math.max(44, input.implicitHeight))
                TextArea {
                    id: input
                    objectName: "messageInput"
                    // a task asks for what it takes: nothing, a phrase, a drawn box
                    readonly property var preset: task.model && task.currentIndex >= 0 ? task.model[task.currentIndex] : undefined
                    placeholderText: preset && preset.inputHint
                                     ? preset.inputHint
                                     : qsTr("Ask about the image. Cite regions with @R1, @3 (marks) or Alt+drag them here.")
                    wrapMode: TextEdit.Wrap
                    Keys.onReturnPressed: (e) => {
                        if (e.modifiers & Qt.ShiftModifier) { e.accepted = false; return }
                        if (sendButton.enabled)
                            sendButton.clicked()
                    }
                    DropArea {
                        anchors.fill: parent
                        keys: ["text/plain"]
                        onDropped: (drop) => panel.cite(drop.text.replace(/^@/, ""))
                    }
                }
            }
            Button {
                id: sendButton
                objectName: "sendButton"
                visible: !(panel.session && panel.session.conversation.answering)
                text: qsTr("Send")
                enabled: panel.engine && panel.engine.state === EngineController.Ready && panel.problem.length === 0
                         && !(panel.ocr && panel.ocr.running)
                onClicked: {
                    if (ocrBar.include ? panel.ocr.sendWithHint(input.text, task.currentValue ?? "")
                                       : panel.session.conversation.send(input.text, task.currentValue ?? ""))
                        input.clear()
                }
            }
            Button {
                objectName: "stopButton"
                visible: panel.session && panel.session.conversation.answering
                text: qsTr("Stop")
                onClicked: panel.session.conversation.stop()
            }
        }
    }
}
