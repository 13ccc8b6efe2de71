import Foundation

/// A data interval being collected from the values a chart shows.
struct DataRange {
    var lo = Double.infinity
    var hi = -Double.infinity

    var isEmpty: Bool { lo > hi }

    mutating func add(_ v: Double) {
        guard v.isFinite else { return }
        lo = min(lo, v); hi = max(hi, v)
    }
}

/// Maps data values on one axis to figure coordinates, linearly or on a log-10 scale.
struct AxisScale {
    var lo: Double
    var hi: Double
    var log: Bool
    /// Figure coordinate of `lo` and of `hi` (for a y axis, `lo` maps to the bottom).
    var from: Double
    var to: Double

    func map(_ v: Double) -> Double {
        let t: Double
        if log {
            t = (log10(v) - log10(lo)) / (log10(hi) - log10(lo))
        } else {
            t = (v - lo) / (hi - lo)
        }
        return from + t * (to - from)
    }

    /// Whether `v` can be placed on this axis at all.
    func accepts(_ v: Double) -> Bool { v.isFinite && (!log || v > 0) }

    /// Expands `range` by `margin` of its span on each side (in log space on a log axis), and
    /// gives a single value some room so it is not drawn on the frame.
    static func padded(_ range: DataRange, margin: Double, log: Bool) -> (Double, Double) {
        if log {
            var lo = log10(range.lo), hi = log10(range.hi)
            if hi - lo < 1e-12 { lo -= 0.5; hi += 0.5 }
            let span = hi - lo
            return (pow(10, lo - margin * span), pow(10, hi + margin * span))
        }
        var lo = range.lo, hi = range.hi
        if hi - lo <= 1e-12 * max(abs(lo), abs(hi)) {
            let delta = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= delta; hi += delta
        }
        let span = hi - lo
        return (lo - margin * span, hi + margin * span)
    }
}
