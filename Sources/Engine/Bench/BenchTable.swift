import Foundation

/// Text tables of bench results: one run's measurements, or ours set against a peer's.
public enum BenchTable {
    /// Benchmark, threads, median and (min–max), unit: one line per measurement.
    public static func render(_ run: BenchRun) -> String {
        let paths = [run.isa.map { "ISA \($0)" }, run.blasCore.map { "BLAS core \($0)" }].compactMap { $0 }
        var lines = ["\(run.engine) \(run.version) on \(run.cpu), \(run.cores) cores, load \(run.loadAverage.map { String(format: "%.2f", $0) }.joined(separator: " "))"
                     + (paths.isEmpty ? "" : ", " + paths.joined(separator: ", ")),
                     pad("benchmark", 48) + pad("thr", 4, left: true) + pad("median", 12, left: true) + "  " + pad("min–max", 23) + "unit"]
        for f in run.measurements {
            lines.append(pad(f.name, 48) + pad("\(f.threads)", 4, left: true) + pad(number(f.median), 12, left: true)
                         + "  " + pad("\(number(f.min))–\(number(f.max))", 23) + f.unit)
        }
        return lines.joined(separator: "\n")
    }

    /// For each measurement present in both runs (same name and threads): ours, the peer's and
    /// the ratio ours/peer, marked "ok" when ours is at least as good (for memory: no
    /// more) and "BELOW" otherwise. Measurements only one side has are listed at the end.
    public static func compare(_ ours: BenchRun, with peer: BenchRun) -> String {
        let peerMeasurements = Dictionary(peer.measurements.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        var lines = [pad("benchmark", 48) + pad("thr", 4, left: true) + pad(ours.engine, 12, left: true)
                     + pad(peer.engine, 12, left: true) + pad("ratio", 9, left: true) + "  unit"]
        var missing: [String] = []
        for f in ours.measurements {
            guard let p = peerMeasurements[key(f)], p.median > 0 else { missing.append("\(f.name) (\(f.threads)t)"); continue }
            let ratio = f.median / p.median
            let good = f.higherIsBetter ? ratio >= 1 : ratio <= 1
            lines.append(pad(f.name, 48) + pad("\(f.threads)", 4, left: true) + pad(number(f.median), 12, left: true)
                         + pad(number(p.median), 12, left: true) + pad(String(format: "%.2fx", ratio), 9, left: true)
                         + "  " + f.unit + (good ? "" : "  BELOW") + (f.higherIsBetter ? "" : " (lower is better)"))
        }
        let ourKeys = Set(ours.measurements.map(key))
        missing += peer.measurements.filter { !ourKeys.contains(key($0)) }.map { "\($0.name) (\($0.threads)t, \(peer.engine) only)" }
        if !missing.isEmpty { lines.append("not in both: " + missing.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }

    private static func key(_ f: BenchMeasurement) -> String { "\(f.name)|\(f.threads)" }

    private static func number(_ x: Double) -> String {
        x >= 1000 ? String(format: "%.0f", x) : x >= 100 ? String(format: "%.1f", x) : String(format: "%.2f", x)
    }

    private static func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
        let n = s.count
        guard n < width else { return s + " " }
        let fill = String(repeating: " ", count: width - n)
        return left ? fill + s : s + fill
    }
}
