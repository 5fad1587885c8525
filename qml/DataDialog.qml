pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import GroundChat.Core

// Export the session's annotations (or import a dataset as a new session) in a training format.
Dialog {
    id: dialog
    property Session session
    property bool importing: false
    title: importing ? qsTr("Import annotations") : qsTr("Export annotations")
    modal: true
    width: 520
    closePolicy: io.busy ? Popup.NoAutoClose : Popup.CloseOnEscape
    standardButtons: io.busy ? Dialog.NoButton : Dialog.Close

    AnnotationIO {
        id: io
        onFinished: (ok, message) => status.text = message
    }
    DialectListModel { id: dialects }

    readonly property var format: io.formats[formatBox.currentIndex] || ({})

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        Label { text: qsTr("Format") }
        ComboBox {
            id: formatBox
            objectName: "formatBox"
            Layout.fillWidth: true
            model: io.formats
            textRole: "name"
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            opacity: 0.7
            font.pixelSize: 12
            text: qsTr("Coordinates: %1").arg(dialog.format.coordinates || "")
        }
        RowLayout {
            visible: dialog.format.needsDialect === true
            Label { text: qsTr("Regions written for") }
            ComboBox {
                id: dialectBox
                Layout.fillWidth: true
                model: dialects
                textRole: "name"
                valueRole: "dialectId"
            }
        }
        CheckBox {
            id: unaccepted
            visible: !dialog.importing
            text: qsTr("Include model regions I have not accepted")
        }
        ProgressBar {
            Layout.fillWidth: true
            visible: io.busy
            value: io.progress
        }
        Label {
            id: status
            objectName: "dataStatus"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.alignment: Qt.AlignRight
            Button {
                text: qsTr("Cancel")
                visible: io.busy
                onClicked: io.cancel()
            }
            Button {
                objectName: "chooseButton"
                text: dialog.importing ? qsTr("Choose file…") : qsTr("Choose destination…")
                enabled: !io.busy
                highlighted: true
                onClicked: {
                    status.text = ""
                    if (dialog.format.perImageFiles)
                        folderPicker.open()
                    else if (dialog.importing)
                        filePicker.open()
                    else
                        savePicker.show()
                }
            }
        }
    }

    function run(url) {
        const dialect = dialectBox.currentValue || ""
        if (dialog.importing)
            io.importInto(dialog.session, dialog.format.id, dialect, url)
        else
            io.exportSession(dialog.session, dialog.format.id, dialect, url, unaccepted.checked)
    }

    FileDialog {
        id: filePicker
        nameFilters: [qsTr("%1 (*%2)").arg(dialog.format.name || "").arg(dialog.format.extension || ""), qsTr("All files (*)")]
        onAccepted: dialog.run(selectedFile)
    }
    SaveFileDialog {
        id: savePicker
        parent: Overlay.overlay
        anchors.centerIn: parent
        title: qsTr("Export as %1").arg(dialog.format.name || "")
        defaultSuffix: (dialog.format.extension || ".json").substring(1)
        function show() {
            if (!folder.length)
                folder = dialog.session.file.suggestedFolder()
            open()
        }
        onAccepted: dialog.run(selectedFile)
    }
    FolderDialog {
        id: folderPicker
        onAccepted: dialog.run(selectedFolder)
    }
}
