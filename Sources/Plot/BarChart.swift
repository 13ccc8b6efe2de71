extension Axes {
    /// Bars of height `values[i]`, one per category, named by `labels` under the x axis
    /// (numbers 0, 1, … when nil). Calling `bar` again on the same panel draws grouped bars,
    /// side by side per category; give each call a `label` for the legend.
    ///
    ///     fig.bar(values: perClassAccuracy, labels: classNames, annotate: true)
    @discardableResult
    public func bar<V: Sequence>(values: V, labels: [String]? = nil, label: String? = nil,
                                   color: Color? = nil, annotate: Bool = false) -> Axes where V.Element: PlotNumber {
        let what = describe("bar", label)
        let ys = values.doubles
        if raster != nil { reject(what, "this panel already shows an \(raster!.kind)"); return self }
        if let problem = problemWithValues(ys, name: "values") { reject(what, problem); return self }
        var categories = labels ?? ys.indices.map { String($0) }
        if categories.count != ys.count {
            reject(what, "\(count(ys.count, "value")) but \(count(categories.count, "label"))"); return self
        }
        if let first = series.first(where: { $0.kind == .bar }) {
            if first.y.count != ys.count {
                reject(what, "\(count(ys.count, "value")) but the bars already drawn have \(first.y.count)"); return self
            }
            if labels == nil { categories = first.categories }
        }
        series.append(Series(kind: .bar, x: ys.indices.map(Double.init), y: ys, label: label,
                             color: takeColor(color), size: 0, categories: categories, annotate: annotate))
        return self
    }
}
