import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The crop a Look closer turn asked the model about, as the model saw it: those pixels of the image, enlarged.
ColumnLayout {
    property url source
    property rect crop

    objectName: "zoomCrop"
    visible: crop.width > 0 && crop.height > 0
    Label {
        text: qsTr("Look closer: asked about this part of the image (%1 × %2 pixels at %3, %4)")
              .arg(Math.round(parent.crop.width)).arg(Math.round(parent.crop.height))
              .arg(Math.round(parent.crop.x)).arg(Math.round(parent.crop.y))
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        opacity: 0.7
        font.pixelSize: 12
    }
    Image {
        objectName: "zoomCropImage"
        Layout.preferredWidth: 160
        Layout.preferredHeight: 160
        fillMode: Image.PreserveAspectFit
        source: parent.visible ? parent.source : ""
        sourceClipRect: parent.crop
        asynchronous: true
    }
}
