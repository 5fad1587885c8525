pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import GroundChat.Core

// Choose what answers: the built-in demo model, a model folder run in-process, or a model on an
// OpenAI-compatible server (vLLM, SGLang, llama.cpp, Ollama, LM Studio).
Dialog {
    id: dialog
    property EngineController engine
    property ModelChooser chooser
    readonly property HubSnapshotList downloaded: snapshotList
    title: qsTr("Choose a model")
    modal: true
    width: 560
    standardButtons: Dialog.Close

    // A new weight format for the model that answers reloads it at once; for another one it waits for "Use".
    function reloadIfLoaded(folder, format) {
        if (engine.modelFolder === folder)
            engine.reloadWeights(format)
    }

    // The dialog stays open until the model picked here has loaded, or shows why it did not.
    Connections {
        target: dialog.chooser
        function onChosen() { dialog.close() }
    }

    HubSnapshotList { id: snapshotList }
    onAboutToShow: snapshotList.refresh()

    RemoteServerSettings {
        id: servers
        keyServer: serverField.editText
    }
    RemoteModelList {
        id: remoteModels
        serverUrl: serverField.editText
        timeoutSeconds: servers.connectTimeoutSeconds
    }

    // scrolls in a window too low for it (800×600, or with a load error shown)
    height: Overlay.overlay ? Math.min(implicitHeight, Overlay.overlay.height - 24) : implicitHeight
    ScrollView {
        objectName: "modelDialogScroll"
        anchors.fill: parent
        contentWidth: availableWidth
        clip: true
        ColumnLayout {
            width: parent.width
            spacing: 10

            RowLayout {
                Layout.fillWidth: true
                visible: dialog.engine.state === EngineController.Loading
                Label {
                    objectName: "loadingLabel"
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: dialog.engine.loadStage.length
                          ? qsTr("Loading model: %1… %2 %").arg(dialog.engine.loadStage).arg((dialog.engine.loadProgress * 100).toFixed(0))
                          : qsTr("Loading model… %1 %").arg((dialog.engine.loadProgress * 100).toFixed(0))
                }
                Button {
                    objectName: "cancelLoad"
                    text: qsTr("Cancel")
                    onClicked: dialog.engine.cancelLoad()
                }
            }
            // Why the last model did not load, in full: the sentence, the technical cause, what answers now.
            Frame {
                objectName: "loadErrorBox"
                Layout.fillWidth: true
                visible: dialog.engine.loadError.length > 0
                ColumnLayout {
                    anchors.fill: parent
                    Label {
                        objectName: "loadErrorText"
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: "#c62828"
                        font.bold: true
                        text: qsTr("The model could not be loaded: %1").arg(dialog.engine.loadError)
                    }
                    TextEdit {
                        objectName: "loadErrorDetail"
                        Layout.fillWidth: true
                        visible: dialog.engine.loadErrorDetail.length > 0
                        readOnly: true
                        selectByMouse: true
                        wrapMode: TextEdit.WrapAnywhere
                        font.family: "monospace"
                        color: palette.windowText
                        text: dialog.engine.loadErrorDetail
                    }
                    Label {
                        objectName: "loadErrorFallback"
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: dialog.engine.state === EngineController.Ready
                              ? qsTr("Still answering with: %1").arg(dialog.engine.modelName)
                              : qsTr("No model is loaded.")
                    }
                }
            }

            GroupBox {
                title: qsTr("Built-in")
                Layout.fillWidth: true
                ColumnLayout {
                    anchors.fill: parent
                    RowLayout {
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            text: dialog.chooser.demoInstalled
                                  ? qsTr("Demo model: a small Kosmos-2 trained on synthetic scenes of coloured shapes. It knows nothing else.")
                                  : qsTr("The demo model is not installed.")
                        }
                        Button {
                            objectName: "useDemoModel"
                            text: qsTr("Use")
                            enabled: dialog.chooser.demoInstalled
                            onClicked: dialog.chooser.chooseDemo()
                        }
                    }
                    WeightFormatBox {
                        objectName: "demoWeights"
                        Layout.fillWidth: true
                        folder: dialog.chooser.demoInstalled ? dialog.engine.demoModelPath() : ""
                        onPicked: format => dialog.reloadIfLoaded(folder, format)
                    }
                }
            }

            GroupBox {
                title: qsTr("Model folder (runs on this computer)")
                Layout.fillWidth: true
                ColumnLayout {
                    anchors.fill: parent
                    RowLayout {
                        Label {
                            Layout.fillWidth: true
                            elide: Text.ElideMiddle
                            text: dialog.chooser.remembered.folder.length ? dialog.chooser.remembered.folder
                                                                          : qsTr("A Hugging Face snapshot: config.json, *.safetensors or pytorch_model.bin, tokenizer files (Kosmos-2).")
                            wrapMode: Text.Wrap
                        }
                        Button {
                            text: qsTr("Choose…")
                            onClicked: folderDialog.open()
                        }
                    }
                    WeightFormatBox {
                        objectName: "folderWeights"
                        Layout.fillWidth: true
                        folder: dialog.chooser.remembered.folder
                        onPicked: format => dialog.reloadIfLoaded(folder, format)
                    }
                    PixelBudgetBox {
                        objectName: "folderPixelBudget"
                        Layout.fillWidth: true
                        folder: dialog.chooser.remembered.folder
                        onApplied: if (dialog.engine.modelFolder === folder) dialog.engine.reloadPixelBudget()
                    }
                }
            }

            // every model on disk that GroundChat runs: the Hugging Face cache's snapshots (Model ▸ Get models… puts
            // them there) and the folders it remembers (pull --dir, chosen folders)
            GroupBox {
                objectName: "downloadedModels"
                title: qsTr("Models on disk")
                Layout.fillWidth: true
                visible: snapshotList.snapshots.length > 0
                ColumnLayout {
                    anchors.fill: parent
                    Repeater {
                        model: snapshotList.snapshots
                        delegate: RowLayout {
                            id: snapshotRow
                            required property var modelData
                            Layout.fillWidth: true
                            Label {
                                Layout.fillWidth: true
                                elide: Text.ElideRight
                                text: qsTr("%1 (%2, %3)").arg(snapshotRow.modelData.repoId)
                                      .arg(snapshotRow.modelData.refs || snapshotRow.modelData.commit || snapshotRow.modelData.folder)
                                      .arg(snapshotRow.modelData.size)
                            }
                            Button {
                                objectName: "useSnapshot_" + snapshotRow.modelData.repoId
                                text: qsTr("Use")
                                onClicked: dialog.chooser.chooseFolder(snapshotRow.modelData.folder)
                            }
                        }
                    }
                }
            }

            GroupBox {
                title: qsTr("Server (OpenAI-compatible)")
                Layout.fillWidth: true
                GridLayout {
                    anchors.fill: parent
                    columns: 3
                    Label { text: qsTr("Address") }
                    ComboBox {
                        id: serverField
                        objectName: "serverField"
                        Layout.fillWidth: true
                        editable: true
                        model: servers.servers
                        Component.onCompleted: editText = servers.servers.length ? servers.servers[0] : "http://127.0.0.1:8000"
                    }
                    Button {
                        objectName: "listModels"
                        text: qsTr("List models")
                        enabled: !remoteModels.loading
                        onClicked: {
                            if (apiKey.text.length)
                                servers.setApiKey(serverField.editText, apiKey.text)
                            remoteModels.refresh()
                        }
                    }
                    Label { text: qsTr("API key") }
                    TextField {
                        id: apiKey
                        objectName: "apiKey"
                        Layout.fillWidth: true
                        Layout.columnSpan: 2
                        echoMode: TextInput.Password
                        placeholderText: servers.keyStored ? qsTr("(stored)") : qsTr("none")
                    }
                    // where the key is kept when it is not in a keyring, and why a keyring did not take it
                    Label {
                        objectName: "keyStorageWarning"
                        Layout.columnSpan: 3
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        visible: text.length > 0
                        color: "#c62828"
                        text: servers.keyError.length ? servers.keyError : servers.keyStorageWarning
                    }
                    Label { text: qsTr("Model") }
                    ComboBox {
                        id: remoteModel
                        objectName: "remoteModel"
                        Layout.fillWidth: true
                        model: remoteModels
                        textRole: "modelId"
                        // a new list starts at its first model: the box keeps no choice across the list's reset
                        Connections {
                            target: remoteModels
                            function onRefreshed() { remoteModel.currentIndex = remoteModels.count > 0 ? 0 : -1 }
                        }
                    }
                    Button {
                        objectName: "useRemoteModel"
                        text: qsTr("Use")
                        enabled: remoteModel.currentIndex >= 0
                        onClicked: {
                            const name = remoteModels.modelAt(remoteModel.currentIndex)
                            if (apiKey.text.length)
                                servers.setApiKey(serverField.editText, apiKey.text)
                            servers.remember(serverField.editText, name)
                            dialog.chooser.chooseServer(serverField.editText, name)
                        }
                    }
                    Label {
                        Layout.columnSpan: 3
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        visible: text.length > 0
                        color: remoteModels.errorText.length ? "#c62828" : palette.windowText
                        text: remoteModels.loading ? qsTr("Asking the server…")
                              : remoteModels.errorText.length ? remoteModels.errorText
                              : remoteModel.currentIndex >= 0
                                ? qsTr("Region dialect: %1").arg(remoteModels.dialectFor(remoteModels.modelAt(remoteModel.currentIndex)) || qsTr("none recognised (plain chat)"))
                                : ""
                    }
                }
            }
        }
    }

    FolderDialog {
        id: folderDialog
        title: qsTr("Choose a model folder (config.json, *.safetensors or pytorch_model.bin, tokenizer)")
        onAccepted: {
            snapshotList.addFolder(selectedFolder)
            dialog.chooser.chooseFolder(selectedFolder)
        }
    }
}
