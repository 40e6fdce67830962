import QtQuick
import QtQuick.Controls.Material
import Tessera

// A ring that empties as the QR code's 30-second step runs out: progress 1 (full) to 0. Drawn
// with a Canvas (no Qt Quick Shapes module needed); decorative, the page says the seconds left.
Canvas {
    id: ring

    property real progress: 1
    property color color: Material.accentColor
    property color trackColor: Theme.tint(color, Theme.trackTint)
    property real lineWidth: 6

    Accessible.ignored: true
    onProgressChanged: requestPaint()
    onColorChanged: requestPaint()
    onWidthChanged: requestPaint()
    onHeightChanged: requestPaint()

    onPaint: {
        const ctx = getContext("2d")
        ctx.reset()
        const r = Math.min(width, height) / 2 - lineWidth / 2
        const cx = width / 2
        const cy = height / 2
        ctx.lineWidth = lineWidth
        ctx.lineCap = "round"
        ctx.strokeStyle = trackColor
        ctx.beginPath()
        ctx.arc(cx, cy, r, 0, 2 * Math.PI)
        ctx.stroke()
        if (progress <= 0)
            return
        ctx.strokeStyle = color
        ctx.beginPath()
        ctx.arc(cx, cy, r, -Math.PI / 2, -Math.PI / 2 + 2 * Math.PI * Math.min(1, progress))
        ctx.stroke()
    }
}
