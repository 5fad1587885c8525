import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import GroundChat.Core

ApplicationWindow {
    id: window
    width: 1280
    height: 800
    visible: true
    title: qsTr("GroundChat")

    property url imageSource: "qrc:/demo/images/demo-shapes.png"

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 8
            ToolButton {
                text: qsTr("Open image…")
                onClicked: openDialog.open()
            }
            Label {
                Layout.fillWidth: true
                text: image.status === Image.Ready
                      ? qsTr("%1 × %2 px").arg(image.sourceSize.width).arg(image.sourceSize.height)
                      : (image.status === Image.Error ? qsTr("This image could not be read.") : "")
                elide: Text.ElideMiddle
            }
        }
    }

    FileDialog {
        id: openDialog
        title: qsTr("Open an image")
        nameFilters: [qsTr("Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)")]
        onAccepted: window.imageSource = selectedFile
    }

    SplitView {
        anchors.fill: parent

        Rectangle {
            SplitView.fillWidth: true
            SplitView.minimumWidth: 300
            color: "#2b2b2b"

            Image {
                id: image
                objectName: "canvasImage"
                anchors.fill: parent
                anchors.margins: 24
                fillMode: Image.PreserveAspectFit
                asynchronous: true
                source: window.imageSource
                smooth: true

                RegionOverlay {
                    // the painted image inside the fitted Image item
                    x: (image.width - image.paintedWidth) / 2
                    y: (image.height - image.paintedHeight) / 2
                    width: image.paintedWidth
                    height: image.paintedHeight
                    entities: playground.parser.entities
                    scale: image.sourceSize.width > 0 ? image.paintedWidth / image.sourceSize.width : 1
                    colorFor: GroundingParser.colorFor
                    highlighted: playground.hoveredEntity
                }
            }
        }

        PlaygroundPane {
            id: playground
            property int hoveredEntity: -1
            SplitView.preferredWidth: 460
            SplitView.minimumWidth: 320
            parser.imageSize: image.sourceSize
            onEntityHovered: (i) => hoveredEntity = i
            Component.onCompleted: {
                // A grounded caption of the demo scene, written in the Kosmos-2 dialect by its own encoder.
                const shapes = [["a red circle", Qt.rect(80, 70, 141, 141)],
                                ["a blue square", Qt.rect(380, 60, 180, 160)],
                                ["a green triangle", Qt.rect(240, 250, 180, 150)]]
                parser.imageSize = Qt.size(640, 427)
                let text = "<grounding> An image of"
                for (let i = 0; i < shapes.length; ++i) {
                    text += (i === 0 ? "" : (i === shapes.length - 1 ? " and" : ",")) + " "
                            + parser.formatBox(shapes[i][1], shapes[i][0])
                }
                rawText = text + "."
            }
        }
    }
}
