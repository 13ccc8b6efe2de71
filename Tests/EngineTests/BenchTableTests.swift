import XCTest
@testable import Engine

/// `lessons bench`'s results: the JSON round trip (the peer script writes the same keys),
/// the median and spread, and the ours/peer comparison.
final class BenchTableTests: XCTestCase {
    func testFigureTakesMedianAndSpread() {
        let f = BenchMeasurement(name: "x", threads: 1, unit: "img/s", values: [5, 1, 3, 4, 2])
        XCTAssertEqual([f.median, f.min, f.max], [3, 1, 5])
        XCTAssertEqual(f.repeats, 5)
    }

    func testJSONRoundTripAndPeerKeys() throws {
        var run = BenchRun(engine: "lessons", version: engineVersion, threads: [1])
        run.measurements = [BenchMeasurement(name: "sgemm 512", threads: 1, unit: "GFLOP/s", values: [10, 12])]
        let text = String(decoding: try run.json(), as: UTF8.self)
        XCTAssertTrue(text.contains("\"higher_is_better\""), text)
        XCTAssertTrue(text.contains("\"load_average\""), text)
        let back = try BenchRun.decode(try run.json())
        XCTAssertEqual(back.measurements, run.measurements)
        // The shape bench/pytorch_peer.py writes.
        let peer = """
            {"schema": "lessons-bench/1", "engine": "pytorch", "version": "2.15.0", "date": "2026-11-23T10:00:00Z",
             "cpu": "AMD EPYC", "cores": 2, "threads": [1], "load_average": [0.5, 0.4, 0.3],
             "figures": [{"name": "sgemm 512", "threads": 1, "unit": "GFLOP/s", "higher_is_better": true,
                          "median": 8.0, "min": 7.0, "max": 9.0, "repeats": 3}]}
            """
        XCTAssertEqual(try BenchRun.decode(Data(peer.utf8)).measurements.first?.median, 8)
    }

    func testCompareGivesRatiosAndDirection() {
        var ours = BenchRun(engine: "lessons", version: "0", threads: [1])
        var peer = BenchRun(engine: "pytorch", version: "0", threads: [1])
        ours.measurements = [BenchMeasurement(name: "train", threads: 1, unit: "img/s", values: [30]),
                        BenchMeasurement(name: "peak", threads: 1, unit: "MiB", higherIsBetter: false, values: [200]),
                        BenchMeasurement(name: "ours only", threads: 1, unit: "img/s", values: [1])]
        peer.measurements = [BenchMeasurement(name: "train", threads: 1, unit: "img/s", values: [20]),
                        BenchMeasurement(name: "peak", threads: 1, unit: "MiB", higherIsBetter: false, values: [100])]
        let lines = BenchTable.compare(ours, with: peer).split(separator: "\n")
        let train = lines.first { $0.hasPrefix("train ") }!, peak = lines.first { $0.hasPrefix("peak ") }!
        XCTAssertTrue(train.contains("1.50x") && !train.contains("BELOW"), String(train))
        XCTAssertTrue(peak.contains("2.00x") && peak.contains("BELOW"), String(peak))
        XCTAssertTrue(lines.last!.contains("ours only"))
    }

    func testInterleavedTimerTakesTurnsEachOnItsThreadCount() {
        let previous = Threads.count
        defer { Threads.set(previous) }
        var calls: [String] = []
        let timer = BenchTimer(warmupSeconds: 0, minSeconds: 0, repeats: 2)
        var rounds: [Int] = []
        let figures = timer.interleaved([
            BenchWorkload("a", threads: 1, unit: "u", work: 1) { calls.append("a\(Threads.count)") },
            BenchWorkload("b", threads: 2, unit: "u", work: 2) { calls.append("b\(Threads.count)") },
        ], round: { rounds.append($0) })
        // One warm-up call each, then a call each per round, in turns.
        XCTAssertEqual(calls, ["a1", "b2", "a1", "b2", "a1", "b2"])
        XCTAssertEqual(rounds, [0, 1])
        XCTAssertEqual(figures.map(\.name), ["a", "b"])
        XCTAssertEqual(figures.map(\.threads), [1, 2])
        XCTAssertEqual(figures.map(\.repeats), [2, 2])
        XCTAssertTrue(figures.allSatisfy { $0.min > 0 })
    }

    func testTimerRunsWarmupAndRepeats() {
        var calls = 0
        let f = BenchTimer(warmupSeconds: 0, minSeconds: 0, repeats: 3).rate("n", threads: 1, unit: "u", work: 1) { calls += 1 }
        XCTAssertEqual(calls, 4)
        XCTAssertEqual(f.repeats, 3)
        XCTAssertGreaterThan(f.min, 0)
    }
}
