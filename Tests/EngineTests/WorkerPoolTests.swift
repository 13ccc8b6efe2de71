import Foundation
import Synchronization
import XCTest
@testable import Engine

/// The worker threads behind parallelFor: every part of every region runs once, whether the
/// workers are spinning or asleep, and regions inside regions or from two threads at once run
/// on their calling thread.
final class WorkerPoolTests: XCTestCase {
    /// Runs a region of `parts` parts that each add their index + 1 to a shared sum, and checks
    /// that each ran exactly once.
    private func checkRegion(_ parts: Int, file: StaticString = #filePath, line: UInt = #line) {
        let sum = Atomic<Int>(0), runs = Atomic<Int>(0)
        WorkerPool.shared.run(parts) { part in
            sum.add(part + 1, ordering: .relaxed)
            runs.add(1, ordering: .relaxed)
        }
        XCTAssertEqual(runs.load(ordering: .relaxed), parts, file: file, line: line)
        XCTAssertEqual(sum.load(ordering: .relaxed), parts * (parts + 1) / 2, file: file, line: line)
    }

    func testEveryPartRunsOnceInRegionsBackToBack() {
        for i in 0..<20_000 { checkRegion(2 + i % 4) }
    }

    func testRegionsAfterTheWorkersFellAsleep() {
        for _ in 0..<5 {
            Thread.sleep(forTimeInterval: 0.01)  // longer than a worker spins
            checkRegion(3)
        }
    }

    func testRegionsRunInParallelOnMoreThanOneThread() throws {
        try XCTSkipIf(ProcessInfo.processInfo.activeProcessorCount < 2, "one core")
        let threadIDs = Mutex<Set<UInt64>>([])
        for _ in 0..<50 {
            WorkerPool.shared.run(2) { _ in
                let id = UInt64(pthread_self())
                threadIDs.withLock { _ = $0.insert(id) }
                Thread.sleep(forTimeInterval: 0.001)  // long enough for a worker to take the other part
            }
        }
        XCTAssertGreaterThan(threadIDs.withLock { $0.count }, 1)
    }

    func testANestedRegionRunsOnItsCallingThread() {
        let sum = Atomic<Int>(0)
        WorkerPool.shared.run(3) { outer in
            WorkerPool.shared.run(4) { inner in sum.add(outer * 10 + inner, ordering: .relaxed) }
        }
        XCTAssertEqual(sum.load(ordering: .relaxed), (0 + 10 + 20) * 4 + 3 * (0 + 1 + 2 + 3))
    }

    func testRegionsFromTwoThreadsAtOnce() {
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            for i in 0..<2_000 { checkRegion(2 + i % 3) }
        }
    }

    func testParallelLoopsCoverEveryIndexOnce() {
        let previous = Threads.count
        defer { Threads.set(previous) }
        Threads.set(2)
        for count in [0, 1, 2, 3, 17, 1000] {
            let hits = Mutex([Int](repeating: 0, count: count))
            parallelFor(count) { range in hits.withLock { for i in range { $0[i] += 1 } } }
            parallelForDynamic(count, grain: 3) { range in hits.withLock { for i in range { $0[i] += 1 } } }
            XCTAssertEqual(hits.withLock { $0 }, [Int](repeating: 2, count: count), "count \(count)")
        }
    }
}
