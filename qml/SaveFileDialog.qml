pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts

// Where to save: a folder and a file name. Qt 6.4's own save dialog (the Qt Quick fallback used without a
// platform theme) labels its button "Open", takes the typed name only once the field loses focus and ignores
// Enter; this one saves as soon as there is a name, on the button or on Enter.
Dialog {
    id: dialog
    objectName: "saveFileDialog"
    property string folder: ""        // a local folder path
    property string defaultSuffix: "" // added when the name has no extension, without the dot
    property alias fileName: nameField.text
    // The chosen file, valid once a name is typed.
    readonly property url selectedFile: dialog.fileUrl(dialog.folder, nameField.text)
    readonly property bool hasName: nameField.text.trim().length > 0

    modal: true
    focus: true
    width: 480
    onOpened: nameField.forceActiveFocus()

    function fileUrl(folder, name) {
        let n = name.trim()
        if (!n.length)
            return ""
        if (dialog.defaultSuffix.length && n.lastIndexOf(".") <= 0)
            n += "." + dialog.defaultSuffix
        const path = n.startsWith("/") ? n : folder.replace(/\/+$/, "") + "/" + n
        return "file://" + path.split("/").map(encodeURIComponent).join("/")
    }
    function save() {
        if (dialog.hasName)
            dialog.accept()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        Label { text: qsTr("Folder") }
        RowLayout {
            Layout.fillWidth: true
            TextField {
                id: folderField
                objectName: "folderField"
                Layout.fillWidth: true
                text: dialog.folder
                onTextEdited: dialog.folder = text
                onAccepted: dialog.save()
            }
            Button {
                text: qsTr("Browse…")
                onClicked: folderPicker.open()
            }
        }
        Label { text: qsTr("File name") }
        TextField {
            id: nameField
            objectName: "fileNameField"
            Layout.fillWidth: true
            selectByMouse: true
            onAccepted: dialog.save()
        }
    }

    footer: DialogButtonBox {
        Button {
            objectName: "saveButton"
            text: qsTr("Save")
            enabled: dialog.hasName
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
        }
        Button {
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
        }
    }

    FolderDialog {
        id: folderPicker
        currentFolder: dialog.folder.length ? "file://" + dialog.folder : ""
        onAccepted: dialog.folder = decodeURIComponent(selectedFolder.toString().replace(/^file:\/\//, ""))
    }
}
