pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The tools run for a turn (OCR, the grounding expert, proposals, tiles, zoom): what ran, on which part of the
// image, how long it took and what it produced, the produced text shown on demand.
ColumnLayout {
    id: view
    // [{tool, region: [x1, y1, x2, y2] or [], ms, output, regionIds, grid: [columns, rows] or [],
    //   tiles: [[x1, y1, x2, y2]…]}] (ChatModel's tools role)
    property var runs: []
    spacing: 2

    function toolName(tool) {
        switch (tool) {
        case "ocr": return qsTr("Read text (OCR)")
        case "ocr-hint": return qsTr("Text read, given to the model")
        case "expert": return qsTr("Grounding expert")
        case "proposals": return qsTr("Region proposals")
        case "tiles": return qsTr("Tiled views")
        case "zoom": return qsTr("Look closer")
        }
        return tool
    }

    // tiles and Look closer say what they looked at in their first line: that line is the run's name (the tiles'
    // rectangles follow it)
    function oneLine(run) { return (run.tool === "tiles" || run.tool === "zoom") && run.output.length > 0 }
    function firstLine(text) { return text.split("\n")[0] }
    function moreLines(text) { return text.indexOf("\n") >= 0 ? text.substring(text.indexOf("\n") + 1) : "" }

    function where(region) {
        return region && region.length === 4
                ? qsTr("on %1, %2 – %3, %4").arg(Math.round(region[0])).arg(Math.round(region[1]))
                                             .arg(Math.round(region[2])).arg(Math.round(region[3]))
                : qsTr("on the whole image")
    }

    Repeater {
        model: view.runs
        delegate: Frame {
            id: card
            objectName: "toolRun"
            required property var modelData
            property bool open: false
            Layout.fillWidth: true
            padding: 4
            background: Rectangle { radius: 4; color: Qt.rgba(0.95, 0.6, 0.1, 0.12) }
            ColumnLayout {
                width: parent.width
                spacing: 0
                RowLayout {
                    Layout.fillWidth: true
                    Label {
                        objectName: "toolRunSummary"
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        font.pixelSize: 12
                        // the grounding expert's output begins with the model that ran
                        text: "⚙ " + [card.modelData.tool === "expert" && card.modelData.output.length
                                      ? qsTr("Grounding expert (%1)").arg(card.modelData.output.split("\n")[0])
                                      : view.oneLine(card.modelData) ? view.firstLine(card.modelData.output)
                                                                     : view.toolName(card.modelData.tool),
                                      view.where(card.modelData.region)]
                                .concat(card.modelData.ms > 0 ? [qsTr("%1 ms").arg(Math.round(card.modelData.ms))] : [])
                                .concat(card.modelData.regionIds.length > 0
                                        ? [qsTr("%n region(s)", "", card.modelData.regionIds.length)] : [])
                                .join(" · ")
                    }
                    ToolButton {
                        objectName: "toolRunShow"
                        visible: view.oneLine(card.modelData) ? view.moreLines(card.modelData.output).length > 0
                                                              : card.modelData.output.length > 0
                        text: card.open ? qsTr("Hide") : qsTr("Show")
                        font.pixelSize: 11
                        onClicked: card.open = !card.open
                    }
                }
                TextEdit {
                    objectName: "toolRunOutput"
                    visible: card.open
                    Layout.fillWidth: true
                    readOnly: true
                    selectByMouse: true
                    wrapMode: TextEdit.Wrap
                    color: palette.text
                    font.pixelSize: 12
                    text: view.oneLine(card.modelData) ? view.moreLines(card.modelData.output) : card.modelData.output
                }
            }
        }
    }
}
