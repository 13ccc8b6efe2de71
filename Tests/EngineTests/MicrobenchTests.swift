import XCTest
@testable import Engine

/// The kernel microbenchmark, run only on request (it takes ~10-20 s):
///     LESSONS_BENCH=1 swift test --filter EngineTests.MicrobenchTests
/// Optional: LESSONS_BENCH_THREADS=1,2   LESSONS_BENCH_REPEATS=3   LESSONS_BENCH_PASSES=1 (time dx, dW apart)
final class MicrobenchTests: XCTestCase {
    func testConvAndSgemmRates() throws {
        let env = ProcessInfo.processInfo.environment
        guard env["LESSONS_BENCH"] != nil else { throw XCTSkip("set LESSONS_BENCH=1 to run the microbenchmark") }
        let threads = (env["LESSONS_BENCH_THREADS"] ?? "1,2").split(separator: ",").compactMap { Int($0) }
        let repeats = Int(env["LESSONS_BENCH_REPEATS"] ?? "") ?? 3
        print(Microbench.report(threads: threads, repeats: repeats, breakdown: env["LESSONS_BENCH_PASSES"] != nil))
    }

    /// The benchmark's code paths run (tiny shapes, so this is fast).
    func testBenchmarkRunsOnTinyShapes() {
        let r = Microbench.conv(Microbench.ConvShape(2, 3, size: 5, batch: 2), threads: 1, repeats: 1)
        XCTAssertGreaterThan(r.forward.medianGFLOPs, 0)
        XCTAssertGreaterThan(r.training.medianGFLOPs, 0)
        XCTAssertTrue(Microbench.report(threads: [1], shapes: [Microbench.ConvShape(1, 1, size: 3, batch: 1)], repeats: 1)
            .contains("of sgemm"))
    }
}
