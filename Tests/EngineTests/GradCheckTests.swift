import XCTest
@testable import Engine

/// The gradient checker itself must catch wrong gradients.
final class GradCheckTests: XCTestCase {
    func testAcceptsACorrectGradient() {
        let x = randomInput([3, 4], seed: 1)
        let errors = gradientErrors([x]) { ($0[0] * $0[0]).sum(dim: 1) }
        XCTAssertEqual(errors.count, 1)
        XCTAssertLessThan(errors[0].error, 1e-3)
    }

    func testRejectsAWrongGradient() {
        let x = randomInput([3, 4], seed: 2)
        // Forward 2x, backward claims 3·g: off by 50%.
        let errors = gradientErrors([x]) { t in
            let out = Tensor(uninitializedShape: t[0].shape)
            for i in 0..<out.count { out.data[i] = 2 * t[0].data[i] }
            return out.recorded("wrong", [t[0]]) { g in [g * 3] }
        }
        XCTAssertGreaterThan(errors[0].error, 0.1)
    }

    func testRejectsAGradientThatMissesOneElement() {
        let x = randomInput([10], seed: 3)
        let errors = gradientErrors([x]) { t in
            let out = t[0].exp()
            return out.detach().recorded("exp-missing-one", [t[0]]) { g in
                let grad = g * out.detach()
                grad.data[7] = 0
                return [grad]
            }
        }
        XCTAssertGreaterThan(errors[0].error, 0.01)
    }

    func testReportsMissingGradients() {
        let x = randomInput([3], seed: 4), y = randomInput([3], seed: 5)
        // Forward x + y, but the backward forgets y.
        let errors = gradientErrors([x, y]) { t in
            noGrad { t[0] + t[1] }.recorded("drops-second", [t[0], t[1]]) { g in [g, nil] }
        }
        XCTAssertEqual(errors.count, 2)
        XCTAssertEqual(errors[1].error, .infinity)
    }
}
