import XCTest
@testable import Notebook

/// What a sandboxed program sees of the grader's environment.
final class SandboxEnvironmentTests: XCTestCase {
    func testOnlyEngineSettingsPassAndIdleWorkersWaitPassively() {
        let grader = ["HOME": "/home/teacher", "OPENBLAS_CORETYPE": "Haswell", "OMP_NUM_THREADS": "1", "API_TOKEN": "secret"]
        XCTAssertEqual(Sandbox.passThrough(grader),
                       ["OPENBLAS_CORETYPE": "Haswell", "OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "passive"])
        XCTAssertEqual(Sandbox.passThrough(["OMP_WAIT_POLICY": "active"]), ["OMP_WAIT_POLICY": "active"])
    }
}
