import Foundation

/// Lays out and draws a chart panel: ranges from the data, nice ticks, margins that fit the
/// tick labels, then grid, series, axes, labels, title and legend.
struct ChartRenderer {
    let axes: Axes
    let canvas: Canvas
    let cell: Rect

    private var bars: [Series] { axes.series.filter { $0.kind == .bar } }
    private var categories: [String] { bars.first?.categories ?? [] }

    /// Where everything goes, for one choice of margins.
    struct Layout {
        var plot: Rect
        var x: AxisScale
        var y: AxisScale
        var xTicks: Ticks
        var yTicks: Ticks
        var rotateCategories: Bool
    }

    func draw() {
        let log = axes.logScaleY
        var xr = DataRange(), yr = DataRange()
        for s in axes.series {
            switch s.kind {
            case .line, .scatter:
                for (x, y) in zip(s.x, s.y) where x.isFinite && y.isFinite && (!log || y > 0) {
                    xr.add(x); yr.add(y)
                }
            case .bar:
                for y in s.y where y.isFinite && (!log || y > 0) { yr.add(y) }
                if !log { yr.add(0) }
            case .horizontalLine:
                if !log || s.y[0] > 0 { yr.add(s.y[0]) }
            case .verticalLine:
                xr.add(s.x[0])
            }
        }
        if !bars.isEmpty { xr.add(-0.5); xr.add(Double(categories.count) - 0.5) }
        if yr.isEmpty {
            let why = log ? "log y axis: no positive values to show" : "no finite values"
            drawNoData(axes, canvas, cell, extra: [why]); return
        }
        if xr.isEmpty { xr.add(0); xr.add(1) }

        // Ranges: data plus margins, bars start at zero, then the lesson's own limits.
        var (xlo, xhi) = AxisScale.padded(xr, margin: Style.margin, log: false)
        if !bars.isEmpty { xlo = -0.6; xhi = Double(categories.count) - 0.4 }
        var (ylo, yhi) = AxisScale.padded(yr, margin: Style.margin, log: log)
        if !bars.isEmpty && !log {
            if yr.lo >= 0 { ylo = 0 }
            if yr.hi <= 0 { yhi = 0 }
        }
        if let lo = axes.xLimits.lo { xlo = lo }
        if let hi = axes.xLimits.hi { xhi = hi }
        if let lo = axes.yLimits.lo, !log || lo > 0 { ylo = lo }
        if let hi = axes.yLimits.hi { yhi = hi }
        if !(xlo < xhi) { (xlo, xhi) = AxisScale.padded(xr, margin: Style.margin, log: false) }
        if !(ylo < yhi) { (ylo, yhi) = AxisScale.padded(yr, margin: Style.margin, log: log) }

        // Whole-number x data (epochs, steps) gets whole-number ticks.
        let integerX = bars.isEmpty && axes.series.allSatisfy { s in
            s.x.allSatisfy { !$0.isFinite || $0 == $0.rounded() }
        }

        var layout = self.layout(xlo, xhi, ylo, yhi, integerX: integerX, rotate: false)
        if layout.rotateCategories {
            layout = self.layout(xlo, xhi, ylo, yhi, integerX: integerX, rotate: true)
        }
        render(layout)
    }

    // MARK: layout

    private func textHeight(_ size: Double) -> Double { size * (Canvas.capHeight + Canvas.descent) }

