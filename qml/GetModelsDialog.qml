pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GroundChat.Core

// Model ▸ Get models…: a repo-id box, the download (one at a time) with its files, totals, speed and time
// left, then the curated catalogue. Not modal: the download goes on while the user chats, with the dialog
// closed too.
Dialog {
    id: dialog
    property ModelChooser chooser
    readonly property HubDownloads downloads: hubDownloads
    title: qsTr("Get models")
    modal: false
    width: 640
    height: Overlay.overlay ? Math.min(implicitHeight, Overlay.overlay.height - 24) : implicitHeight
    standardButtons: Dialog.Close

    HubDownloads { id: hubDownloads }

    function statusText() {
        switch (hubDownloads.state) {
        case HubDownloads.Listing: return qsTr("Reading the list of files…")
        case HubDownloads.Downloading: return qsTr("Downloading")
        case HubDownloads.Paused: return qsTr("Paused")
        case HubDownloads.Finished: return qsTr("Done. The model is in the model picker.")
        case HubDownloads.Failed: return qsTr("Failed")
        case HubDownloads.Cancelled: return qsTr("Cancelled; the partial files were removed.")
        }
        return ""
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        clip: true
        ColumnLayout {
            width: parent.width
            spacing: 8

            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("Models GroundChat runs on this computer. They go into the Hugging Face cache, shared with Python tools; a mirror is used when HF_ENDPOINT is set.")
            }
            RowLayout {
                Layout.fillWidth: true
                TextField {
                    id: repoField
                    objectName: "repoField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Any model: owner/name, e.g. microsoft/Florence-2-base")
                    onAccepted: hubDownloads.pull(text)
                }
                Button {
                    objectName: "downloadRepo"
                    text: qsTr("Download")
                    enabled: repoField.text.trim().length > 0
                    onClicked: hubDownloads.pull(repoField.text)
                }
            }
            TextField {
                objectName: "tokenField"
                Layout.fillWidth: true
                echoMode: TextInput.Password
                placeholderText: qsTr("Access token for gated models (optional; kept like the servers' API keys; HF_TOKEN is used when set)")
                onTextChanged: hubDownloads.token = text
                onEditingFinished: if (text.length) hubDownloads.storeToken(text)
            }

            Frame {
                objectName: "downloadPanel"
                Layout.fillWidth: true
                visible: hubDownloads.state !== HubDownloads.Idle
                ColumnLayout {
                    anchors.fill: parent
                    RowLayout {
                        Label {
                            objectName: "downloadTitle"
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                            font.bold: true
                            text: hubDownloads.repoId
                        }
                        Label { objectName: "downloadStatus"; text: dialog.statusText() }
                    }
                    ProgressBar {
                        objectName: "totalProgress"
                        Layout.fillWidth: true
                        value: hubDownloads.totalBytes > 0 ? hubDownloads.doneBytes / hubDownloads.totalBytes : 0
                    }
                    Label {
                        objectName: "totals"
                        Layout.fillWidth: true
                        visible: hubDownloads.totalBytes > 0
                        text: {
                            let t = qsTr("%1 of %2").arg(hubDownloads.bytesText(hubDownloads.doneBytes))
                                                    .arg(hubDownloads.bytesText(hubDownloads.totalBytes))
                            if (hubDownloads.bytesPerSecond > 0)
                                t += " · " + qsTr("%1/s").arg(hubDownloads.bytesText(hubDownloads.bytesPerSecond))
                            if (hubDownloads.secondsLeft >= 0)
                                t += " · " + qsTr("%1 left").arg(hubDownloads.durationText(hubDownloads.secondsLeft))
                            return t
                        }
                    }
                    ListView {
                        objectName: "files"
                        Layout.fillWidth: true
                        Layout.preferredHeight: Math.min(contentHeight, 160)
                        clip: true
                        model: hubDownloads
                        delegate: RowLayout {
                            id: fileRow
                            required property string path
                            required property double size
                            required property double done
                            width: ListView.view.width
                            Label {
                                Layout.preferredWidth: parent.width * 0.45
                                elide: Text.ElideMiddle
                                text: fileRow.path
                            }
                            ProgressBar {
                                Layout.fillWidth: true
                                value: fileRow.size > 0 ? fileRow.done / fileRow.size : 1
                            }
                            Label { text: hubDownloads.bytesText(fileRow.size) }
                        }
                    }
                    Label {
                        objectName: "downloadError"
                        Layout.fillWidth: true
                        visible: text.length > 0
                        wrapMode: Text.Wrap
                        color: "#c62828"
                        text: hubDownloads.error
                    }
                    RowLayout {
                        Button {
                            objectName: "pauseDownload"
                            text: hubDownloads.state === HubDownloads.Paused ? qsTr("Resume") : qsTr("Pause")
                            visible: hubDownloads.state === HubDownloads.Downloading || hubDownloads.state === HubDownloads.Paused
                            onClicked: hubDownloads.state === HubDownloads.Paused ? hubDownloads.resume() : hubDownloads.pause()
                        }
                        Button {
                            objectName: "cancelDownload"
                            text: qsTr("Cancel")
                            visible: hubDownloads.busy
                            onClicked: hubDownloads.cancel()
                        }
                        Button {
                            objectName: "retryDownload"
                            text: qsTr("Try again")
                            visible: hubDownloads.state === HubDownloads.Failed && hubDownloads.repoId.length > 0
                            onClicked: hubDownloads.pull(hubDownloads.repoId)
                        }
                        Button {
                            objectName: "useDownloaded"
                            text: qsTr("Use this model")
                            visible: hubDownloads.state === HubDownloads.Finished && dialog.chooser !== null
                            onClicked: dialog.chooser.chooseFolder(hubDownloads.modelFolder)
                        }
                    }
                }
            }
            ListView {
                id: catalogue
                objectName: "catalogue"
                Layout.fillWidth: true
                Layout.preferredHeight: 230
                clip: true
                model: hubDownloads.catalogue
                delegate: ItemDelegate {
                    id: entry
                    required property var modelData
                    width: ListView.view.width
                    contentItem: RowLayout {
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 0
                            Label { text: entry.modelData.repoId; font.bold: true }
                            Label {
                                Layout.fillWidth: true
                                elide: Text.ElideRight
                                opacity: 0.8
                                text: qsTr("%1 · %2 B parameters · %3 · licence %4")
                                      .arg(entry.modelData.architecture)
                                      .arg((entry.modelData.parameters / 1e9).toFixed(2))
                                      .arg(entry.modelData.size).arg(entry.modelData.licence)
                            }
                            Label {
                                Layout.fillWidth: true
                                elide: Text.ElideRight
                                opacity: 0.8
                                text: entry.modelData.abilities
                            }
                        }
                        Label { visible: entry.modelData.onDisk; text: qsTr("On disk") }
                        Button {
                            objectName: "get_" + entry.modelData.repoId
                            text: qsTr("Download")
                            visible: !entry.modelData.onDisk
                            onClicked: hubDownloads.pull(entry.modelData.repoId)
                        }
                    }
                }
            }
        }
    }
}
