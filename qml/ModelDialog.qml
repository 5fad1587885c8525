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
    property var settings
    title: qsTr("Choose a model")
    modal: true
    width: 560
    standardButtons: Dialog.Close

    RemoteServerSettings { id: servers }
    RemoteModelList {
        id: remoteModels
        serverUrl: serverField.editText
        timeoutSeconds: servers.connectTimeoutSeconds
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 10

        GroupBox {
            title: qsTr("Built-in")
            Layout.fillWidth: true
            RowLayout {
                anchors.fill: parent
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: dialog.engine.demoModelPath().length
                          ? qsTr("Demo model: a small Kosmos-2 trained on synthetic scenes of coloured shapes. It knows nothing else.")
                          : qsTr("The demo model is not installed.")
                }
                Button {
                    objectName: "useDemoModel"
                    text: qsTr("Use")
                    enabled: dialog.engine.demoModelPath().length > 0
                    onClicked: {
                        dialog.settings.modelKind = "demo"
                        dialog.settings.modelFolder = ""
                        dialog.engine.loadModel("folder", dialog.engine.demoModelPath())
                        dialog.close()
                    }
                }
            }
        }

        GroupBox {
            title: qsTr("Model folder (runs on this computer)")
            Layout.fillWidth: true
            RowLayout {
                anchors.fill: parent
                Label {
                    Layout.fillWidth: true
                    elide: Text.ElideMiddle
                    text: dialog.settings.modelFolder.length ? dialog.settings.modelFolder
                                                             : qsTr("A Hugging Face snapshot: config.json, *.safetensors, tokenizer files (Kosmos-2).")
                    wrapMode: Text.Wrap
                }
                Button {
                    text: qsTr("Choose…")
                    onClicked: folderDialog.open()
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
                    Layout.fillWidth: true
                    Layout.columnSpan: 2
                    echoMode: TextInput.Password
                    placeholderText: servers.hasApiKey(serverField.editText) ? qsTr("(stored)") : qsTr("none")
                }
                Label { text: qsTr("Model") }
                ComboBox {
                    id: remoteModel
                    objectName: "remoteModel"
                    Layout.fillWidth: true
                    model: remoteModels
                    textRole: "modelId"
                }
                Button {
                    text: qsTr("Use")
                    enabled: remoteModel.currentIndex >= 0
                    onClicked: {
                        const name = remoteModels.modelAt(remoteModel.currentIndex)
                        if (apiKey.text.length)
                            servers.setApiKey(serverField.editText, apiKey.text)
                        servers.remember(serverField.editText, name)
                        dialog.settings.modelKind = "remote"
                        dialog.settings.remoteSpec = serverField.editText + "|" + name
                        dialog.engine.loadModel("remote", dialog.settings.remoteSpec)
                        dialog.close()
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

    FolderDialog {
        id: folderDialog
        title: qsTr("Choose a model folder (config.json, *.safetensors, tokenizer)")
        onAccepted: {
            const path = decodeURIComponent(selectedFolder.toString().replace(/^file:\/\//, ""))
            dialog.settings.modelKind = "folder"
            dialog.settings.modelFolder = path
            dialog.engine.loadModel("folder", path)
            dialog.close()
        }
    }
}
