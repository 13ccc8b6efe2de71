import ArgumentParser
import Engine
import FileSystem
import Foundation

/// `lessons bench`: the engine's speed on this machine (sgemm, conv2d, the course's models'
/// training and inference throughput, ResNet training's peak memory), optionally set
/// against a peer's figures (bench/pytorch_peer.py writes the same JSON).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the engine: sgemm and conv2d GFLOP/s, model images/s, peak memory.",
        discussion: """
            Each figure is timed after a warm-up, over repeated runs; the table shows the median \
            and the spread (min–max). The kernels (sgemm, conv) take their runs in turns, all \
            thread counts together, so that their ratios compare the same minutes of the machine; \
            the models run one after another. Progress goes to stderr. Models: \(BenchSuite.keys.joined(separator: ", ")).
            """)

    @Flag(help: "Write the results as JSON to stdout (the table goes to stderr).")
    var json = false

    @Option(help: "Write the JSON results to this file as well.")
    var output: String?

    @Option(help: "Thread counts, comma-separated (default: 1 and all cores).")
    var threads: String?

    @Option(help: "A JSON file of a peer's results: print the ratio ours/peer for each figure in both.")
    var compare: String?

    @Option(help: "Show (or --compare) saved results from this JSON file instead of measuring.")
    var load: String?

    @Flag(help: "Shorter warm-up and fewer, shorter runs.")
    var quick = false

    @Option(help: "Comma-separated subset of: \(BenchSuite.keys.joined(separator: ", ")).")
    var models: String?

    @Option(help: .hidden)
    var only: String?

    @Option(help: .hidden)
    var memorySteps: Int?

    func validate() throws {
        if let models {
            let unknown = models.split(separator: ",").map(String.init).filter { !BenchSuite.keys.contains($0) }
            if !unknown.isEmpty { throw ValidationError("unknown --models \(unknown.joined(separator: ", ")); known: \(BenchSuite.keys.joined(separator: ", "))") }
        }
        if let only, only != BenchSuite.memoryOnlyName { throw ValidationError("unknown --only \(only)") }
        if threadCounts.isEmpty { throw ValidationError("--threads wants positive integers, e.g. 1,2") }
    }

    private var threadCounts: [Int] {
        guard let threads else {
            let all = ProcessInfo.processInfo.activeProcessorCount
            return all > 1 ? [1, all] : [1]
        }
        let parsed = threads.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parsed.allSatisfy({ ($0 ?? 0) > 0 }) else { return [] }
        var seen = Set<Int>()
        return parsed.compactMap { $0 }.filter { seen.insert($0).inserted }
    }

    func run() throws {
        let steps = memorySteps ?? (quick ? 1 : 3)
        if only == BenchSuite.memoryOnlyName {
            // The child process of the memory figure: JSON on stdout, nothing else.
            let result = BenchSuite.resnetTrainMemory(threads: threadCounts.last!, steps: steps)
            FileHandle.standardOutput.write(try result.json())
            return
        }
        let peer = try compare.map(Self.read)
        let result: BenchRun
        if let load {
            result = try Self.read(load)
        } else {
            let keys = Set(models.map { $0.split(separator: ",").map(String.init) } ?? BenchSuite.keys)
            let suite = BenchSuite(threads: threadCounts, keys: keys, timer: BenchTimer(quick: quick), memorySteps: steps)
            result = try suite.run()
        }
        let table = BenchTable.render(result) + (BenchSuite.convTargets(result).map { "\n\n" + $0 } ?? "")
        if json {
            progress(table)
            FileHandle.standardOutput.write(try result.json())
            FileHandle.standardOutput.write("\n".data(using: .utf8)!)
        } else {
            print(table)
        }
        if let output { try AtomicFile.write(try result.json(), to: output) }
        if let peer {
            let text = "\nours / \(peer.engine) \(peer.version) (\(compare!), measured \(peer.date)):\n" + BenchTable.compare(result, with: peer)
            if json { progress(text) } else { print(text) }
        }
    }

    /// Reads a results file, or fails with one clear error naming it.
    private static func read(_ path: String) throws -> BenchRun {
        do {
            return try BenchRun.decode(Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ValidationError("\(path): not a bench results file (\(error.localizedDescription))")
        }
    }
}
