import QtQuick
import QtQuick.Controls

// A menu as wide as its widest item (within the window), so that no item is cut off in any language.
Menu {
    width: {
        let widest = implicitWidth
        for (let i = 0; i < count; ++i)
            widest = Math.max(widest, itemAt(i).implicitWidth + leftPadding + rightPadding)
        return Overlay.overlay ? Math.min(widest, Overlay.overlay.width) : widest
    }
}
