import Foundation

/// A matrix drawn as coloured cells, with row and column names, the value written in each
/// cell, and a colour bar: a confusion matrix, attention weights, a correlation table.
struct HeatmapPanel {
    var values: [[Double]]
    var rowLabels: [String]
    var columnLabels: [String]
    var annotate: Bool
    var colormap: Colormap
    var colorbar: Bool

    var rows: Int { values.count }
    var columns: Int { values.first?.count ?? 0 }
}

extension Axes {
    /// A heatmap of `matrix` (rows x columns, every row the same length). For a confusion matrix,
    /// rows are the actual classes and columns the predicted ones:
    ///
    ///     fig.heatmap(confusion, rowLabels: classes, columnLabels: classes,
    ///                 title: "Confusion matrix", xlabel: "predicted", ylabel: "actual")
    ///
    /// `annotate` writes each value in its cell (black or white, whichever reads better).
    @discardableResult
    public func heatmap<V: PlotNumber>(_ matrix: [[V]], rowLabels: [String]? = nil, columnLabels: [String]? = nil,
                                       annotate: Bool = true, title: String? = nil, xlabel: String? = nil,
                                       ylabel: String? = nil, colormap: Colormap = .blues,
                                       colorbar: Bool = true) -> Axes {
        if let title { titleText = title }
        if let xlabel { xLabelText = xlabel }
        if let ylabel { yLabelText = ylabel }
        let values = matrix.map(\.doubles)
        guard let width = values.first?.count, width > 0 else {
            reject("heatmap", values.isEmpty ? "the matrix has no rows" : "the matrix has empty rows"); return self
        }
        if let bad = values.firstIndex(where: { $0.count != width }) {
            reject("heatmap", "row \(bad) has \(values[bad].count) values but row 0 has \(width) (ragged matrix)")
            return self
        }
        if !values.joined().contains(where: \.isFinite) {
            reject("heatmap", "all values are NaN or infinite"); return self
        }
        func names(_ given: [String]?, count: Int, what: String) -> [String] {
            guard let given else { return (0..<count).map(String.init) }
            if given.count != count {
                Diagnostics.warn("heatmap: \(given.count) \(what) labels for \(count) \(what)s; numbers used instead")
                return (0..<count).map(String.init)
            }
            return given
        }
        setRaster(.heatmap(HeatmapPanel(values: values,
                                        rowLabels: names(rowLabels, count: values.count, what: "row"),
                                        columnLabels: names(columnLabels, count: width, what: "column"),
                                        annotate: annotate, colormap: colormap, colorbar: colorbar)))
        return self
    }
}

extension HeatmapPanel {
    private var range: (lo: Double, hi: Double) {
        let finite = values.joined().filter(\.isFinite)
        return (finite.min() ?? 0, finite.max() ?? 1)
    }

