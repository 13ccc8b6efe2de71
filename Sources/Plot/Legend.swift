/// The legend of a chart: one entry per labelled series, in a rounded white box inside the
/// plot, in the corner that covers the fewest data points (or where the lesson asked).
func drawLegend(_ axes: Axes, _ canvas: Canvas, plot: Rect, points: [Point]) {
    var entries = axes.series.filter { $0.label != nil && !$0.label!.isEmpty }
    guard !entries.isEmpty, axes.legendLocation != .none else { return }

    let font = Style.legendFont
    let swatch = 20.0, swatchGap = 6.0, pad = 6.0
    let rowHeight = font * 1.45
    let inset = 8.0
    // As many rows as fit in the plot; the rest are summed up in a last line.
    let fitting = max(1, Int(((plot.height - 2 * inset - 2 * pad + (rowHeight - font)) / rowHeight).rounded(.down)))
    var more: String?
    if entries.count > fitting {
        more = "+\(entries.count - fitting + 1) more"
        entries = Array(entries.prefix(fitting - 1))
    }
    let maxText = max(20, plot.width * 0.6 - swatch - swatchGap - 2 * pad)
    let labels = entries.map { canvas.truncated($0.label!, size: font, maxWidth: maxText) }
    let textWidth = (labels + (more.map { [$0] } ?? [])).map { canvas.measure($0, size: font).width }.max() ?? 0
    let width = pad * 2 + swatch + swatchGap + textWidth
    let rows = entries.count + (more == nil ? 0 : 1)
    let height = pad * 2 + rowHeight * Double(rows) - (rowHeight - font)

    func box(_ location: LegendLocation) -> Rect {
        let left = plot.minX + inset, right = plot.maxX - inset - width
        let top = plot.minY + inset, bottom = plot.maxY - inset - height
        switch location {
        case .upperLeft: return Rect(x: left, y: top, width: width, height: height)
        case .lowerLeft: return Rect(x: left, y: bottom, width: width, height: height)
        case .lowerRight: return Rect(x: right, y: bottom, width: width, height: height)
        default: return Rect(x: right, y: top, width: width, height: height)
        }
    }

    var chosen = box(axes.legendLocation)
    if axes.legendLocation == .best {
        // Fewest covered points wins; ties go to the first in matplotlib's order.
        let candidates: [LegendLocation] = [.upperRight, .upperLeft, .lowerLeft, .lowerRight]
        var bestCount = Int.max
        for location in candidates {
            let r = box(location).inset(-3)
            let covered = points.reduce(0) { $0 + (r.contains(x: $1.x, y: $1.y) ? 1 : 0) }
            if covered < bestCount { bestCount = covered; chosen = box(location) }
        }
    }

    canvas.roundedRect(chosen, radius: 3, fill: Color.white.withAlpha(0.88), stroke: Style.legendBorder, width: 0.8)
    for (i, (s, label)) in zip(entries, labels).enumerated() {
        let cy = chosen.minY + pad + font * 0.5 + Double(i) * rowHeight
        let sx = chosen.minX + pad
        switch s.kind {
        case .line, .horizontalLine, .verticalLine:
            canvas.line(Point(x: sx, y: cy), Point(x: sx + swatch, y: cy), s.color,
                        width: s.kind == .line ? s.size : 1.4, dash: s.dashed ? [5, 3] : [])
            if s.markers { canvas.circle(Point(x: sx + swatch / 2, y: cy), radius: Style.markerRadius, fill: s.color) }
        case .scatter:
            canvas.circle(Point(x: sx + swatch / 2, y: cy), radius: min(s.size, 4), fill: s.color.withAlpha(0.8))
        case .bar:
            canvas.fill(Rect(x: sx + 3, y: cy - font * 0.42, width: swatch - 6, height: font * 0.84), s.color)
        }
        canvas.text(label, at: Point(x: sx + swatch + swatchGap, y: cy), size: font, h: .left, v: .center)
    }
    if let more {
        let cy = chosen.minY + pad + font * 0.5 + Double(entries.count) * rowHeight
        canvas.text(more, at: Point(x: chosen.minX + pad + swatch + swatchGap, y: cy), size: font,
                    color: Style.mutedText, h: .left, v: .center)
    }
}
