pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GroundChat.Core

// Every region of the current image: colour, id, label, source; rename, hide, accept, delete, cite.
ListView {
    id: list
    property Session session
    property var canvas
    signal cite(string regionId)
    clip: true
    model: session ? session.regions : null

    Label {
        anchors.centerIn: parent
        visible: list.count === 0
        text: qsTr("No regions yet. Draw with B (box), P (point), M (mark) or G (polygon).")
        wrapMode: Text.Wrap
        width: list.width - 24
        horizontalAlignment: Text.AlignHCenter
        opacity: 0.6
    }

    delegate: ItemDelegate {
        id: row
        required property string regionId
        required property string kind
        required property bool fromModel
        required property bool accepted
        required property string label
        required property int colorIndex
        required property bool regionVisible
        required property string source
        width: list.width
        highlighted: list.canvas && list.canvas.selectedRegion === regionId
                     || (list.session && list.session.highlightedRegions.indexOf(regionId) >= 0)
        onClicked: if (list.canvas) list.canvas.selectedRegion = regionId
        onHoveredChanged: hovered ? list.session.hoverRegion(regionId) : list.session.clearHover()
        hoverEnabled: true
        contentItem: RowLayout {
            spacing: 6
            Rectangle {
                width: 14; height: 14; radius: 3
                color: RegionPalette.color(row.colorIndex)
            }
            Label {
                text: row.regionId
                font.bold: true
            }
            TextField {
                id: nameField
                objectName: "regionName"
                Layout.fillWidth: true
                text: row.label
                placeholderText: qsTr("label")
                // A field scrolls to its cursor, which setting the text puts at the end: while not editing, the
                // name shows from its start, elided, and whole in a tooltip.
                color: activeFocus ? nameShown.color : "transparent"
                onTextChanged: if (!activeFocus) cursorPosition = 0
                onActiveFocusChanged: if (!activeFocus) cursorPosition = 0
                onEditingFinished: if (text !== row.label) list.session.renameRegion(row.regionId, text)
                ToolTip {
                    objectName: "regionNameTip"
                    visible: nameField.hovered && !nameField.activeFocus && nameShown.truncated
                    text: nameField.text
                }
                Label {
                    id: nameShown
                    objectName: "regionNameShown"
                    visible: !nameField.activeFocus
                    x: nameField.leftPadding
                    width: nameField.width - nameField.leftPadding - nameField.rightPadding
                    anchors.verticalCenter: parent.verticalCenter
                    anchors.verticalCenterOffset: (nameField.topPadding - nameField.bottomPadding) / 2
                    text: nameField.text
                    font: nameField.font
                    elide: Text.ElideRight
                }
            }
            Label {
                objectName: "regionSource"
                // who made it: a tool (OCR, the grounding expert, Propose regions), the model, or the user
                text: row.source.startsWith("ocr") ? (row.accepted ? qsTr("OCR ✓") : qsTr("OCR"))
                      : row.source === "expert" ? (row.accepted ? qsTr("expert ✓") : qsTr("expert"))
                      : row.source === "proposal" ? qsTr("proposal")
                      : row.fromModel ? (row.accepted ? qsTr("model ✓") : qsTr("model")) : qsTr("you")
                opacity: 0.6
            }
            ToolButton {
                objectName: "visibilityButton"
                icon.source: row.regionVisible ? "qrc:/icons/eye.png" : "qrc:/icons/eye-off.png"
                display: AbstractButton.IconOnly
                ToolTip.visible: hovered
                ToolTip.text: row.regionVisible ? qsTr("Hide") : qsTr("Show")
                onClicked: list.session.setRegionVisible(row.regionId, !row.regionVisible)
            }
            ToolButton {
                visible: row.fromModel
                text: "✓"
                ToolTip.visible: hovered
                ToolTip.text: row.accepted ? qsTr("Remove from the annotations") : qsTr("Accept into the annotations")
                onClicked: list.session.acceptRegion(row.regionId)
            }
            ToolButton {
                objectName: "lookCloserButton"
                visible: row.kind !== "point" && row.kind !== "mark" && row.label.length > 0
                text: "🔍"
                enabled: list.session && !list.session.conversation.answering
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Look closer: ask the model again about a crop around this region")
                onClicked: list.session.conversation.lookCloser(row.regionId)
            }
            ToolButton {
                text: "@"
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Cite in the message")
                onClicked: list.cite(row.regionId)
            }
            ToolButton {
                text: "✕"
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Delete")
                onClicked: list.session.deleteRegion(row.regionId)
            }
        }
    }
}
