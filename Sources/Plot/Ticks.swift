import Foundation

/// Tick positions with their labels for one axis: round numbers ("nice" steps of 1, 2, 2.5 or 5
/// times a power of ten), labelled with just enough decimals, and a shared "×10ⁿ" factor for
/// very large or very small values, as matplotlib does.
struct Ticks: Equatable {
    var values: [Double]
    var labels: [String]
    /// A factor written once at the end of the axis ("×10⁻⁴"), or nil.
    var multiplier: String?

    /// About `target` round-number ticks covering `lo...hi`. `integer` allows only whole steps
    /// (an axis of epochs shows 1, 2, 3, never 1.5).
    static func linear(_ lo: Double, _ hi: Double, target: Int, integer: Bool = false) -> Ticks {
        let values = niceValues(lo, hi, target: target, integer: integer)
        return labelled(values)
    }

    /// Tick values: multiples of a nice step inside `lo...hi`.
    static func niceValues(_ lo: Double, _ hi: Double, target: Int, integer: Bool = false) -> [Double] {
        guard lo.isFinite, hi.isFinite, hi > lo else { return lo.isFinite ? [lo] : [] }
        let step = niceStep((hi - lo) / Double(max(1, target)), integer: integer)
        let first = (lo / step - 1e-9).rounded(.up)
        let last = (hi / step + 1e-9).rounded(.down)
        guard last >= first, last - first < 1000 else { return [] }
        // Computing each tick as k * step (not by repeated addition) keeps 0.1 + 0.2 errors out.
        return stride(from: first, through: last, by: 1).map { k in
            let v = k * step
            return abs(v) < step * 1e-9 ? 0 : v
        }
    }

    /// The smallest step of the form {1, 2, 2.5, 5} x 10^k at least `raw`.
    static func niceStep(_ raw: Double, integer: Bool) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let mantissas: [Double] = integer ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]
        for m in mantissas where m * magnitude >= raw * (1 - 1e-9) {
            let step = m * magnitude
            return integer ? max(1, step.rounded()) : step
        }
        return 10 * magnitude
    }

    /// Labels for `values`, with the fewest decimals that tell them apart exactly, and a
    /// common power-of-ten factor when they are very large or very small.
    static func labelled(_ values: [Double]) -> Ticks {
        let maxAbs = values.map(abs).max() ?? 0
        var exponent = 0
        if maxAbs.isFinite && (maxAbs >= 1e5 || (maxAbs > 0 && maxAbs < 1e-3)) {
            exponent = Int((log10(maxAbs)).rounded(.down))
        }
        let scaled = values.map { $0 / pow(10, Double(exponent)) }
        let decimals = decimalsNeeded(scaled)
        let labels = scaled.map { format($0, decimals: decimals) }
        return Ticks(values: values, labels: labels,
                     multiplier: exponent == 0 ? nil : "×10" + superscript(exponent))
    }

    /// Fewest decimals (up to 8) at which every value is written exactly.
    static func decimalsNeeded(_ values: [Double]) -> Int {
        for d in 0...8 {
            let f = pow(10, Double(d))
            if values.allSatisfy({ v in abs(v * f - (v * f).rounded()) < 1e-6 * max(1, abs(v * f)) }) { return d }
        }
        return 8
    }

    /// `value` with `decimals` decimals and a true minus sign ("−0.5").
    static func format(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-") {
            // "-0.0" after rounding is just zero.
            if text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { text.removeFirst() } else {
                text = "−" + text.dropFirst()
            }
        }
        return text
    }

    /// A number for a label (legend values, heatmap cells): integers plainly, others with
    /// up to `significant` significant digits.
    static func compact(_ value: Double, significant: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "−inf") }
        if value == value.rounded() && abs(value) < 1e15 { return format(value, decimals: 0) }
        let magnitude = abs(value) > 0 ? Int((log10(abs(value))).rounded(.down)) : 0
        if magnitude >= 6 || magnitude < -4 {
            let text = String(format: "%.\(max(0, significant - 1))e", value)
            return text.replacingOccurrences(of: "-", with: "−")
        }
        let decimals = max(0, significant - 1 - magnitude)
        var text = format(value, decimals: decimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// `n` written in superscript digits ("⁻³").
    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let body = String(abs(n)).map { digits[Int(String($0))!] }
        return (n < 0 ? "⁻" : "") + String(body)
    }

    /// Ticks for a log-10 axis covering `lo...hi` (both > 0): every power of ten (or every k-th
    /// when there are many); within less than a decade, round numbers 1-2-5 style.
    static func log(_ lo: Double, _ hi: Double, target: Int) -> Ticks {
        guard lo > 0, hi > lo, lo.isFinite, hi.isFinite else { return Ticks(values: [], labels: [], multiplier: nil) }
        let lowExp = Int((log10(lo) - 1e-9).rounded(.up)), highExp = Int((log10(hi) + 1e-9).rounded(.down))
        let decades = highExp - lowExp + 1
        // Wide ranges: powers of ten only; narrower ones (under ~2.5 decades) also get 2 and 5.
        if decades >= 2 && log10(hi / lo) >= 2.5 {
            let every = max(1, Int((Double(decades) / Double(max(1, target))).rounded(.up)))
            let exps = stride(from: lowExp, through: highExp, by: 1).filter { ($0 - lowExp) % every == 0 }
            let values = exps.map { pow(10, Double($0)) }
            let plain = exps.allSatisfy { (-3)...4 ~= $0 }
            let labels = zip(exps, values).map { e, v in
                plain ? compact(v, significant: 4) : "10" + superscript(e)
            }
            return Ticks(values: values, labels: labels, multiplier: nil)
        }
        // 1, 2, 5 times powers of ten, then plain linear ticks if that still gives too few.
        var values = [Double]()
        for e in (lowExp - 1)...(highExp + 1) {
            for m in [1.0, 2.0, 5.0] {
                let v = m * pow(10, Double(e))
                if v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) { values.append(v) }
            }
        }
        if values.count < 3 { values = niceValues(lo, hi, target: target).filter { $0 > 0 } }
        return Ticks(values: values, labels: values.map { compact($0, significant: 4) }, multiplier: nil)
    }
}
