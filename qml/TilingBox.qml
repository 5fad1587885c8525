import QtQuick
import QtQuick.Controls

// How the next turns look at the image (the conversation's `tiling`): Auto, the whole image, or overlapping tiles
// plus the whole image, which finds small objects a model misses in a large image shrunk to its input.
ComboBox {
    id: box
    property var conversation: null

    objectName: "tilingBox"
    implicitContentWidthPolicy: ComboBox.WidestText
    textRole: "label"
    valueRole: "mode"
    model: [
        { mode: "auto", label: qsTr("Auto") },
        { mode: "whole", label: qsTr("Whole image") },
        { mode: "tiled", label: qsTr("Tiled") },
    ]
    currentIndex: conversation ? Math.max(0, indexOfValue(conversation.tiling)) : 0
    onActivated: if (conversation) conversation.tiling = currentValue
    ToolTip.visible: hovered
    ToolTip.delay: 500
    ToolTip.text: qsTr("Auto looks at a large image in overlapping tiles as well as whole when the task lists its objects; "
                       + "a question citing a region is always asked about the whole image.")
}
