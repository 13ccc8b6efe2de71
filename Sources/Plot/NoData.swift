/// What a panel shows when it has nothing drawable: its title, "no data" and the reasons
/// (the problems already reported on stderr), inside a light frame.
func drawNoData(_ axes: Axes, _ canvas: Canvas, _ cell: Rect, extra: [String] = []) {
    var top = cell.minY + Style.padding
    if let title = axes.titleText, !title.isEmpty {
        drawTitle(title, canvas, centerX: cell.midX, top: top, maxWidth: cell.width)
        top += titleSpace(title, canvas)
    }
    let frame = Rect(x: cell.minX + Style.padding, y: top, width: cell.width - 2 * Style.padding,
                     height: cell.maxY - Style.padding - top)
    guard frame.width > 10, frame.height > 10 else { return }
    canvas.roundedRect(frame, radius: 4, fill: Color(hex: 0xfafafa), stroke: Style.legendBorder)

    let reasons = Array((axes.problems + extra).suffix(4))
        .map { canvas.truncated($0, size: Style.noteFont, maxWidth: frame.width - 16) }
    let noteHeight = reasons.isEmpty ? 0 : canvas.measure(reasons.joined(separator: "\n"), size: Style.noteFont).height + 10
    let headlineSize = 16.0
    let blockHeight = headlineSize * Canvas.capHeight + noteHeight
    let y0 = frame.midY - blockHeight / 2
    canvas.text("no data", at: Point(x: frame.midX, y: y0), size: headlineSize, color: Style.mutedText,
                h: .center, v: .top)
    if !reasons.isEmpty {
        canvas.text(reasons.joined(separator: "\n"), at: Point(x: frame.midX, y: y0 + headlineSize * Canvas.capHeight + 10),
                    size: Style.noteFont, color: Style.mutedText, h: .center, v: .top)
    }
}
