pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Shapes
import GroundChat.Core

// One region drawn over the image. Editable with the select tool: drag to move, handles to resize.
Item {
    id: shape
    required property var canvas
    required property string regionId
    required property string kind
    required property bool fromModel
    required property bool accepted
    required property string label
    required property int colorIndex
    required property rect box
    required property var points
    required property bool positive
    required property int markNumber
    required property bool regionVisible
    required property int index
    required property string maskSource
    required property string source
    // a grounding expert's box (another model's answer, boxed by a local grounding model)
    readonly property bool fromExpert: source === "expert"

    readonly property color tint: RegionPalette.color(colorIndex)
    readonly property color halo: RegionPalette.halo(colorIndex)
    readonly property bool highlighted: canvas.session && canvas.session.highlightedRegions.indexOf(regionId) >= 0
    readonly property bool selected: canvas.selectedRegion === regionId
    readonly property bool pointLike: kind === "point" || kind === "mark"
    readonly property bool editable: canvas.tool === "select"

    objectName: "region_" + regionId
    x: box.x * canvas.zoom + canvas.offsetX
    y: box.y * canvas.zoom + canvas.offsetY
    width: Math.max(1, box.width * canvas.zoom)
    height: Math.max(1, box.height * canvas.zoom)

    // Mask pixels: an image of the whole picture's size, placed at the picture's origin.
    Image {
        visible: shape.maskSource.length > 0
        source: shape.maskSource
        x: shape.canvas.offsetX - shape.x
        y: shape.canvas.offsetY - shape.y
        width: shape.canvas.imageSize.width * shape.canvas.zoom
        height: shape.canvas.imageSize.height * shape.canvas.zoom
        smooth: false
        asynchronous: true
        opacity: shape.highlighted ? 1.0 : 0.75
    }
    // Box and the bounding box of masks / model regions, cased in a halo of the contrasting shade so that
    // the outline stays visible on an object of its own colour.
    Rectangle {
        visible: outline.visible
        anchors.fill: parent
        anchors.margins: -1
        color: "transparent"
        border.color: shape.halo
        border.width: 1
    }
    Rectangle {
        id: outline
        visible: shape.kind === "box" || shape.kind === "mask" || (shape.kind === "mark" && shape.maskSource.length > 0 && shape.highlighted)
        anchors.fill: parent
        color: shape.maskSource.length ? "transparent"
               : Qt.rgba(shape.tint.r, shape.tint.g, shape.tint.b, shape.highlighted ? 0.35 : shape.canvas.overlayOpacity)
        border.color: shape.fromExpert ? "transparent" : shape.tint
        border.width: shape.highlighted || shape.selected ? 4 : (shape.kind === "mask" ? 1 : 2)
        Rectangle {
            // dashed look for model regions not yet accepted
            visible: shape.fromModel && !shape.accepted
            anchors.fill: parent
            anchors.margins: 3
            color: "transparent"
            border.color: "white"
            border.width: 1
            opacity: 0.6
        }
    }
    // The expert's boxes: a dashed outline, so they read as found by another model than the one that answered.
    Shape {
        objectName: "expertOutline"
        visible: outline.visible && shape.fromExpert
        anchors.fill: parent
        ShapePath {
            strokeColor: shape.tint
            strokeWidth: shape.highlighted || shape.selected ? 4 : 2
            strokeStyle: ShapePath.DashLine
            dashPattern: [4, 3]
            fillColor: "transparent"
            startX: 0; startY: 0
            PathLine { x: shape.width; y: 0 }
            PathLine { x: shape.width; y: shape.height }
            PathLine { x: 0; y: shape.height }
            PathLine { x: 0; y: 0 }
        }
    }
    // Polygons and OCR quads, cased like boxes.
    readonly property var viewPoints: {
        const out = []
        for (const p of shape.points)
            out.push(Qt.point(p.x * shape.canvas.zoom, p.y * shape.canvas.zoom))
        if (out.length > 0)
            out.push(out[0])
        return out
    }
    Shape {
        visible: shape.kind === "polygon" || shape.kind === "quad"
        x: -shape.x + shape.canvas.offsetX
        y: -shape.y + shape.canvas.offsetY
        ShapePath {
            strokeColor: shape.halo
            strokeWidth: (shape.highlighted ? 4 : 2) + 2
            fillColor: "transparent"
            PathPolyline { path: shape.viewPoints }
        }
        ShapePath {
            strokeColor: shape.tint
            strokeWidth: shape.highlighted ? 4 : 2
            fillColor: Qt.rgba(shape.tint.r, shape.tint.g, shape.tint.b, shape.highlighted ? 0.35 : shape.canvas.overlayOpacity)
            PathPolyline { path: shape.viewPoints }
        }
    }
    // Points (negative ones hollow) and Set-of-Mark marks (numbered badges).
    // where a point or a mark's number sits, relative to this item
    readonly property point anchorPoint: shape.points.length
        ? Qt.point((shape.points[0].x - shape.box.x) * shape.canvas.zoom, (shape.points[0].y - shape.box.y) * shape.canvas.zoom)
        : Qt.point(0, 0)
    Rectangle {
        id: badgeItem
        visible: shape.pointLike
        width: shape.kind === "mark" ? 26 : 14
        height: width
        radius: width / 2
        x: shape.anchorPoint.x - width / 2
        y: shape.anchorPoint.y - height / 2
        color: shape.kind === "point" && !shape.positive ? "transparent" : shape.tint
        border.color: shape.highlighted || shape.selected ? "yellow" : "white"
        border.width: shape.kind === "point" && !shape.positive ? 3 : 2
        Text {
            visible: shape.kind === "mark"
            anchors.centerIn: parent
            text: shape.markNumber
            color: "white"
            font.bold: true
            font.pixelSize: 14
        }
    }
    // Where the badge of a point or mark sits, in canvas coordinates: what its label goes beside.
    readonly property rect badge: Qt.rect(shape.x + shape.anchorPoint.x - badgeItem.width / 2,
                                          shape.y + shape.anchorPoint.y - badgeItem.height / 2,
                                          badgeItem.width, badgeItem.height)
    // Label: id and phrase, where the canvas's label layout puts it (labels must not overlap each other).
    readonly property string labelText: (shape.fromExpert ? "⚙ " : "")
                                        + (shape.label.length ? shape.regionId + " · " + shape.label : shape.regionId)
    readonly property size labelSize: Qt.size(Math.min(tag.implicitWidth, 240) + 8, tag.implicitHeight + 4)
    readonly property var labelRect: shape.canvas.labelRects[shape.regionId]
    onLabelSizeChanged: shape.canvas.layoutLabelsLater()
    onBadgeChanged: shape.canvas.layoutLabelsLater()
    onXChanged: shape.canvas.layoutLabelsLater()
    onYChanged: shape.canvas.layoutLabelsLater()
    onWidthChanged: shape.canvas.layoutLabelsLater()
    onHeightChanged: shape.canvas.layoutLabelsLater()
    onVisibleChanged: shape.canvas.layoutLabelsLater()
    // (in the canvas's label layer, above every region's outline and fill)
    Rectangle {
        objectName: "label_" + shape.regionId
        parent: shape.canvas.labelLayer
        visible: shape.visible && shape.canvas.showLabels && shape.labelRect !== undefined
        x: visible ? shape.labelRect.x : 0
        y: visible ? shape.labelRect.y : 0
        width: shape.labelSize.width
        height: shape.labelSize.height
        color: shape.tint
        Text {
            id: tag
            anchors.centerIn: parent
            width: Math.min(implicitWidth, 240)
            elide: Text.ElideRight
            color: "white"
            font.pixelSize: 12
            text: shape.labelText
        }
    }

    // Move (select tool).
    MouseArea {
        anchors.fill: parent
        anchors.margins: shape.pointLike ? -8 : 0
        enabled: shape.editable
        cursorShape: enabled ? Qt.SizeAllCursor : Qt.ArrowCursor
        property point start
        property rect startBox
        drag.threshold: 2
        onPressed: (e) => {
            shape.canvas.selectedRegion = shape.regionId
            shape.canvas.forceActiveFocus()
            start = mapToItem(shape.canvas, e.x, e.y)
            startBox = shape.box
        }
        onPositionChanged: (e) => {
            if (!pressed) return
            const p = mapToItem(shape.canvas, e.x, e.y)
            const dx = (p.x - start.x) / shape.canvas.zoom, dy = (p.y - start.y) / shape.canvas.zoom
            preview.rect = Qt.rect(startBox.x + dx, startBox.y + dy, startBox.width, startBox.height)
            preview.visible = true
        }
        onReleased: {
            if (preview.visible)
                shape.canvas.session.setRegionBox(shape.regionId, preview.rect)
            preview.visible = false
        }
        onDoubleClicked: shape.canvas.regionCited(shape.regionId)
    }
    // Resize handles (boxes, masks, polygons).
    Repeater {
        model: shape.selected && shape.editable && !shape.pointLike ? 4 : 0
        delegate: Rectangle {
            required property int index
            readonly property bool atRight: index === 1 || index === 2
            readonly property bool atBottom: index >= 2
            width: 10; height: 10
            x: (atRight ? shape.width : 0) - 5
            y: (atBottom ? shape.height : 0) - 5
            color: "white"
            border.color: shape.tint
            MouseArea {
                anchors.fill: parent
                anchors.margins: -4
                cursorShape: (parent.atRight !== parent.atBottom) ? Qt.SizeBDiagCursor : Qt.SizeFDiagCursor
                onPositionChanged: (e) => {
                    if (!pressed) return
                    const p = mapToItem(shape.canvas, e.x, e.y)
                    const q = shape.canvas.toImage(p.x, p.y)
                    const b = shape.box
                    const x1 = parent.atRight ? b.x : q.x, x2 = parent.atRight ? q.x : b.x + b.width
                    const y1 = parent.atBottom ? b.y : q.y, y2 = parent.atBottom ? q.y : b.y + b.height
                    preview.rect = Qt.rect(Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1), Math.abs(y2 - y1))
                    preview.visible = true
                }
                onReleased: {
                    if (preview.visible)
                        shape.canvas.session.setRegionBox(shape.regionId, preview.rect)
                    preview.visible = false
                }
            }
        }
    }
    // Where the edit will land, in view coordinates relative to this item.
    Rectangle {
        id: preview
        property rect rect
        visible: false
        x: rect.x * shape.canvas.zoom + shape.canvas.offsetX - shape.x
        y: rect.y * shape.canvas.zoom + shape.canvas.offsetY - shape.y
        width: rect.width * shape.canvas.zoom
        height: rect.height * shape.canvas.zoom
        color: "transparent"
        border.color: "yellow"
        border.width: 2
    }

    Drag.active: citeDrag.active
    Drag.dragType: Drag.Automatic
    Drag.supportedActions: Qt.CopyAction
    Drag.mimeData: { "text/plain": "@" + shape.regionId }
    DragHandler {
        id: citeDrag
        // drag a region into the message box with the Alt key to cite it
        acceptedModifiers: Qt.AltModifier
        target: null
    }
}
