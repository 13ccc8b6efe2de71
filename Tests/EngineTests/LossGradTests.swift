import XCTest
@testable import Engine

/// Finite-difference gradient checks of every loss (shared checker, GradCheck.swift).
final class LossGradTests: XCTestCase {
    private let targets = Tensor([2, 0, 4, 1] as [Int])

    func testNLLLoss() {
        let x = randomInput([4, 5], seed: 1)
        gradCheck(x, "nll mean") { nllLoss($0, self.targets) }
        gradCheck(x, "nll sum") { nllLoss($0, self.targets, reduction: .sum) }
        gradCheck(x, "nll none") { nllLoss($0, self.targets, reduction: .none) }
        let weight = Tensor([0.5, 1, 2, 1, 3] as [Float])
        gradCheck(x, "nll weighted") { nllLoss($0, self.targets, weight: weight) }
        gradCheck(x, "nll ignore") { nllLoss($0, Tensor([2, -100, 4, 1] as [Int])) }
        let spatial = randomInput([2, 3, 2, 2], seed: 2)
        let spatialTargets = Tensor([0, 1, 2, 2, 1, 0, 0, 1], shape: [2, 2, 2])
        gradCheck(spatial, "nll spatial") { nllLoss($0, spatialTargets) }
    }

    func testCrossEntropy() {
        let x = randomInput([4, 5], seed: 3, scale: 2)
        gradCheck(x, "cross entropy") { crossEntropy($0, self.targets) }
        gradCheck(x, "cross entropy sum") { CrossEntropyLoss(reduction: .sum)($0, self.targets) }
        gradCheck(x, "cross entropy weighted") {
            crossEntropy($0, self.targets, weight: Tensor([1, 2, 1, 0.5, 1] as [Float]))
        }
    }

    func testBinaryCrossEntropy() {
        let p = positiveInput([3, 4], seed: 4, low: 0.1, high: 0.9)
        // Soft targets in (0, 1), so the gradient with respect to the target is checked too.
        let y = positiveInput([3, 4], seed: 5, low: 0.05, high: 0.95)
        gradCheck([p, y], "bce") { binaryCrossEntropy($0[0], $0[1]) }
        let w = positiveInput([4], seed: 6, requiresGrad: false)
        gradCheck([p, y], "bce weighted") { binaryCrossEntropy($0[0], $0[1], weight: w, reduction: .sum) }
    }

    func testBinaryCrossEntropyWithLogits() {
        let x = randomInput([3, 4], seed: 7, scale: 3)
        let y = positiveInput([3, 4], seed: 8, low: 0, high: 1)
        gradCheck([x, y], "bce with logits") { binaryCrossEntropyWithLogits($0[0], $0[1]) }
        let pw = positiveInput([4], seed: 9, low: 0.5, high: 3, requiresGrad: false)
        let w = positiveInput([3, 1], seed: 10, requiresGrad: false)
        gradCheck([x, y], "bce with logits, weights") {
            binaryCrossEntropyWithLogits($0[0], $0[1], weight: w, posWeight: pw, reduction: .none)
        }
    }

    func testRegressionLosses() {
        let a = randomInput([3, 4], seed: 11), b = randomInput([3, 4], seed: 12)
        gradCheck([a, b], "mse") { mseLoss($0[0], $0[1]) }
        // |a - b| has a kink at 0: separated values keep every difference away from it.
        let c = separatedInputs([3, 4], seed: 13), d = zeros(3, 4).requiresGrad_()
        gradCheck([c, d], "l1") { l1Loss($0[0], $0[1], reduction: .sum) }
    }

    func testMnistLoss() {
        let x = randomInput([6, 1], seed: 14)
        let y = Tensor([[1], [0], [0], [1], [1], [0]] as [[Float]])
        gradCheck(x, "mnist_loss") { Tensor.where(y == 1, 1 - $0.sigmoid(), $0.sigmoid()).mean() }
    }
}
