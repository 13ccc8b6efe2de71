import ImageIO

extension Axes {
    /// Draws the panel into `cell`.
    func draw(_ canvas: Canvas, in cell: Rect) {
        switch raster {
        case .image(let panel): panel.draw(self, canvas, in: cell)
        case .grid(let panel): panel.draw(self, canvas, in: cell)
        case .heatmap(let panel): panel.draw(self, canvas, in: cell)
        case nil:
            if series.isEmpty { drawNoData(self, canvas, cell) } else {
                ChartRenderer(axes: self, canvas: canvas, cell: cell).draw()
            }
        }
    }

    /// A comfortable width for this panel alone.
    func preferredWidth(columns: Int, measure: Canvas) -> Double {
        switch raster {
        case .image: return 320
        case .grid(let panel): return panel.preferredWidth(measure: measure)
        case .heatmap(let panel): return panel.preferredWidth
        case nil: return columns == 1 ? 640 : 420
        }
    }

    /// A comfortable height for this panel when it is `width` points wide.
    func preferredHeight(width: Double, measure: Canvas, title: String?) -> Double {
        let titleHeight = titleSpace(title, measure)
        switch raster {
        case .image(let panel): return panel.preferredHeight(width: width, titleHeight: titleHeight)
        case .grid(let panel): return panel.preferredHeight(width: width, titleHeight: titleHeight)
        case .heatmap(let panel): return panel.preferredHeight(width: width, titleHeight: titleHeight)
        // A one-chart figure comes out 640 x 400, matplotlib's proportions.
        case nil: return max(220, (width + Style.padding) * 0.625 - Style.padding)
        }
    }
}

extension Figure {
    /// Figure sizes are kept within these bounds (points), whatever is asked.
    static let sizeLimits = 60.0...4000.0

    /// Whether the figure title is drawn above the panels (otherwise a single panel shows it).
    private var titleAbovePanels: Bool {
        guard let title, !title.isEmpty else { return false }
        return panels.count > 1 || panels[0].titleText != nil
    }

    /// Width and height in points, from what was asked or from the content.
    func resolvedSize(measure: Canvas) -> (width: Double, height: Double) {
        func clamp(_ v: Double, _ name: String) -> Double {
            guard v.isFinite, Figure.sizeLimits.contains(v) else {
                let c = v.isFinite ? min(Figure.sizeLimits.upperBound, max(Figure.sizeLimits.lowerBound, v)) : 640
                Diagnostics.warn("figure \(name) \(v) is out of range; using \(c)")
                return c
            }
            return v
        }
        let width = width.map { clamp($0, "width") }
            ?? min(1600, Double(columns) * (panels.map { $0.preferredWidth(columns: columns, measure: measure) }.max() ?? 640))
        if let height { return (width, clamp(height, "height")) }
        // The same geometry as `draw`: a margin of half the padding around the panel cells.
        let panelWidth = (width - Style.padding) / Double(columns)
        var total = Style.padding + suptitleHeight(measure) + (titleAbovePanels ? Style.padding / 2 : 0)
        for r in 0..<rows {
            let rowPanels = panels[(r * columns)..<((r + 1) * columns)]
            total += rowPanels.map { $0.preferredHeight(width: panelWidth, measure: measure, title: title(of: $0)) }.max() ?? 0
        }
        return (width, min(Figure.sizeLimits.upperBound, max(Figure.sizeLimits.lowerBound, total)))
    }

    private func suptitleHeight(_ canvas: Canvas) -> Double {
        guard titleAbovePanels, let title else { return 0 }
        return canvas.measure(title, size: Style.figureTitleFont, bold: true).height + 6
    }

    /// The title a panel shows: its own, or the figure's when it is the only panel.
    private func title(of panel: Axes) -> String? {
        if panel.titleText == nil, panels.count == 1 { return title }
        return panel.titleText
    }

    /// Draws the whole figure on a new canvas.
    func draw() -> Canvas {
        var size = resolvedSize(measure: Canvas(width: 1, height: 1))
        // Whole points, so the PNG has exactly twice as many pixels.
        size = (size.width.rounded(), size.height.rounded())
        let canvas = Canvas(width: size.width, height: size.height)
        var top = Style.padding / 2
        if titleAbovePanels, let title {
            let lines = title.split(separator: "\n", omittingEmptySubsequences: false)
                .map { canvas.truncated(String($0), size: Style.figureTitleFont, bold: true, maxWidth: size.width - 16) }
            canvas.text(lines.joined(separator: "\n"), at: Point(x: size.width / 2, y: top + Style.padding),
                        size: Style.figureTitleFont, bold: true, h: .center, v: .top)
            top += suptitleHeight(canvas) + Style.padding / 2
        }
        let area = Rect(x: Style.padding / 2, y: top, width: size.width - Style.padding,
                        height: size.height - top - Style.padding / 2)
        let cellW = area.width / Double(columns), cellH = area.height / Double(rows)
        for r in 0..<rows {
            let row = panels[(r * columns)..<((r + 1) * columns)]
            let space = row.map { titleSpace(title(of: $0), canvas) }.max() ?? 0
            for panel in row { panel.rowTitleSpace = space }
        }
        defer { for panel in panels { panel.rowTitleSpace = 0 } }
        for (i, panel) in panels.enumerated() {
            let cell = Rect(x: area.minX + Double(i % columns) * cellW, y: area.minY + Double(i / columns) * cellH,
                            width: cellW, height: cellH)
            let ownTitle = panel.titleText
            panel.titleText = title(of: panel)
            panel.draw(canvas, in: cell)
            panel.titleText = ownTitle
        }
        return canvas
    }
}
