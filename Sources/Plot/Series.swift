/// One data series of a chart, as given by the lesson (non-finite values are kept here and
/// skipped when drawing).
struct Series {
    enum Kind { case line, scatter, bar, horizontalLine, verticalLine }

    var kind: Kind
    var x: [Double]
    var y: [Double]
    var label: String?
    var color: Color
    /// Line width (lines) or marker radius (scatter), in points.
    var size: Double
    var dashed = false
    /// Dots at the data points of a line.
    var markers = false
    /// Category names of bars (one per value).
    var categories: [String] = []
    /// Write each bar's value above it.
    var annotate = false
}

/// A human name for a series in messages: `line "train"` or `line`.
func describe(_ kind: String, _ label: String?) -> String {
    if let label { return "\(kind) \"\(label)\"" }
    return kind
}

/// Why a list of values cannot be plotted, or nil when at least one value is finite.
func problemWithValues(_ values: [Double], name: String) -> String? {
    if values.isEmpty { return "\(name) is empty" }
    if !values.contains(where: \.isFinite) { return "all \(values.count) \(name) values are NaN or infinite" }
    return nil
}

/// "1 value", "3 values".
func count(_ n: Int, _ noun: String) -> String {
    "\(n) \(noun)\(n == 1 ? "" : "s")"
}

/// A line width or marker size from the lesson, or the default when it is missing or unusable
/// (a NaN width would stop cairo drawing anything after it).
func size(_ requested: Double?, default value: Double, name: String) -> Double {
    guard let requested else { return value }
    guard requested.isFinite, requested > 0, requested < 1000 else {
        Diagnostics.warn("\(name) \(requested) is not a usable size; using \(value)")
        return value
    }
    return requested
}
