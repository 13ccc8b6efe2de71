import XCTest
@testable import Engine

/// Finite-difference checks of the differentiable ops added for PyTorch spellings:
/// `**` (tensor and scalar, broadcasting), `norm` and `std`/`var`.
final class PyTorchSpellingGradTests: XCTestCase {
    func testPowerOperator() {
        let pos = positiveInput([3, 4], seed: 1), exponent = randomInput([3, 4], seed: 2)
        let row = randomInput([4], seed: 3), col = positiveInput([3, 1], seed: 4)
        gradCheck(pos, "x ** 3") { $0 ** 3 }
        gradCheck(pos, "x ** 0.5") { $0 ** 0.5 }
        gradCheck([pos, exponent], "x ** y") { $0[0] ** $0[1] }
        gradCheck([col, row], "[3,1] ** [4]") { $0[0] ** $0[1] }
        gradCheck(exponent, "2 ** x") { 2 ** $0 }
        gradCheck(exponent, "0.5 ** x") { 0.5 ** $0 }
    }

    func testNorm() {
        let x = randomInput([3, 4], seed: 5), sep = separatedInputs([3, 4], seed: 6)
        gradCheck(x, "norm") { $0.norm() }
        gradCheck(x, "norm dim 1") { $0.norm(dim: 1) }
        gradCheck(x, "norm dim 0 keepdim") { $0.norm(dim: 0, keepdim: true) }
        gradCheck(x, "norm p 3") { $0.norm(p: 3, dim: 1) }
        gradCheck(sep, "norm p 1") { $0.norm(p: 1, dim: 0) }
        gradCheck(sep, "norm p 1.5") { $0.norm(p: 1.5) }
        gradCheck(sep, "norm p inf") { $0.norm(p: .infinity, dim: 1) }
        gradCheck(x, "norm dims [0, 1]") { $0.norm(dims: [0, 1]) }
    }

    func testVarianceAndStd() {
        let x = randomInput([3, 5], seed: 7)
        gradCheck(x, "var") { $0.var() }
        gradCheck(x, "var dim 1 unbiased false") { $0.var(dim: 1, unbiased: false) }
        gradCheck(x, "std") { $0.std() }
        gradCheck(x, "std dim 0 keepdim") { $0.std(dim: 0, keepdim: true) }
        gradCheck(x, "std correction 2") { $0.std(dim: 1, correction: 2) }
    }
}
