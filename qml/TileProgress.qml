import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A tiled turn's progress: its answer comes when every tile and the whole image are answered.
ColumnLayout {
    property int done: 0
    property int total: 0

    objectName: "tileProgress"
    ProgressBar {
        Layout.fillWidth: true
        from: 0
        to: Math.max(1, parent.total)
        value: parent.done
    }
    Label {
        objectName: "tileProgressText"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        opacity: 0.7
        font.pixelSize: 12
        text: qsTr("Looking at the image in tiles: %1 of %2 views answered (the tiles and the whole image). The answer is shown when all are.")
              .arg(parent.done).arg(parent.total)
    }
}
