import ImageIO

/// A figure: one panel, or a grid of `rows` x `columns` panels (`Axes`), with an optional
/// title, drawn with cairo and written as PNG at twice its size in points.
///
///     let fig = Figure(title: "Loss")            // one panel; its methods forward to it
///     fig.line(trainLoss, label: "train").line(validLoss, label: "valid").xlabel("epoch")
///     fig.show()
///
///     let pair = Figure(rows: 1, columns: 2)
///     pair[0].line(loss).title("loss")
///     pair[1].line(accuracy).title("accuracy")
///     pair.show()
///
/// Sizes are in points; left nil, they follow the content (640 x 400 for a chart, square
/// cells for images and heatmaps).
public final class Figure {
    /// The figure's title: above all panels, or the panel's own title when there is one panel.
    public var title: String?
    /// Number of panel rows.
    public let rows: Int
    /// Number of panel columns.
    public let columns: Int
    /// Width asked for, in points (the PNG is twice as wide); nil = from the content.
    public var width: Double?
    /// Height asked for, in points; nil = from the content.
    public var height: Double?
    /// The panels, row by row.
    let panels: [Axes]

    /// A figure with one panel.
    public convenience init(title: String? = nil, width: Double? = nil, height: Double? = nil) {
        self.init(rows: 1, columns: 1, title: title, width: width, height: height)
    }

    /// A figure with a grid of panels, numbered row by row from 0.
    public init(rows: Int, columns: Int, title: String? = nil, width: Double? = nil, height: Double? = nil) {
        let r = min(max(1, rows), 20), c = min(max(1, columns), 20)
        if r != rows || c != columns {
            Diagnostics.warn("Figure(rows: \(rows), columns: \(columns)): using \(r) x \(c) (1 to 20 each)")
        }
        self.rows = r
        self.columns = c
        self.title = title
        self.width = width
        self.height = height
        panels = (0..<(r * c)).map { _ in Axes() }
    }

    /// The panel at `index` (row by row from 0). An index out of range is reported and gives
    /// a panel that is not drawn, so the lesson goes on.
    public subscript(_ index: Int) -> Axes { axes(index) }

    /// The panel at `row`, `column` (from 0): `fig[1, 0]`, as matplotlib's `axs[1, 0]`.
    public subscript(row: Int, column: Int) -> Axes {
        guard (0..<rows).contains(row), (0..<columns).contains(column) else {
            Diagnostics.warn("figure has \(rows) x \(columns) panels; [\(row), \(column)] is outside it and is not drawn")
            return Axes()
        }
        return panels[row * columns + column]
    }

    /// The panel at `index` (row by row from 0).
    public func axes(_ index: Int) -> Axes {
        guard panels.indices.contains(index) else {
            Diagnostics.warn("figure has \(panels.count) panel\(panels.count == 1 ? "" : "s"); panel \(index) is outside it and is not drawn")
            return Axes()
        }
        return panels[index]
    }

    /// The first panel, to which the chart methods of a one-panel figure forward.
    var main: Axes { panels[0] }
}
