import Foundation

/// One measurement of `lessons bench` (and of the PyTorch peer script, which writes the same
/// JSON): the median and spread of repeated timed runs of one workload.
public struct BenchMeasurement: Codable, Sendable, Equatable {
    /// What was measured, e.g. "sgemm 1024" or "cifar-resnet222 b128 train"; the key that
    /// `--compare` matches on, together with `threads`.
    public var name: String
    /// Threads the engine (and BLAS) used.
    public var threads: Int
    /// "GFLOP/s", "img/s" or "MiB".
    public var unit: String
    /// Whether a larger value is better (rates) or worse (memory).
    public var higherIsBetter: Bool
    /// The median, slowest and fastest of the timed runs.
    public var median: Double, min: Double, max: Double
    /// How many timed runs (after the warm-up).
    public var repeats: Int

    /// A measurement from raw values (sorted here).
    public init(name: String, threads: Int, unit: String, higherIsBetter: Bool = true, values: [Double]) {
        let sorted = values.sorted()
        self.name = name; self.threads = threads; self.unit = unit; self.higherIsBetter = higherIsBetter
        median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        min = sorted.first ?? 0; max = sorted.last ?? 0; repeats = sorted.count
    }
}

/// The whole result of one `lessons bench --json` (or `bench/pytorch_peer.py`) run.
public struct BenchRun: Codable, Sendable {
    /// Identifies the file format.
    public var schema = "lessons-bench/1"
    /// "lessons" or "pytorch".
    public var engine: String
    /// The engine's version (PyTorch's `torch.__version__` for the peer).
    public var version: String
    /// ISO 8601 time the run started.
    public var date: String
    /// The CPU's model name (/proc/cpuinfo) and the number of cores the process may use.
    public var cpu: String, cores: Int
    /// The thread counts measured.
    public var threads: [Int]
    /// The kernels' instruction-set path (`KernelISA`: avx512, avx2, generic; for PyTorch its
    /// CPU capability), and the OpenBLAS core in use; nil in files written before they were recorded.
    public var isa: String?
    /// The OpenBLAS core in use (`openblas_get_corename()`, e.g. SkylakeX); nil for PyTorch and older files.
    public var blasCore: String?
    /// /proc/loadavg (1, 5, 15 min) at the start: other work on the machine skews the measurements.
    public var loadAverage: [Double]
    /// Every measurement, in the order measured (`figures` in the file).
    public var measurements: [BenchMeasurement]

    private enum CodingKeys: String, CodingKey {
        case schema, engine, version, date, cpu, cores, threads, isa, blasCore, loadAverage
        case measurements = "figures"
    }

    /// A run with no measurements yet, stamped with this machine's details.
    public init(engine: String, version: String, threads: [Int]) {
        self.engine = engine; self.version = version; self.threads = threads
        date = ISO8601DateFormatter().string(from: Date())
        cpu = MachineInfo.cpuModel; cores = ProcessInfo.processInfo.activeProcessorCount
        isa = KernelISA.active.rawValue; blasCore = BLASCore.name
        loadAverage = MachineInfo.loadAverage; measurements = []
    }

    /// The JSON text (snake_case keys, sorted, indented).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a run written by `json()` or by the peer script.
    public static func decode(_ data: Data) throws -> BenchRun {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(BenchRun.self, from: data)
    }
}

/// Facts about the machine and process that a benchmark records.
public enum MachineInfo {
    /// "model name" from /proc/cpuinfo, or "unknown".
    public static var cpuModel: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") { return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        }
        return "unknown"
    }

    /// The 1, 5 and 15 minute load averages from /proc/loadavg (empty where unreadable).
    public static var loadAverage: [Double] {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return [] }
        return text.split(separator: " ").prefix(3).compactMap { Double($0) }
    }

    /// A field of /proc/self/status in MiB ("VmHWM" = peak resident set, "VmRSS" = now).
    public static func statusMiB(_ field: String) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let kB = Double(parts[1]) { return kB / 1024 }
        }
        return nil
    }
}

/// A workload for `BenchTimer`: one call of `body` does `work` units (GFLOPs, images…) on
/// `threads` threads.
public struct BenchWorkload {
    /// The figure's name, as in `BenchMeasurement`.
    public var name: String
    /// Threads it runs on.
    public var threads: Int
    /// The rate's unit: "GFLOP/s", "img/s".
    public var unit: String
    /// Units of work one call of `body` does.
    public var work: Double
    /// One call of the workload.
    public var body: () -> Void

    /// A workload: `body` does `work` units on `threads` threads.
    public init(_ name: String, threads: Int, unit: String, work: Double, _ body: @escaping () -> Void) {
        self.name = name; self.threads = threads; self.unit = unit; self.work = work; self.body = body
    }
}

/// Warm-up and repeated timed runs of workloads, as rates (work per second).
public struct BenchTimer: Sendable {
    /// Seconds of untimed runs first (at least one run).
    public var warmupSeconds: Double
    /// Each timed run repeats the body until at least this many seconds have passed.
    public var minSeconds: Double
    /// Number of timed runs.
    public var repeats: Int

    /// Settings for a full run (quick: shorter and fewer runs).
    public init(quick: Bool) {
        warmupSeconds = quick ? 0.2 : 1.0; minSeconds = quick ? 0.2 : 1.0; repeats = quick ? 3 : 5
    }

    /// Explicit settings.
    public init(warmupSeconds: Double, minSeconds: Double, repeats: Int) {
        self.warmupSeconds = warmupSeconds; self.minSeconds = minSeconds; self.repeats = max(1, repeats)
    }

    /// Times `body`, which does `work` units (FLOPs in `scale` units, images…) per call.
    public func rate(_ name: String, threads: Int, unit: String, work: Double, _ body: () -> Void) -> BenchMeasurement {
        withoutActuallyEscaping(body) { body in
            interleaved([BenchWorkload(name, threads: threads, unit: unit, work: work, body)])[0]
        }
    }

    /// Times the workloads in turns: each warms up, then every round gives each of them one
    /// timed run, on its own thread count (`round` hears of each round as it starts). Where
    /// the machine's speed drifts (a shared host: the same kernel read 80 GFLOP/s one minute
    /// and 120 the next), the drift then reaches all of them alike, so that their ratios (a
    /// kernel against sgemm, 2 threads against 1) hold where figures timed one after another
    /// did not. The thread count is left at the last workload's.
    public func interleaved(_ workloads: [BenchWorkload], round: (Int) -> Void = { _ in }) -> [BenchMeasurement] {
        for w in workloads {
            Threads.set(w.threads)
            let warmStart = Self.now()
            repeat { w.body() } while Self.now() - warmStart < warmupSeconds
        }
        var rates = [[Double]](repeating: [], count: workloads.count)
        for r in 0..<repeats {
            round(r)
            for (i, w) in workloads.enumerated() {
                Threads.set(w.threads)
                let start = Self.now()
                var calls = 0, elapsed = 0.0
                repeat { w.body(); calls += 1; elapsed = Self.now() - start } while elapsed < minSeconds
                rates[i].append(Double(calls) * w.work / elapsed)
            }
        }
        return zip(workloads, rates).map { w, values in
            BenchMeasurement(name: w.name, threads: w.threads, unit: w.unit, values: values)
        }
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
}
