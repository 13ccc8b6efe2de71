extension Axes {
    /// Points at (x[i], y[i]); `x` and `y` must have the same length. Points with a NaN or
    /// infinite coordinate are left out.
    ///
    ///     fig.scatter(x: heights, y: weights, label: "people")
    @discardableResult
    public func scatter<X: Sequence, Y: Sequence>(x: X, y: Y, label: String? = nil, color: Color? = nil,
                                                      size: Double? = nil) -> Axes where X.Element: PlotNumber, Y.Element: PlotNumber {
        addScatter(x: x.doubles, y: y.doubles, label: label, color: color, size: size)
    }

    /// Points coloured by group: `groups[i]` is the class of point i (0, 1, …), `names` the
    /// class names for the legend. One series per class, in tab10 colours.
    ///
    ///     fig.scatter(x: embedding0, y: embedding1, groups: labels, names: classNames)
    @discardableResult
    public func scatter<X: Sequence, Y: Sequence>(x: X, y: Y, groups: [Int], names: [String]? = nil,
                                                      size: Double? = nil) -> Axes where X.Element: PlotNumber, Y.Element: PlotNumber {
        let xs = x.doubles, ys = y.doubles
        guard groups.count == xs.count else {
            reject("scatter", "groups has \(count(groups.count, "value")) but x has \(xs.count)"); return self
        }
        if let names, let top = groups.max(), top >= names.count {
            Diagnostics.warn("scatter: \(names.count) names for groups up to \(top); numbers used for the rest")
        }
        var members = [Int: [Int]]()
        for (i, g) in groups.enumerated() { members[g, default: []].append(i) }
        if members.count > 50 {
            Diagnostics.warn("scatter: \(members.count) groups; colours repeat after 10 and the legend is long")
        }
        for g in members.keys.sorted() {
            let idx = members[g]!
            let name = names.flatMap { g >= 0 && g < $0.count ? $0[g] : nil } ?? String(g)
            addScatter(x: idx.map { i in i < xs.count ? xs[i] : .nan }, y: idx.map { i in i < ys.count ? ys[i] : .nan },
                       label: name, color: g >= 0 ? Palette.color(g) : nil, size: size)
        }
        return self
    }

    @discardableResult
    private func addScatter(x: [Double], y: [Double], label: String?, color: Color?, size: Double?) -> Axes {
        let what = describe("scatter", label)
        if raster != nil { reject(what, "this panel already shows an \(raster!.kind)"); return self }
        if let problem = problemWithValues(x, name: "x") ?? problemWithValues(y, name: "y") {
            reject(what, problem); return self
        }
        if x.count != y.count { reject(what, "x has \(count(x.count, "value")) but y has \(y.count)"); return self }
        if !zip(x, y).contains(where: { $0.isFinite && $1.isFinite }) {
            reject(what, "no point has both x and y finite"); return self
        }
        series.append(Series(kind: .scatter, x: x, y: y, label: label, color: takeColor(color),
                             size: Plot.size(size, default: Style.scatterRadius, name: "scatter size")))
        return self
    }
}
