import QtQuick
import QtTest
import GroundChat.Core

// The heat-map overlay draws the values it is given: each cell in its colour map's colour, at its place.
Item {
    id: root
    width: 400
    height: 200

    // what shows where the layer draws nothing
    Rectangle { anchors.fill: parent; color: "#102030" }

    HeatmapLayer {
        id: layer
        width: 400
        height: 200
        rows: 2
        cols: 4
        colorMap: "gray"
    }

    TestCase {
        name: "Heatmap"
        when: windowShown

        function rgb(image, x, y) { return [image.red(x, y), image.green(x, y), image.blue(x, y)] }

        function test_cellsTakeTheirValuesColours() {
            layer.colorMap = "gray"
            layer.values = [0, 1, 0.5, 0.25, 1, 0, 2, -1]
            waitForRendering(layer)
            let image = grabImage(layer)
            // the centre of each 100 × 100 cell, row by row
            compare(rgb(image, 50, 50), [0, 0, 0])
            compare(rgb(image, 150, 50), [255, 255, 255])
            compare(rgb(image, 250, 50), [128, 128, 128])
            compare(rgb(image, 350, 50), [64, 64, 64])
            compare(rgb(image, 50, 150), [255, 255, 255])
            compare(rgb(image, 150, 150), [0, 0, 0])
            compare(rgb(image, 250, 150), [255, 255, 255]) // above 1: clamped
            compare(rgb(image, 350, 150), [0, 0, 0])       // below 0: clamped
            // a cell's edge is its own colour to the pixel
            compare(rgb(image, 199, 0), [255, 255, 255])
            compare(rgb(image, 200, 0), [128, 128, 128])

            layer.colorMap = "viridis"
            waitForRendering(layer)
            image = grabImage(layer)
            compare(rgb(image, 50, 50), [68, 1, 84])
            compare(rgb(image, 150, 50), [253, 231, 37])
            verify(Qt.colorEqual(layer.colorOf(1), "#fde725"))
        }

        function test_newValuesRepaint() {
            layer.colorMap = "gray"
            layer.values = [1, 1, 1, 1, 0, 0, 0, 0]
            waitForRendering(layer)
            const image = grabImage(layer)
            compare(rgb(image, 50, 50), [255, 255, 255])
            compare(rgb(image, 350, 150), [0, 0, 0])
        }

        function test_aMismatchedGridDrawsNothing() {
            layer.colorMap = "gray"
            layer.values = [1, 1]
            waitForRendering(layer)
            const image = grabImage(layer)
            compare(rgb(image, 50, 50), [16, 32, 48])
            compare(rgb(image, 350, 150), [16, 32, 48])
        }
    }
}
