pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import GroundChat.Core

// The image with its regions. Zoom (wheel, pinch, keys), pan (drag with the pan tool, the middle button or
// Space held), and the drawing tools. All region coordinates are image pixels: view = image * zoom + offset.
Item {
    id: canvas
    objectName: "imageCanvas"
    property Session session
    property string tool: "box"          // select, box, point, mark, polygon, mask, pan
    property real zoom: 1
    property real offsetX: 0
    property real offsetY: 0
    property string selectedRegion: ""
    property bool showUserRegions: true
    property bool showModelRegions: true
    property bool showLabels: true
    property real overlayOpacity: 0.18
    property bool dark: false
    readonly property size imageSize: session ? session.currentImageSize : Qt.size(0, 0)
    readonly property bool hasImage: imageSize.width > 0
    // An image that is not shown says why, where it would be: not read yet (outside the session's folder),
    // missing, unreadable, or not decodable.
    readonly property bool imagePending: hasImage && session !== null && session.trust.outsideImages.length > 0
                                         && String(session.currentImageUrl) === ""
    readonly property string imageProblem: !hasImage ? ""
        : session.trust.currentImageProblem.length ? session.trust.currentImageProblem
        : picture.status === Image.Error ? qsTr("Cannot read %1: the image data is damaged or not an image")
                                               .arg(decodeURIComponent(String(picture.source).replace(/^file:\/\//, "")))
        : ""
    property var polygonPoints: []
    // the user zoomed or panned: keep the view when the window resizes
    property bool userMoved: false
    // where each region's label goes (regionId -> rect in view coordinates), so that labels never overlap
    property var labelRects: ({})
    // how many regions get an item of their own (outline, label, handles); the others are painted
    property alias regionItemLimit: regionWindow.limit
    signal regionCited(string regionId)
    // delegates have a property named canvas; this name reaches the root from inside them
    readonly property Item canvasRoot: canvas
    readonly property Item labelLayer: labelItems

    clip: true
    focus: true

    function toImage(vx, vy) { return Qt.point((vx - offsetX) / zoom, (vy - offsetY) / zoom) }
    function toView(ix, iy) { return Qt.point(ix * zoom + offsetX, iy * zoom + offsetY) }
    function clampZoom(z) { return Math.max(0.02, Math.min(64, z)) }
    function zoomAt(factor, vx, vy) {
        userMoved = true
        const p = toImage(vx, vy)
        zoom = clampZoom(zoom * factor)
        offsetX = vx - p.x * zoom
        offsetY = vy - p.y * zoom
    }
    function fit() {
        if (!hasImage || width <= 0 || height <= 0)
            return
        zoom = clampZoom(Math.min((width - 32) / imageSize.width, (height - 32) / imageSize.height))
        offsetX = (width - imageSize.width * zoom) / 2
        offsetY = (height - imageSize.height * zoom) / 2
        userMoved = false
    }
    // Fits a newly shown image. Deferred, so that the session's brief visits to another image (a mask landing
    // there) do not reset the view.
    property string fittedImage
    function fitNewImage() {
        // images not read yet have no url: their index tells them apart
        const shown = session ? session.currentImage + " " + session.currentImageUrl : ""
        if (!session || shown === fittedImage)
            return
        fittedImage = shown
        fit()
    }
    Connections {
        target: canvas.session
        function onCurrentImageChanged() { Qt.callLater(canvas.fitNewImage) }
    }
    onWidthChanged: if (!userMoved) fit()
    onHeightChanged: if (!userMoved) fit()
    function setZoom(z) { zoomAt(z / zoom, width / 2, height / 2) }
    function finishPolygon() {
        if (polygonPoints.length >= 3)
            session.addPolygon(polygonPoints)
        polygonPoints = []
    }

    onSessionChanged: Qt.callLater(fitNewImage)

    function layoutLabelsLater() { Qt.callLater(layoutLabels) }
    function layoutLabels() {
        const ids = [], labels = []
        for (let i = 0; i < regionRepeater.count; ++i) {
            const r = regionRepeater.itemAt(i)
            if (!r || !r.visible)
                continue
            ids.push(r.regionId)
            labels.push({ anchor: r.pointLike ? r.badge : Qt.rect(r.x, r.y, r.width, r.height), size: r.labelSize,
                          beside: r.pointLike })
        }
        // labels stay on the visible part of the image
        const left = Math.max(0, offsetX), top = Math.max(0, offsetY)
        const right = Math.min(width, offsetX + imageSize.width * zoom), bottom = Math.min(height, offsetY + imageSize.height * zoom)
        const rects = LabelLayout.layout(labels, Qt.rect(left, top, Math.max(0, right - left), Math.max(0, bottom - top)))
        const placed = {}
        for (let k = 0; k < ids.length; ++k)
            placed[ids[k]] = rects[k]
        labelRects = placed
    }
    onShowLabelsChanged: layoutLabelsLater()
    onZoomChanged: layoutLabelsLater()
    onOffsetXChanged: layoutLabelsLater()
    onOffsetYChanged: layoutLabelsLater()

    // What lies under a view point. Labels and badges are never drawn on, so every tool can cite them.
    function holds(r, vx, vy) { return r !== undefined && vx >= r.x && vx <= r.x + r.width && vy >= r.y && vy <= r.y + r.height }
    function shownRegions() {
        const out = []
        for (let i = 0; i < regionRepeater.count; ++i) {
            const r = regionRepeater.itemAt(i)
            if (r && r.visible)
                out.push(r)
        }
        return out
    }
    function labelAt(vx, vy) {
        if (!showLabels)
            return ""
        const hit = shownRegions().filter((r) => holds(labelRects[r.regionId], vx, vy))
        return hit.length ? hit[hit.length - 1].regionId : ""
    }
    function badgeAt(vx, vy) {
        const hit = shownRegions().filter((r) => r.pointLike && holds(r.badge, vx, vy))
        return hit.length ? hit[hit.length - 1].regionId : ""
    }
    // the smallest box around the point, so that a region inside another stays reachable
    function boxAt(vx, vy) {
        let best = "", bestArea = Infinity
        for (const r of shownRegions())
            if (!r.pointLike && holds(Qt.rect(r.x, r.y, r.width, r.height), vx, vy) && r.width * r.height < bestArea) {
                best = r.regionId
                bestArea = r.width * r.height
            }
        return best
    }
    function regionAt(vx, vy) { return labelAt(vx, vy) || badgeAt(vx, vy) || boxAt(vx, vy) }

    // Hovering a region lights its phrase in the chat, with every tool: the canvas itself decides which
    // region the pointer is on, so that of nested regions the inner one wins.
    property string hoveredRegion: ""
    function hoverAt(vx, vy) {
        const id = regionAt(vx, vy)
        if (id === hoveredRegion)
            return
        hoveredRegion = id
        if (id !== "")
            session.hoverRegion(id)
        else
            session.clearHover()
    }
    HoverHandler {
        onPointChanged: if (hovered && canvas.session) canvas.hoverAt(point.position.x, point.position.y)
        onHoveredChanged: if (!hovered && canvas.session) canvas.hoverAt(-1, -1)
    }

    Rectangle { anchors.fill: parent; color: canvas.dark ? "#1c1c1c" : "#d8d8d8" }

    Label {
        anchors.centerIn: parent
        visible: !canvas.hasImage
        horizontalAlignment: Text.AlignHCenter
        text: qsTr("Open an image (Ctrl+O), drop one here, or paste one (Ctrl+V).")
        opacity: 0.7
    }

    Image {
        id: picture
        objectName: "canvasPicture"
        x: canvas.offsetX
        y: canvas.offsetY
        width: canvas.imageSize.width * canvas.zoom
        height: canvas.imageSize.height * canvas.zoom
        // an image beyond the pixel limit is never handed to the decoder
        source: canvas.session && !canvas.session.trust.currentImageProblem ? canvas.session.currentImageUrl : ""
        asynchronous: true       // large images decode off the GUI thread
        autoTransform: true
        smooth: canvas.zoom < 4  // show crisp pixels when zoomed in
        mipmap: canvas.zoom < 0.5
        // keep textures within what every GPU takes; very large images are shown downsampled
        sourceSize.width: Math.min(canvas.imageSize.width, 8192)
        sourceSize.height: Math.min(canvas.imageSize.height, 8192)
    }
    BusyIndicator {
        anchors.centerIn: parent
        running: picture.status === Image.Loading
    }
    Rectangle {
        objectName: "imagePlaceholder"
        visible: canvas.imageProblem.length > 0
        x: picture.x
        y: picture.y
        width: picture.width
        height: picture.height
        color: canvas.dark ? "#2a2a2a" : "#eeeeee"
        border.color: "#e57373"
        border.width: 2
    }

    // The lens panel's heat map (LensPanel sets these), over the part of the image its cells cover.
    property LensController lens: null
    property bool lensShown: false
    property real lensOpacity: 0.6
    property string lensColorMap: "viridis"
    property bool lensLabels: false
    HeatmapLayer {
        objectName: "lensHeatmap"
        visible: canvas.lens !== null && canvas.lensShown && canvas.lens.available
        x: canvas.offsetX + (canvas.lens ? canvas.lens.area.x : 0) * canvas.zoom
        y: canvas.offsetY + (canvas.lens ? canvas.lens.area.y : 0) * canvas.zoom
        width: (canvas.lens ? canvas.lens.area.width : 0) * canvas.zoom
        height: (canvas.lens ? canvas.lens.area.height : 0) * canvas.zoom
        rows: canvas.lens ? canvas.lens.rows : 0
        cols: canvas.lens ? canvas.lens.cols : 0
        values: canvas.lens ? canvas.lens.values : []
        labels: canvas.lens ? canvas.lens.labels : []
        showLabels: canvas.lensLabels
        colorMap: canvas.lensColorMap
        opacity: canvas.lensOpacity
    }

    // Regions, in view coordinates: items for a bounded number of them (those in view, the selected and the
    // highlighted ones first), the rest painted in one layer beneath.
    RegionWindow {
        id: regionWindow
        sourceModel: canvas.session ? canvas.session.regions : null
        viewport: Qt.rect(-canvas.offsetX / canvas.zoom, -canvas.offsetY / canvas.zoom,
                          canvas.width / canvas.zoom, canvas.height / canvas.zoom)
        pinned: canvas.session ? [canvas.selectedRegion].concat(canvas.session.highlightedRegions) : []
    }
    RegionLayer {
        id: regionLayer
        objectName: "regionLayer"
        anchors.fill: parent
        regionWindow: regionWindow
        zoom: canvas.zoom
        offsetX: canvas.offsetX
        offsetY: canvas.offsetY
        showUserRegions: canvas.showUserRegions
        showModelRegions: canvas.showModelRegions
        fillOpacity: canvas.overlayOpacity
    }
    Repeater {
        id: regionRepeater
        model: regionWindow
        delegate: RegionShape {
            id: shapeDelegate
            canvas: canvasRoot
            visible: shapeDelegate.regionVisible && (shapeDelegate.fromModel ? shapeDelegate.canvas.showModelRegions
                                                                             : shapeDelegate.canvas.showUserRegions)
        }
        onItemAdded: canvas.layoutLabelsLater()
        onItemRemoved: canvas.layoutLabelsLater()
    }
    Item {
        id: labelItems
        anchors.fill: parent
    }
    // why the image is not shown, above its regions
    Pane {
        id: problemPane
        anchors.centerIn: parent
        width: Math.min(problemText.implicitWidth, canvas.width - 80) + leftPadding + rightPadding
        visible: canvas.imageProblem.length > 0
        Material.elevation: 2
        Column {
            width: problemPane.availableWidth
            spacing: 8
            Label {
                id: problemText
                objectName: "imageProblemText"
                width: parent.width
                text: canvas.imageProblem
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
            }
            Button {
                objectName: "loadThisImageButton"
                visible: canvas.imagePending
                anchors.horizontalCenter: parent.horizontalCenter
                text: qsTr("Load the images outside the folder")
                onClicked: canvas.session.trust.loadOutsideImages()
            }
        }
    }
    Label {
        objectName: "regionWindowNote"
        visible: regionWindow.shown < regionWindow.total
        anchors.left: parent.left
        anchors.bottom: parent.bottom
        anchors.margins: 8
        padding: 4
        text: qsTr("%1 of %2 regions shown in full; zoom in, or pick one in the list, to edit the others.")
              .arg(regionWindow.shown).arg(regionWindow.total)
        background: Rectangle { color: canvas.dark ? "#cc000000" : "#ccffffff"; radius: 3 }
    }

    // Rubber band while drawing a box.
    Rectangle {
        id: band
        visible: false
        color: "#3300aaff"
        border.color: "#00aaff"
        border.width: 2
    }
    // Polygon in progress.
    Repeater {
        model: canvas.polygonPoints
        delegate: Rectangle {
            required property var modelData
            x: modelData.x * canvas.zoom + canvas.offsetX - 4
            y: modelData.y * canvas.zoom + canvas.offsetY - 4
            width: 8; height: 8; radius: 4
            color: "#00aaff"
        }
    }

    MouseArea {
        id: mouse
        objectName: "canvasMouse"
        anchors.fill: parent
        acceptedButtons: Qt.LeftButton | Qt.MiddleButton | Qt.RightButton
        hoverEnabled: true
        z: -1 // region delegates on top get their own clicks in the select tool
        property point pressView
        property string pressedLabel
        property real pressOffsetX
        property real pressOffsetY
        property bool panning: false
        cursorShape: canvas.tool === "pan" || panning ? Qt.ClosedHandCursor
                   : canvas.tool === "select" ? Qt.ArrowCursor : Qt.CrossCursor

        onPressed: (e) => {
            canvas.forceActiveFocus()
            pressView = Qt.point(e.x, e.y)
            pressOffsetX = canvas.offsetX
            pressOffsetY = canvas.offsetY
            panning = e.button === Qt.MiddleButton || canvas.tool === "pan" || spaceHeld.held
            if (panning) {
                canvas.userMoved = true
                return
            }
            if (!canvas.hasImage)
                return
            const p = canvas.toImage(e.x, e.y)
            // a click on a label, or on a point's or mark's badge, picks that region instead of drawing there
            pressedLabel = canvas.labelAt(e.x, e.y)
            const picked = pressedLabel || (canvas.tool === "point" || canvas.tool === "mark" ? canvas.badgeAt(e.x, e.y) : "")
            if (canvas.tool === "box" || canvas.tool === "mask") {
                band.x = e.x; band.y = e.y; band.width = 0; band.height = 0; band.visible = true
            } else if (picked !== "" && canvas.tool !== "polygon") {
                canvas.selectedRegion = picked
            } else if (canvas.tool === "point") {
                canvas.session.addPoint(p, e.button === Qt.RightButton || (e.modifiers & Qt.ShiftModifier))
            } else if (canvas.tool === "mark") {
                canvas.session.addMark(p)
            } else if (canvas.tool === "polygon") {
                canvas.polygonPoints = canvas.polygonPoints.concat([p])
            } else if (canvas.tool === "select") {
                // a region painted without an item of its own gets one once selected
                canvas.selectedRegion = regionWindow.paintedRegionAt(p, canvas.showUserRegions, canvas.showModelRegions)
            }
        }
        onPositionChanged: (e) => {
            if (panning) {
                canvas.offsetX = pressOffsetX + e.x - pressView.x
                canvas.offsetY = pressOffsetY + e.y - pressView.y
            } else if (band.visible) {
                band.x = Math.min(e.x, pressView.x); band.y = Math.min(e.y, pressView.y)
                band.width = Math.abs(e.x - pressView.x); band.height = Math.abs(e.y - pressView.y)
            }
        }
        onReleased: (e) => {
            if (band.visible) {
                band.visible = false
                const a = canvas.toImage(pressView.x, pressView.y)
                const b = canvas.toImage(e.x, e.y)
                const dragged = Math.abs(e.x - pressView.x) > 3 || Math.abs(e.y - pressView.y) > 3
                panning = false
                if (!dragged && pressedLabel !== "") {
                    canvas.selectedRegion = pressedLabel
                    return
                }
                if (canvas.tool === "mask") {
                    const sel = canvas.selectedRegion.length ? canvas.session.region(canvas.selectedRegion) : null
                    const positive = !(e.modifiers & Qt.ShiftModifier) && e.button !== Qt.RightButton
                    if (dragged)
                        canvas.session.masks.segment(Qt.rect(Math.min(a.x, b.x), Math.min(a.y, b.y),
                                                       Math.abs(b.x - a.x), Math.abs(b.y - a.y)), [])
                    else if (sel && sel.maskSource && sel.maskSource.length)
                        canvas.session.masks.refineMask(canvas.selectedRegion, b, positive)   // refine the selected mask
                    else
                        canvas.session.masks.segment(Qt.rect(0, 0, 0, 0), [{ x: b.x, y: b.y, positive: true }])
                    return
                }
                if (!dragged)
                    return // a click (or the first of a double-click), not a box
                const id = canvas.session.addBox(Qt.rect(Math.min(a.x, b.x), Math.min(a.y, b.y),
                                                         Math.abs(b.x - a.x), Math.abs(b.y - a.y)))
                if (id !== "")
                    canvas.selectedRegion = id
            }
            panning = false
        }
        // Double-click cites the region under the pointer where that is not part of drawing: anywhere on it with
        // the select, box and pan tools; on its label or a badge with the point and mark tools; on its label with
        // the mask tool (a click there segments); with the polygon tool when no polygon is under way (its
        // double-click closes the polygon).
        onDoubleClicked: (e) => {
            let cited = ""
            if (canvas.tool === "polygon") {
                // this double-click's own two clicks added two vertices
                if (canvas.polygonPoints.length > 2)
                    return canvas.finishPolygon()
                canvas.polygonPoints = []
                cited = canvas.regionAt(e.x, e.y)
            } else if (canvas.tool === "point" || canvas.tool === "mark") {
                cited = canvas.labelAt(e.x, e.y) || canvas.badgeAt(e.x, e.y)
            } else if (canvas.tool === "mask") {
                cited = canvas.labelAt(e.x, e.y)
            } else {
                cited = canvas.regionAt(e.x, e.y)
            }
            if (cited !== "")
                canvas.regionCited(cited)
        }
        onWheel: (w) => canvas.zoomAt(Math.pow(1.0015, w.angleDelta.y), w.x, w.y)
    }
    PinchHandler {
        target: null
        onScaleChanged: (delta) => canvas.zoomAt(delta, centroid.position.x, centroid.position.y)
    }
    QtObject {
        id: spaceHeld
        property bool held: false
    }

    DropArea {
        anchors.fill: parent
        keys: ["text/uri-list"]
        onDropped: (drop) => {
            for (const url of drop.urls)
                canvas.session.addImage(url)
        }
    }

    Keys.onPressed: (e) => {
        if (e.key === Qt.Key_Space) { spaceHeld.held = true; e.accepted = true }
        else if ((e.key === Qt.Key_Delete || e.key === Qt.Key_Backspace) && selectedRegion !== "") {
            session.deleteRegion(selectedRegion); selectedRegion = ""; e.accepted = true
        } else if (e.key === Qt.Key_Return || e.key === Qt.Key_Enter) { finishPolygon(); e.accepted = true }
        else if (e.key === Qt.Key_Escape) { polygonPoints = []; selectedRegion = ""; e.accepted = true }
    }
    Keys.onReleased: (e) => { if (e.key === Qt.Key_Space) spaceHeld.held = false }
}