    private func layout(_ xlo: Double, _ xhi: Double, _ ylo: Double, _ yhi: Double,
                        integerX: Bool, rotate: Bool) -> Layout {
        let p = Style.padding
        var top = cell.minY + p
        // Panels side by side leave the same room for titles, so their plot areas line up.
        top += max(titleSpace(axes.titleText, canvas), axes.rowTitleSpace)
        var bottom = cell.maxY - p
        if axes.xLabelText != nil { bottom -= textHeight(Style.labelFont) + Style.gap }
        bottom -= Style.tickLength + Style.tickPad
        let widestCategory = categories.map { canvas.measure($0, size: Style.tickFont).width }.max() ?? 0
        if rotate {
            // Labels at 45°: their vertical extent is (width + height) / √2.
            bottom -= min((widestCategory + textHeight(Style.tickFont)) / 2.0.squareRoot(), cell.height * 0.35)
        } else {
            bottom -= textHeight(Style.tickFont)
        }

        // y ticks first: they depend only on the height, and their labels set the left margin.
        let plotHeight = max(20, bottom - top)
        let yTarget = max(3, min(8, Int(plotHeight / 42)))
        var yTicks = axes.logScaleY ? Ticks.log(ylo, yhi, target: yTarget) : Ticks.linear(ylo, yhi, target: yTarget)
        if yTicks.multiplier != nil && top - cell.minY - p < textHeight(Style.tickFont) + 4 {
            top += textHeight(Style.tickFont) + 4
        }
        let yLabelWidth = yTicks.labels.map { canvas.measure($0, size: Style.tickFont).width }.max() ?? 0
        var left = cell.minX + p + yLabelWidth + Style.tickPad + Style.tickLength
        if axes.yLabelText != nil { left += textHeight(Style.labelFont) + Style.gap + 2 }
        let right = cell.maxX - p - 10
        let plot = Rect(x: left, y: top, width: max(20, right - left), height: max(20, bottom - top))

        var xTicks: Ticks
        var rotateCategories = false
        if !bars.isEmpty {
            // One tick per category; every k-th when even rotated labels would collide.
            let slot = plot.width / Double(max(1, categories.count))
            let every = max(1, Int((textHeight(Style.tickFont) * 1.6 / slot).rounded(.up)))
            let shown = categories.indices.filter { $0 % every == 0 }
            xTicks = Ticks(values: shown.map(Double.init), labels: shown.map { categories[$0] }, multiplier: nil)
            rotateCategories = widestCategory > slot * 0.92 || every > 1
        } else {
            var target = max(2, min(10, Int(plot.width / 70)))
            repeat {
                xTicks = Ticks.linear(xlo, xhi, target: target, integer: integerX)
                let total = xTicks.labels.map { canvas.measure($0, size: Style.tickFont).width + 14 }.reduce(0, +)
                if total <= plot.width || target <= 2 { break }
                target -= 1
            } while true
        }
        yTicks.values = yTicks.values.filter { $0 >= ylo - 1e-9 * abs(yhi - ylo) && $0 <= yhi + 1e-9 * abs(yhi - ylo) }
        let x = AxisScale(lo: xlo, hi: xhi, log: false, from: plot.minX, to: plot.maxX)
        let y = AxisScale(lo: ylo, hi: yhi, log: axes.logScaleY, from: plot.maxY, to: plot.minY)
        return Layout(plot: plot, x: x, y: y, xTicks: xTicks, yTicks: yTicks, rotateCategories: rotateCategories)
    }

    // MARK: drawing

    private func render(_ l: Layout) {
        let plot = l.plot
        let inX: (Double) -> Bool = { $0 >= plot.minX - 0.01 && $0 <= plot.maxX + 0.01 }
        let inY: (Double) -> Bool = { $0 >= plot.minY - 0.01 && $0 <= plot.maxY + 0.01 }

        if axes.showGrid {
            for v in l.yTicks.values {
                let py = l.y.map(v)
                if inY(py) && abs(py - plot.maxY) > 0.5 {
                    canvas.line(Point(x: plot.minX, y: py), Point(x: plot.maxX, y: py), Style.gridColor,
                                width: Style.gridWidth, snap: true)
                }
            }
            if bars.isEmpty {
                for v in l.xTicks.values {
                    let px = l.x.map(v)
                    if inX(px) && abs(px - plot.minX) > 0.5 {
                        canvas.line(Point(x: px, y: plot.minY), Point(x: px, y: plot.maxY), Style.gridColor,
                                    width: Style.gridWidth, snap: true)
                    }
                }
            }
        }

        canvas.clipped(to: plot.inset(-1)) {
            drawBars(l)
            for s in axes.series { drawSeries(s, l) }
        }

        // Axes: left and bottom spines, ticks pointing out, labels.
        let axisColor = Style.axisColor
        canvas.line(Point(x: plot.minX, y: plot.maxY), Point(x: plot.maxX, y: plot.maxY), axisColor,
                    width: Style.axisWidth, snap: true)
        canvas.line(Point(x: plot.minX, y: plot.minY), Point(x: plot.minX, y: plot.maxY), axisColor,
                    width: Style.axisWidth, snap: true)
        for (v, label) in zip(l.yTicks.values, l.yTicks.labels) {
            let py = l.y.map(v)
            guard inY(py) else { continue }
            canvas.line(Point(x: plot.minX - Style.tickLength, y: py), Point(x: plot.minX, y: py), axisColor,
                        width: Style.axisWidth, snap: true)
            canvas.text(label, at: Point(x: plot.minX - Style.tickLength - Style.tickPad, y: py),
                        size: Style.tickFont, color: Style.tickLabelColor, h: .right, v: .center)
        }
        let labelTop = plot.maxY + Style.tickLength + Style.tickPad
        for (v, label) in zip(l.xTicks.values, l.xTicks.labels) {
            let px = l.x.map(v)
            guard inX(px) else { continue }
            canvas.line(Point(x: px, y: plot.maxY), Point(x: px, y: plot.maxY + Style.tickLength), axisColor,
                        width: Style.axisWidth, snap: true)
            if l.rotateCategories {
                canvas.text(label, at: Point(x: px + 3, y: labelTop + 1), size: Style.tickFont,
                            color: Style.tickLabelColor, h: .right, v: .top, angle: -Double.pi / 4)
            } else {
                canvas.text(label, at: Point(x: px, y: labelTop), size: Style.tickFont,
                            color: Style.tickLabelColor, h: .center, v: .top)
            }
        }
        if let m = l.yTicks.multiplier {
            canvas.text(m, at: Point(x: plot.minX, y: plot.minY - 4), size: Style.tickFont,
                        color: Style.tickLabelColor, h: .left, v: .bottom)
        }
        if let m = l.xTicks.multiplier {
            canvas.text(m, at: Point(x: plot.maxX, y: labelTop + textHeight(Style.tickFont) + 3),
                        size: Style.tickFont, color: Style.tickLabelColor, h: .right, v: .top)
        }

        if let xlabel = axes.xLabelText {
            canvas.text(xlabel, at: Point(x: plot.midX, y: cell.maxY - Style.padding), size: Style.labelFont,
                        h: .center, v: .bottom)
        }
        if let ylabel = axes.yLabelText {
            canvas.text(ylabel, at: Point(x: cell.minX + Style.padding, y: plot.midY), size: Style.labelFont,
                        h: .center, v: .top, angle: -Double.pi / 2)
        }
        if let title = axes.titleText, !title.isEmpty {
            drawTitle(title, canvas, centerX: plot.midX, top: cell.minY + Style.padding, maxWidth: cell.width)
        }
        drawLegend(axes, canvas, plot: plot, points: legendObstacles(l))
    }

