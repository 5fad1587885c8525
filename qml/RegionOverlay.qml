pragma ComponentBehavior: Bound

import QtQuick

// Draws grounded entities over an image: `entities` as produced by GroundingParser, in image pixels,
// scaled by `scale` (displayed pixels per image pixel).
Item {
    id: overlay
    property var entities: []
    property real scale: 1
    property var colorFor: function (i) { return "red" }
    property int highlighted: -1

    Repeater {
        model: overlay.entities
        delegate: Item {
            id: entityItem
            required property var modelData
            required property int index
            readonly property color tint: overlay.colorFor(modelData.colorIndex)
            anchors.fill: parent

            Repeater {
                model: entityItem.modelData.regions
                delegate: Item {
                    required property var modelData
                    readonly property rect b: modelData.box
                    readonly property bool isPoint: modelData.kind === "point"
                    x: b.x * overlay.scale
                    y: b.y * overlay.scale
                    width: Math.max(1, b.width * overlay.scale)
                    height: Math.max(1, b.height * overlay.scale)

                    Rectangle {
                        visible: !parent.isPoint
                        anchors.fill: parent
                        color: Qt.rgba(entityItem.tint.r, entityItem.tint.g, entityItem.tint.b,
                                       overlay.highlighted === entityItem.index ? 0.25 : 0.08)
                        border.color: entityItem.tint
                        border.width: overlay.highlighted === entityItem.index ? 4 : 2
                    }
                    Rectangle {
                        visible: parent.isPoint
                        width: 12; height: 12; radius: 6
                        x: -6; y: -6
                        color: entityItem.tint
                        border.color: "white"
                        border.width: 2
                    }
                    Rectangle {
                        visible: entityItem.modelData.phrase.length > 0
                        x: parent.isPoint ? 8 : 0
                        y: parent.isPoint ? -8 : -height
                        width: label.implicitWidth + 8
                        height: label.implicitHeight + 4
                        color: entityItem.tint
                        Text {
                            id: label
                            anchors.centerIn: parent
                            text: entityItem.modelData.phrase
                            color: "white"
                            font.pixelSize: 13
                        }
                    }
                }
            }
        }
    }
}
