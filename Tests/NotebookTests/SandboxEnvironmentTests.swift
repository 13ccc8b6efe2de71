import XCTest
@testable import Notebook

/// What a sandboxed program sees of the grader's environment.
final class SandboxEnvironmentTests: XCTestCase {
    func testOnlyEngineSettingsPassAndIdleWorkersWaitPassively() {
        let grader = ["HOME": "/home/teacher", "OPENBLAS_CORETYPE": "Haswell", "OMP_NUM_THREADS": "1", "API_TOKEN": "secret"]
        XCTAssertEqual(Sandbox.passThrough(grader),
                       ["OPENBLAS_CORETYPE": "Haswell", "OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "passive"])
        XCTAssertEqual(Sandbox.passThrough(["OMP_WAIT_POLICY": "active"]), ["OMP_WAIT_POLICY": "active"])
        XCTAssertEqual(Sandbox.passThrough(["LESSONS_THREADS": "4"]), ["LESSONS_THREADS": "4", "OMP_WAIT_POLICY": "passive"])
    }

    /// Copies graded side by side get their share of the cores, sandboxed or not, unless the
    /// grader chose (the engine reads LESSONS_THREADS, then OMP_NUM_THREADS).
    func testACopyGetsItsShareOfTheCoresUnlessTheGraderSetThreads() {
        var options = RunOptions()
        XCTAssertEqual(options.threadSetting(in: [:]), [:], "no share: the program's default")
        options.threads = 3
        XCTAssertEqual(options.threadSetting(in: ["HOME": "/home/teacher"]), ["OMP_NUM_THREADS": "3"])
        XCTAssertEqual(options.threadSetting(in: ["OMP_NUM_THREADS": "8"]), [:])
        XCTAssertEqual(options.threadSetting(in: ["LESSONS_THREADS": "4"]), [:])
        XCTAssertEqual(ClassGrading.copiesAtOnce(jobs: 4, copies: 2), 2)
        XCTAssertEqual(ClassGrading.copiesAtOnce(jobs: 2, copies: 0), 1)
    }
}
