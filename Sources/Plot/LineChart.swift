extension Axes {
    /// A line through `y` at x = 0, 1, 2, … (matplotlib's default), one colour per series
    /// from tab10. NaN and infinite values leave a gap.
    ///
    ///     fig.line(losses, label: "train")
    @discardableResult
    public func line<Y: Sequence>(_ y: Y, label: String? = nil, color: Color? = nil,
                                    dashed: Bool = false, markers: Bool = false, width: Double? = nil) -> Axes where Y.Element: PlotNumber {
        addLine(y.doubles, x: nil, label: label, color: color, dashed: dashed, markers: markers, width: width)
    }

    /// A line through the points (x[i], y[i]); `x` and `y` must have the same length.
    ///
    ///     fig.line(accuracy, x: Array(1...epochs), label: "test")
    @discardableResult
    public func line<Y: Sequence, X: Sequence>(_ y: Y, x: X, label: String? = nil, color: Color? = nil,
                                                   dashed: Bool = false, markers: Bool = false, width: Double? = nil) -> Axes where Y.Element: PlotNumber, X.Element: PlotNumber {
        addLine(y.doubles, x: x.doubles, label: label, color: color, dashed: dashed, markers: markers, width: width)
    }

    /// A horizontal reference line across the plot at `y` (e.g. chance accuracy), dashed gray
    /// unless told otherwise.
    @discardableResult
    public func hline(_ y: Double, label: String? = nil, color: Color? = nil, dashed: Bool = true) -> Axes {
        guard y.isFinite else { reject(describe("hline", label), "y is \(y)"); return self }
        series.append(Series(kind: .horizontalLine, x: [], y: [y], label: label, color: color ?? Color.gray,
                             size: 1.2, dashed: dashed))
        return self
    }

    /// A vertical reference line across the plot at `x` (e.g. where the learning rate dropped).
    @discardableResult
    public func vline(_ x: Double, label: String? = nil, color: Color? = nil, dashed: Bool = true) -> Axes {
        guard x.isFinite else { reject(describe("vline", label), "x is \(x)"); return self }
        series.append(Series(kind: .verticalLine, x: [x], y: [], label: label, color: color ?? Color.gray,
                             size: 1.2, dashed: dashed))
        return self
    }

    private func addLine(_ y: [Double], x: [Double]?, label: String?, color: Color?,
                         dashed: Bool, markers: Bool, width: Double?) -> Axes {
        let what = describe("line", label)
        if raster != nil { reject(what, "this panel already shows an \(raster!.kind)"); return self }
        if let problem = problemWithValues(y, name: "y") { reject(what, problem); return self }
        let xs = x ?? y.indices.map(Double.init)
        if xs.count != y.count { reject(what, "x has \(count(xs.count, "value")) but y has \(y.count)"); return self }
        if !zip(xs, y).contains(where: { $0.isFinite && $1.isFinite }) {
            reject(what, "no point has both x and y finite"); return self
        }
        series.append(Series(kind: .line, x: xs, y: y, label: label, color: takeColor(color),
                             size: size(width, default: Style.lineWidth, name: "line width"), dashed: dashed, markers: markers || y.count == 1))
        return self
    }
}
