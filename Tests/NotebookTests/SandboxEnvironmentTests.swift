import XCTest
@testable import Notebook

/// What a sandboxed program sees of the grader's environment.
final class SandboxEnvironmentTests: XCTestCase {
    func testOnlyEngineSettingsPassAndIdleWorkersWaitPassively() {
        let grader = ["HOME": "/home/teacher", "OPENBLAS_CORETYPE": "Haswell", "OMP_NUM_THREADS": "1", "API_TOKEN": "secret"]
        let sandbox = Sandbox(readOnly: [])
        XCTAssertEqual(sandbox.passThrough(grader),
                       ["OPENBLAS_CORETYPE": "Haswell", "OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "passive"])
        XCTAssertEqual(sandbox.passThrough(["OMP_WAIT_POLICY": "active"]), ["OMP_WAIT_POLICY": "active"])
    }

    /// Copies graded side by side get their share of the cores, unless the grader chose.
    func testACopyGetsItsShareOfTheCoresUnlessTheGraderSetThreads() {
        var sandbox = Sandbox(readOnly: [])
        sandbox.threads = 3
        XCTAssertEqual(sandbox.passThrough([:]), ["OMP_NUM_THREADS": "3", "OMP_WAIT_POLICY": "passive"])
        XCTAssertEqual(sandbox.passThrough(["OMP_NUM_THREADS": "8"])["OMP_NUM_THREADS"], "8")
        XCTAssertEqual(sandbox.passThrough(["LESSONS_THREADS": "4"]), ["LESSONS_THREADS": "4", "OMP_WAIT_POLICY": "passive"],
                       "the engine reads LESSONS_THREADS first: the grader's choice stands")
        XCTAssertEqual(ClassGrading.copiesAtOnce(jobs: 4, copies: 2), 2)
        XCTAssertEqual(ClassGrading.copiesAtOnce(jobs: 2, copies: 0), 1)
        XCTAssertEqual(sandbox.forSlot(2).threads, 3, "every slot gets the same share")
    }
}
