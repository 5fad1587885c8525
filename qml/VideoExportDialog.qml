pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GroundChat.Core

// File ▸ Export demo video…: the presentation of the session rendered frame by frame into a video (VideoExport),
// with a title card and the model's name as options. The progress and Cancel stay out of the frames.
Item {
    id: root
    property Presenter presenter
    property Item presentView
    property var window
    property Item overlayParent
    anchors.fill: parent

    function open() { options.open() }

    VideoExport {
        id: exporter
        objectName: "videoExport"
        onFinished: (ok) => {
            root.presentView.controls = true
            root.presentView.caption = true
            done.text = ok ? qsTr("The video is written.") : exporter.error
            done.open()
        }
    }

    Dialog {
        id: options
        objectName: "videoExportDialog"
        parent: root.overlayParent
        anchors.centerIn: parent
        modal: true
        title: qsTr("Export demo video")
        GridLayout {
            columns: 2
            Label { text: qsTr("Format") }
            ComboBox { id: format; model: ["mp4", "webm", "gif"]; Layout.fillWidth: true }
            Label { text: qsTr("Size") }
            ComboBox { id: size; model: ["1280x720", "1920x1080", "854x480", "640x360"]; Layout.fillWidth: true }
            Label { text: qsTr("Frames per second") }
            ComboBox { id: fps; model: [30, 25, 15, 10]; Layout.fillWidth: true }
            Label { text: qsTr("Speed") }
            ComboBox { id: speed; model: [1, 1.5, 2, 4, 0.5]; displayText: "×" + currentText; Layout.fillWidth: true }
            Label { text: qsTr("Title card") }
            TextField { id: title; placeholderText: qsTr("None"); Layout.fillWidth: true }
            Item { width: 1; height: 1 }
            CheckBox { id: caption; text: qsTr("Show the model's name"); checked: true }
        }
        footer: DialogButtonBox {
            Button { text: qsTr("Export…"); DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole }
            Button { text: qsTr("Cancel"); DialogButtonBox.buttonRole: DialogButtonBox.RejectRole }
        }
        onAccepted: file.open()
    }

    SaveFileDialog {
        id: file
        parent: root.overlayParent
        anchors.centerIn: parent
        title: qsTr("Save the video")
        defaultSuffix: format.currentText
        onAboutToShow: {
            folder = root.presenter.session.file.suggestedFolder()
            fileName = "demo." + format.currentText
        }
        onAccepted: {
            const wh = size.currentText.split("x")
            root.presentView.controls = false
            root.presentView.caption = caption.checked
            const path = decodeURIComponent(selectedFile.toString().replace(/^file:\/\//, ""))
            if (!exporter.start(root.window, root.presenter, path, Qt.size(Number(wh[0]), Number(wh[1])),
                                Number(fps.currentText), Number(speed.currentText), title.text)) {
                root.presentView.controls = true
                done.text = exporter.error
                done.open()
            }
        }
    }

    // Out of the frames: hidden while each one is grabbed.
    Pane {
        objectName: "videoExportProgress"
        visible: exporter.running && !exporter.grabbing
        z: 200
        anchors { right: parent.right; bottom: parent.bottom; margins: 16 }
        RowLayout {
            Label { text: qsTr("Exporting the video… %1%").arg(Math.round(exporter.progress * 100)) }
            ProgressBar { value: exporter.progress; Layout.preferredWidth: 160 }
            Button { text: qsTr("Cancel"); onClicked: exporter.cancel() }
        }
    }

    Dialog {
        id: done
        property string text
        parent: root.overlayParent
        anchors.centerIn: parent
        modal: true
        title: qsTr("Export demo video")
        standardButtons: Dialog.Ok
        Label { text: done.text }
    }
}
