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

    /// The figure coordinate of `v`. Halving before subtracting keeps ranges near
    /// ±Double.greatestFiniteMagnitude from overflowing; the result is kept within ±1e7 points
    /// of the axis, so values far outside the limits still give finite coordinates.
    func map(_ v: Double) -> Double {
        let t: Double
        if log {
            t = (log10(v) - log10(lo)) / (log10(hi) - log10(lo))
        } else {
            t = (v / 2 - lo / 2) / (hi / 2 - lo / 2)
        }
        let position = from + t * (to - from)
        guard position.isFinite else { return position.isNaN ? from : (position > 0 ? 1e7 : -1e7) }
        return min(1e7, max(-1e7, position))
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
        if hi / 2 - lo / 2 <= 1e-12 * max(abs(lo), abs(hi)) {
            let delta = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= delta; hi += delta
        }
        // Half-span arithmetic, and results kept finite, for data near the limits of Double.
        let halfSpan = hi / 2 - lo / 2
        let biggest = Double.greatestFiniteMagnitude
        return (max(-biggest, lo - 2 * margin * halfSpan), min(biggest, hi + 2 * margin * halfSpan))
    }
}

/// The part of the segment a-b inside `rect` (Liang-Barsky), or nil when it misses it.
func clip(_ a: Point, _ b: Point, to rect: Rect) -> (Point, Point)? {
    let dx = b.x - a.x, dy = b.y - a.y
    var t0 = 0.0, t1 = 1.0
    for (p, q) in [(-dx, a.x - rect.minX), (dx, rect.maxX - a.x), (-dy, a.y - rect.minY), (dy, rect.maxY - a.y)] {
        if p == 0 {
            if q < 0 { return nil }
        } else {
            let r = q / p
            if p < 0 { if r > t1 { return nil }; t0 = max(t0, r) } else { if r < t0 { return nil }; t1 = min(t1, r) }
        }
    }
    return (Point(x: a.x + t0 * dx, y: a.y + t0 * dy), Point(x: a.x + t1 * dx, y: a.y + t1 * dy))
}