    private func drawSeries(_ s: Series, _ l: Layout) {
        let dash = s.dashed ? [5.0, 3.0] : []
        switch s.kind {
        case .line:
            // Runs of connected points: a NaN leaves a gap, and segments are clipped to
            // (a little more than) the plot so far-off points cannot upset cairo.
            let bounds = l.plot.inset(-2 * s.size - 2)
            var runs = [[Point]]()
            var run = [Point]()
            var previous: Point?
            var dots = [Point]()
            for (x, y) in zip(s.x, s.y) {
                guard x.isFinite && l.y.accepts(y) else {
                    if !run.isEmpty { runs.append(run); run = [] }
                    previous = nil
                    continue
                }
                let p = Point(x: l.x.map(x), y: l.y.map(y))
                if bounds.contains(x: p.x, y: p.y) { dots.append(p) }
                if let q = previous {
                    if let (a, b) = clip(q, p, to: bounds) {
                        if run.last != a {
                            if !run.isEmpty { runs.append(run) }
                            run = [a]
                        }
                        run.append(b)
                    }
                } else if bounds.contains(x: p.x, y: p.y) {
                    run = [p]
                }
                previous = p
            }
            if !run.isEmpty { runs.append(run) }
            for r in runs where r.count >= 2 { canvas.polyline(r, s.color, width: s.size, dash: dash) }
            // Markers when asked for, and always for points with no neighbour to connect to.
            let lonely = runs.filter { $0.count == 1 }.flatMap { $0 }
            for p in s.markers ? dots : lonely {
                canvas.circle(p, radius: max(Style.markerRadius, s.size * 1.3), fill: s.color)
            }
        case .scatter:
            let bounds = l.plot.inset(-s.size)
            for (x, y) in zip(s.x, s.y) where x.isFinite && l.y.accepts(y) {
                let p = Point(x: l.x.map(x), y: l.y.map(y))
                if bounds.contains(x: p.x, y: p.y) { canvas.circle(p, radius: s.size, fill: s.color.withAlpha(0.8)) }
            }
        case .horizontalLine:
            guard l.y.accepts(s.y[0]) else { return }
            let py = l.y.map(s.y[0])
            canvas.line(Point(x: l.plot.minX, y: py), Point(x: l.plot.maxX, y: py), s.color, width: s.size, dash: dash)
        case .verticalLine:
            let px = l.x.map(s.x[0])
            canvas.line(Point(x: px, y: l.plot.minY), Point(x: px, y: l.plot.maxY), s.color, width: s.size, dash: dash)
        case .bar:
            break // drawn together by drawBars, which needs all bar series at once
        }
    }

