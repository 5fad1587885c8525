import QtQuick
import QtQuick.Controls
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
    property var polygonPoints: []
    signal regionCited(string regionId)
    // delegates have a property named canvas; this name reaches the root from inside them
    readonly property Item canvasRoot: canvas

    clip: true
    focus: true

    function toImage(vx, vy) { return Qt.point((vx - offsetX) / zoom, (vy - offsetY) / zoom) }
    function toView(ix, iy) { return Qt.point(ix * zoom + offsetX, iy * zoom + offsetY) }
    function clampZoom(z) { return Math.max(0.02, Math.min(64, z)) }
    function zoomAt(factor, vx, vy) {
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
    }
    function setZoom(z) { zoomAt(z / zoom, width / 2, height / 2) }
    function finishPolygon() {
        if (polygonPoints.length >= 3)
            session.addPolygon(polygonPoints)
        polygonPoints = []
    }

    onImageSizeChanged: fit()
    onWidthChanged: if (zoom === 1 && offsetX === 0) fit()

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
        source: canvas.session ? canvas.session.currentImageUrl : ""
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

    // Regions, in view coordinates.
    Repeater {
        id: regionRepeater
        model: canvas.session ? canvas.session.regions : null
        delegate: RegionShape {
            canvas: canvasRoot
            visible: regionVisible && (fromModel ? canvas.showModelRegions : canvas.showUserRegions)
        }
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
            if (panning || !canvas.hasImage)
                return
            const p = canvas.toImage(e.x, e.y)
            if (canvas.tool === "box" || canvas.tool === "mask") {
                band.x = e.x; band.y = e.y; band.width = 0; band.height = 0; band.visible = true
            } else if (canvas.tool === "point") {
                canvas.session.addPoint(p, e.button === Qt.RightButton || (e.modifiers & Qt.ShiftModifier))
            } else if (canvas.tool === "mark") {
                canvas.session.addMark(p)
            } else if (canvas.tool === "polygon") {
                canvas.polygonPoints = canvas.polygonPoints.concat([p])
            } else if (canvas.tool === "select") {
                canvas.selectedRegion = ""
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
                if (canvas.tool === "mask") {
                    const dragged = Math.abs(e.x - pressView.x) > 3 || Math.abs(e.y - pressView.y) > 3
                    const sel = canvas.selectedRegion.length ? canvas.session.region(canvas.selectedRegion) : null
                    const positive = !(e.modifiers & Qt.ShiftModifier) && e.button !== Qt.RightButton
                    if (dragged)
                        canvas.session.segment(Qt.rect(Math.min(a.x, b.x), Math.min(a.y, b.y),
                                                       Math.abs(b.x - a.x), Math.abs(b.y - a.y)), [])
                    else if (sel && sel.maskSource && sel.maskSource.length)
                        canvas.session.refineMask(canvas.selectedRegion, b, positive)   // refine the selected mask
                    else
                        canvas.session.segment(Qt.rect(0, 0, 0, 0), [{ x: b.x, y: b.y, positive: true }])
                    panning = false
                    return
                }
                const id = canvas.session.addBox(Qt.rect(Math.min(a.x, b.x), Math.min(a.y, b.y),
                                                         Math.abs(b.x - a.x), Math.abs(b.y - a.y)))
                if (id !== "")
                    canvas.selectedRegion = id
            }
            panning = false
        }
        onDoubleClicked: if (canvas.tool === "polygon") canvas.finishPolygon()
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
