pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GroundChat.Core

// Paste a model's raw answer, pick its dialect, and see the grounded result.
Pane {
    id: pane
    property alias parser: parser
    property alias rawText: rawArea.text
    signal entityHovered(int index)

    GroundingParser {
        id: parser
        rawText: rawArea.text
        dialect: dialectBox.currentValue ?? "kosmos2"
    }

    DialectListModel { id: dialectModel }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8

        Label {
            text: qsTr("Model dialect")
            font.bold: true
        }
        ComboBox {
            id: dialectBox
            objectName: "dialectBox"
            Layout.fillWidth: true
            model: dialectModel
            textRole: "name"
            valueRole: "dialectId"
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            opacity: 0.7
            text: {
                const i = dialectBox.currentIndex
                if (i < 0) return ""
                return qsTr("Coordinates: %1").arg(dialectModel.data(dialectModel.index(i, 0), DialectListModel.Coordinates))
            }
        }

        Label {
            text: qsTr("Raw model output")
            font.bold: true
        }
        ScrollView {
            Layout.fillWidth: true
            Layout.preferredHeight: 160
            TextArea {
                id: rawArea
                objectName: "rawArea"
                wrapMode: TextEdit.Wrap
                font.family: "monospace"
                placeholderText: qsTr("Paste what the model answered, tags and coordinates included")
            }
        }

        Label {
            text: qsTr("Grounded answer — %n region(s)", "", parser.regionCount)
            font.bold: true
        }
        Frame {
            Layout.fillWidth: true
            Layout.fillHeight: true
            ColumnLayout {
                anchors.fill: parent
                Text {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    textFormat: Text.RichText
                    text: parser.highlightedText
                    color: pane.palette.text
                    font.pixelSize: 15
                }
                ListView {
                    id: entityList
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: parser.entities
                    delegate: ItemDelegate {
                        id: entityRow
                        required property var modelData
                        required property int index
                        width: entityList.width
                        hoverEnabled: true
                        onHoveredChanged: pane.entityHovered(hovered ? index : -1)
                        contentItem: RowLayout {
                            Rectangle {
                                width: 14; height: 14; radius: 3
                                color: RegionPalette.color(entityRow.modelData.colorIndex)
                            }
                            Label {
                                Layout.fillWidth: true
                                elide: Text.ElideRight
                                text: (entityRow.modelData.phrase.length ? entityRow.modelData.phrase : qsTr("(no phrase)"))
                                      + " — " + qsTr("%n region(s)", "", entityRow.modelData.regions.length)
                            }
                        }
                    }
                }
                Repeater {
                    model: parser.diagnostics
                    delegate: Label {
                        required property string modelData
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: "#b26a00"
                        text: "⚠ " + modelData
                    }
                }
            }
        }
    }
}