    private func drawBars(_ l: Layout) {
        let group = bars
        guard !group.isEmpty else { return }
        let total = 0.8, each = total / Double(group.count)
        let base = l.y.log ? l.y.lo : max(l.y.lo, min(l.y.hi, 0))
        let basePx = l.y.map(base)
        for (g, s) in group.enumerated() {
            for (i, v) in s.y.enumerated() where l.y.accepts(v) {
                let left = Double(i) - total / 2 + each * Double(g)
                let x0 = l.x.map(left), x1 = l.x.map(left + each)
                // Bars far beyond the limits are cut a little outside the plot.
                let py = min(l.plot.maxY + 10, max(l.plot.minY - 10, l.y.map(v)))
                let r = Rect(x: x0, y: min(py, basePx), width: x1 - x0, height: abs(basePx - py))
                canvas.fill(r, s.color)
                if s.annotate {
                    let text = Ticks.compact(v)
                    let size = min(Style.tickFont, max(6, (x1 - x0) / max(1, Double(text.count)) * 1.6))
                    if v >= base {
                        canvas.text(text, at: Point(x: (x0 + x1) / 2, y: py - 3), size: size,
                                    color: Style.tickLabelColor, h: .center, v: .bottom)
                    } else {
                        canvas.text(text, at: Point(x: (x0 + x1) / 2, y: py + 3), size: size,
                                    color: Style.tickLabelColor, h: .center, v: .top)
                    }
                }
            }
        }
    }

    /// Points the legend should avoid covering: data points, samples along lines, bar tops.
    private func legendObstacles(_ l: Layout) -> [Point] {
        var points = [Point]()
        for s in axes.series {
            switch s.kind {
            case .line, .scatter:
                var previous: Point?
                for (x, y) in zip(s.x, s.y) {
                    guard x.isFinite && l.y.accepts(y) else { previous = nil; continue }
                    let p = Point(x: l.x.map(x), y: l.y.map(y))
                    if let q = previous, s.kind == .line, let (a, b) = clip(q, p, to: l.plot) {
                        // Sample along long segments too, so a line crossing a corner counts.
                        let steps = Int(min(20, (hypot(b.x - a.x, b.y - a.y) / 8).rounded(.up)))
                        for k in 1..<max(1, steps) {
                            let t = Double(k) / Double(steps)
                            points.append(Point(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t))
                        }
                    }
                    if l.plot.contains(x: p.x, y: p.y) { points.append(p) }
                    previous = p
                }
            case .bar:
                break // below, all bar series together
            case .horizontalLine:
                if l.y.accepts(s.y[0]) {
                    for f in stride(from: 0.0, through: 1.0, by: 0.05) {
                        points.append(Point(x: l.plot.minX + l.plot.width * f, y: l.y.map(s.y[0])))
                    }
                }
            case .verticalLine:
                for f in stride(from: 0.0, through: 1.0, by: 0.05) {
                    points.append(Point(x: l.x.map(s.x[0]), y: l.plot.minY + l.plot.height * f))
                }
            }
        }
        let each = 0.8 / Double(max(1, bars.count))
        let base = l.y.map(l.y.log ? l.y.lo : max(l.y.lo, min(l.y.hi, 0)))
        for (g, s) in bars.enumerated() {
            for (i, v) in s.y.enumerated() where l.y.accepts(v) {
                let left = Double(i) - 0.4 + each * Double(g), top = l.y.map(v)
                for f in stride(from: 0.0, through: 1.0, by: 0.1) {
                    for k in stride(from: 0.0, through: 1.0, by: 0.5) {
                        points.append(Point(x: l.x.map(left + each * k), y: top + (base - top) * f))
                    }
                }
            }
        }
        return points
    }
}

/// The height a title takes above a panel's contents (0 without one).
func titleSpace(_ title: String?, _ canvas: Canvas) -> Double {
    guard let title, !title.isEmpty else { return 0 }
    return canvas.measure(title, size: Style.titleFont).height + Style.gap + 4
}

/// A panel title, centred, shortened with "…" if wider than the panel.
func drawTitle(_ title: String, _ canvas: Canvas, centerX: Double, top: Double, maxWidth: Double) {
    let lines = title.split(separator: "\n", omittingEmptySubsequences: false)
        .map { canvas.truncated(String($0), size: Style.titleFont, maxWidth: maxWidth - 8) }
    canvas.text(lines.joined(separator: "\n"), at: Point(x: centerX, y: top), size: Style.titleFont,
                color: Color.text, h: .center, v: .top)
}
