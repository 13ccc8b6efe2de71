/// Where a legend goes inside the plot area.
public enum LegendLocation: Sendable {
    /// The corner that hides the fewest data points (matplotlib's "best").
    case best
    /// The upper right corner (matplotlib: `loc="upper right"`).
    case upperRight
    /// The upper left corner (matplotlib: `loc="upper left"`).
    case upperLeft
    /// The lower left corner (matplotlib: `loc="lower left"`).
    case lowerLeft
    /// The lower right corner (matplotlib: `loc="lower right"`).
    case lowerRight
    /// No legend even when series have labels.
    case none
}

/// One panel of a figure: a chart (lines, scatter points, bars) with its axes, or an image,
/// an image grid or a heatmap. Get one from a figure (`fig[0]`, `fig[1, 0]`, `fig.axes(0)`);
/// every method returns the panel itself, so calls chain:
///
///     fig[0].line(trainLoss, label: "train").line(validLoss, label: "valid").ylabel("loss")
public final class Axes {
    // Decorations.
    var titleText: String?
    var xLabelText: String?
    var yLabelText: String?
    var xLimits: (lo: Double?, hi: Double?) = (nil, nil)
    var yLimits: (lo: Double?, hi: Double?) = (nil, nil)
    var logScaleY = false
    var showGrid = true
    var legendLocation = LegendLocation.best

    // Contents.
    var series: [Series] = []
    var raster: Raster?
    /// What the lesson asked for but could not be drawn, shown when nothing else is.
    var problems: [String] = []
    /// Next automatic colour of the tab10 cycle.
    var nextColor = 0
    /// Room for titles in this panel's row of the figure (set while drawing), so charts
    /// side by side have their plot areas at the same height.
    var rowTitleSpace = 0.0

    /// A detached panel (a figure makes its own; this one is for the figure's use and tests).
    init() {}

    /// The panel's title, above the plot.
    @discardableResult public func title(_ text: String) -> Axes { titleText = text; return self }
    /// The label under the x axis.
    @discardableResult public func xlabel(_ text: String) -> Axes { xLabelText = text; return self }
    /// The label beside the y axis (written upward).
    @discardableResult public func ylabel(_ text: String) -> Axes { yLabelText = text; return self }

    /// Fixes the x range; leave an end nil to keep it automatic.
    @discardableResult public func xlim(_ lo: Double?, _ hi: Double?) -> Axes {
        if let problem = limitProblem(lo, hi) {
            Diagnostics.warn("xlim(\(lo.map { "\($0)" } ?? "nil"), \(hi.map { "\($0)" } ?? "nil")): \(problem); ignored")
            return self
        }
        xLimits = (lo, hi); return self
    }

    /// Fixes the y range; leave an end nil to keep it automatic.
    @discardableResult public func ylim(_ lo: Double?, _ hi: Double?) -> Axes {
        if let problem = limitProblem(lo, hi) {
            Diagnostics.warn("ylim(\(lo.map { "\($0)" } ?? "nil"), \(hi.map { "\($0)" } ?? "nil")): \(problem); ignored")
            return self
        }
        yLimits = (lo, hi); return self
    }

    /// Why the limits `lo`, `hi` cannot be used, or nil.
    private func limitProblem(_ lo: Double?, _ hi: Double?) -> String? {
        if let lo, !lo.isFinite { return "limits must be finite numbers" }
        if let hi, !hi.isFinite { return "limits must be finite numbers" }
        if let lo, let hi, !(lo < hi) { return "the lower limit must be below the upper one" }
        return nil
    }

    /// A logarithmic y axis (values ≤ 0 are left out), e.g. for a loss that falls by decades.
    /// `yscale(.log)` is matplotlib's spelling of the same.
    @discardableResult public func logY(_ on: Bool = true) -> Axes { logScaleY = on; return self }
    /// Light grid lines at the ticks (on by default).
    @discardableResult public func grid(_ on: Bool = true) -> Axes { showGrid = on; return self }
    /// Where the legend goes: `legend()` picks the corner that hides the fewest points
    /// (matplotlib's "best"), `.none` hides it. A legend appears when any series has a label.
    @discardableResult public func legend(_ location: LegendLocation = .best) -> Axes { legendLocation = location; return self }

    /// The colour for a new series: the one asked for, or the next of the tab10 cycle.
    func takeColor(_ requested: Color?) -> Color {
        if let requested { return requested }
        defer { nextColor += 1 }
        return Palette.color(nextColor)
    }

    /// Replaces whatever raster content (image, grid, heatmap) the panel had.
    func setRaster(_ content: Raster) {
        if !series.isEmpty {
            Diagnostics.warn("this panel already has chart series; the \(content.kind) replaces them")
            series.removeAll()
        }
        raster = content
    }

    /// Whether anything is there to draw.
    var isEmpty: Bool { series.isEmpty && raster == nil }
}

/// Content of a panel that is not a chart.
enum Raster {
    case image(ImagePanel)
    case grid(ImageGridPanel)
    case heatmap(HeatmapPanel)

    var kind: String {
        switch self {
        case .image: return "image"
        case .grid: return "image grid"
        case .heatmap: return "heatmap"
        }
    }
}