    /// Decimals for the cell texts: none for integers, two for fractions (0.93), fewer for
    /// larger values.
    var decimals: Int {
        let all = values.joined().filter(\.isFinite)
        if all.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e12 }) { return 0 }
        let maxAbs = all.map(abs).max() ?? 0
        return maxAbs < 10 ? 2 : (maxAbs < 100 ? 1 : 0)
    }

    /// Cell text for `v` (see `decimals`).
    func format(_ v: Double, decimals: Int? = nil) -> String {
        guard v.isFinite else { return "" }
        return Ticks.format(v, decimals: decimals ?? self.decimals)
    }

    func draw(_ axes: Axes, _ canvas: Canvas, in cell: Rect) {
        let p = Style.padding
        let tickH = Style.tickFont * (Canvas.capHeight + Canvas.descent)
        let labelH = Style.labelFont * (Canvas.capHeight + Canvas.descent)
        var area = cell.inset(p)
        area = area.inset(top: titleSpace(axes.titleText, canvas))
        if axes.xLabelText != nil { area = area.inset(bottom: labelH + Style.gap) }
        if axes.yLabelText != nil { area = area.inset(left: labelH + Style.gap + 2) }

        let (lo, hi) = range
        let barTicks = Ticks.linear(lo, hi, target: 5)
        let barWidth = 12.0, barGap = 14.0
        let barLabelWidth = barTicks.labels.map { canvas.measure($0, size: Style.tickFont).width }.max() ?? 0
        if colorbar { area = area.inset(right: barGap + barWidth + Style.tickLength + Style.tickPad + barLabelWidth) }

        let rowLabelWidth = min(area.width * 0.3, rowLabels.map { canvas.measure($0, size: Style.tickFont).width }.max() ?? 0)
        area = area.inset(left: rowLabelWidth + Style.tickPad + Style.tickLength)

        // Column labels: horizontal when they fit their cells, else at 45°.
        let widestColumn = columnLabels.map { canvas.measure($0, size: Style.tickFont).width }.max() ?? 0
        let trialCell = min(area.width / Double(columns), (area.height - tickH - Style.tickPad) / Double(rows))
        let rotate = widestColumn > trialCell * 0.95
        let columnLabelHeight = rotate ? min(area.height * 0.3, (widestColumn + tickH) / 2.0.squareRoot()) : tickH
        area = area.inset(bottom: columnLabelHeight + Style.tickPad + Style.tickLength)

        // Square cells, centred in what is left.
        let side = max(1, min(area.width / Double(columns), area.height / Double(rows)))
        let grid = Rect(x: area.midX - side * Double(columns) / 2, y: area.minY, width: side * Double(columns),
                        height: side * Double(rows))

        let places = decimals
        let texts = annotate ? values.map { $0.map { format($0, decimals: places) } } : []
        // The widest number is among the longest ones: measure a few of those, not every cell.
        let longest = texts.joined().map(\.count).max() ?? 0
        let widestText = Set(texts.joined().filter { $0.count == longest }).sorted().prefix(20)
            .map { canvas.measure($0, size: Style.annotationFont).width }.max() ?? 0
        let annotationSize = min(Style.annotationFont, side * 0.42,
                                 widestText > 0 ? Style.annotationFont * side * 0.85 / widestText : Style.annotationFont)
        for (r, row) in values.enumerated() {
            for (c, v) in row.enumerated() {
                let rect = Rect(x: grid.minX + Double(c) * side, y: grid.minY + Double(r) * side, width: side, height: side)
                let color = v.isFinite ? colormap.color(hi > lo ? (v - lo) / (hi - lo) : 0.5) : Color(hex: 0xeeeeee)
                // Overlap neighbours slightly so no hairline seams show between cells.
                canvas.fill(rect.inset(-0.25), color)
                if annotate && v.isFinite && annotationSize >= 5 {
                    canvas.text(texts[r][c], at: Point(x: rect.midX, y: rect.midY), size: annotationSize,
                                color: color.contrastingText, h: .center, v: .center)
                }
            }
        }

        // Row labels (left) and column labels (below), with tick marks; every k-th one when
        // cells are smaller than the text.
        let axisColor = Style.axisColor
        let every = max(1, Int((tickH * 1.3 / side).rounded(.up)))
        for (r, name) in rowLabels.enumerated() where r % every == 0 {
            let y = grid.minY + (Double(r) + 0.5) * side
            canvas.line(Point(x: grid.minX - Style.tickLength, y: y), Point(x: grid.minX, y: y), axisColor, width: Style.axisWidth)
            let text = canvas.truncated(name, size: Style.tickFont, maxWidth: rowLabelWidth)
            canvas.text(text, at: Point(x: grid.minX - Style.tickLength - Style.tickPad, y: y), size: Style.tickFont,
                        color: Style.tickLabelColor, h: .right, v: .center)
        }
        let labelTop = grid.maxY + Style.tickLength + Style.tickPad
        for (c, name) in columnLabels.enumerated() where c % every == 0 {
            let x = grid.minX + (Double(c) + 0.5) * side
            canvas.line(Point(x: x, y: grid.maxY), Point(x: x, y: grid.maxY + Style.tickLength), axisColor, width: Style.axisWidth)
            if rotate {
                canvas.text(name, at: Point(x: x + 3, y: labelTop + 1), size: Style.tickFont, color: Style.tickLabelColor,
                            h: .right, v: .top, angle: -Double.pi / 4)
            } else {
                canvas.text(name, at: Point(x: x, y: labelTop), size: Style.tickFont, color: Style.tickLabelColor,
                            h: .center, v: .top)
            }
        }
        canvas.stroke(grid, axisColor, width: Style.axisWidth)

        if colorbar {
            let bar = Rect(x: grid.maxX + barGap, y: grid.minY, width: barWidth, height: grid.height)
            let steps = max(2, Int(bar.height * 2))
            for i in 0..<steps {
                let t = Double(i) / Double(steps - 1)
                let y = bar.maxY - bar.height * Double(i + 1) / Double(steps)
                canvas.fill(Rect(x: bar.minX, y: y, width: bar.width, height: bar.height / Double(steps) + 0.3),
                            colormap.color(t))
            }
            canvas.stroke(bar, Style.axisColor, width: 0.6)
            if hi > lo {
                for (v, label) in zip(barTicks.values, barTicks.labels) where v >= lo && v <= hi {
                    let y = bar.maxY - (v - lo) / (hi - lo) * bar.height
                    canvas.line(Point(x: bar.maxX, y: y), Point(x: bar.maxX + Style.tickLength, y: y), axisColor, width: 0.6)
                    canvas.text(label, at: Point(x: bar.maxX + Style.tickLength + Style.tickPad, y: y), size: Style.tickFont,
                                color: Style.tickLabelColor, h: .left, v: .center)
                }
            }
        }

        if let title = axes.titleText, !title.isEmpty {
            drawTitle(title, canvas, centerX: grid.midX, top: cell.minY + p, maxWidth: cell.width)
        }
        if let xlabel = axes.xLabelText {
            canvas.text(xlabel, at: Point(x: grid.midX, y: labelTop + columnLabelHeight + Style.gap + 2),
                        size: Style.labelFont, h: .center, v: .top)
        }
        if let ylabel = axes.yLabelText {
            canvas.text(ylabel, at: Point(x: cell.minX + p, y: grid.midY), size: Style.labelFont,
                        h: .center, v: .top, angle: -Double.pi / 2)
        }
    }

    /// A comfortable panel size: cells of about 40 points, between 320 and 760 wide.
    var preferredWidth: Double { max(360, min(760, Double(columns) * 42 + 200)) }

    func preferredHeight(width: Double, titleHeight: Double) -> Double {
        let side = (width - 200) / Double(max(1, columns))
        return max(200, side * Double(rows) + 110 + titleHeight)
    }
}
