import Foundation
import XCTest
@testable import Engine

/// Loss values against hand computation, their gradients against closed forms, and
/// cross-entropy against PyTorch (golden ops file).
final class LossTests: XCTestCase {
    private let logProbs = Tensor([[-1, -2, -0.5], [-0.1, -3, -2]])

    func testNLLLossPicksTheTargetLogProbability() {
        let target = Tensor([2, 0] as [Int])
        XCTAssertEqual(nllLoss(logProbs, target).item(), 0.3, accuracy: 1e-6)
        XCTAssertEqual(nllLoss(logProbs, target, reduction: .sum).item(), 0.6, accuracy: 1e-6)
        XCTAssertEqual(nllLoss(logProbs, target, reduction: .none).scalars, [0.5, 0.1])
        // Class weights: the mean divides by the total weight of the targets (3 + 1).
        let weight = Tensor([1, 2, 3] as [Float])
        XCTAssertEqual(nllLoss(logProbs, target, weight: weight).item(), (1.5 + 0.1) / 4, accuracy: 1e-6)
        // An ignored target counts for nothing, not even in the mean's denominator.
        XCTAssertEqual(nllLoss(logProbs, Tensor([2, -100] as [Int])).item(), 0.5, accuracy: 1e-6)
        XCTAssertEqual(NLLLoss()(logProbs, target).item(), 0.3, accuracy: 1e-6)
    }

    func testNLLLossGradientIsMinusTheWeightOverTheTotal() {
        let x = logProbs.clone().detach().requiresGrad_()
        nllLoss(x, Tensor([2, 0] as [Int]), weight: Tensor([1, 2, 3] as [Float])).backward()
        XCTAssertEqual(x.grad!.scalars, [0, 0, -0.75, -0.25, 0, 0])
    }

    func testNLLLossOverSpatialDimensions() {
        // [N=1, C=2, 2] with targets [1, 2]: per-position losses.
        let x = Tensor([[[-0.1, -2], [-2.4, -0.2]]] as [[[Float]]])
        let loss = nllLoss(x, Tensor([[0, 1]] as [[Float]]), reduction: .none)
        XCTAssertEqual(loss.shape, [1, 2])
        XCTAssertEqual(loss.scalars, [0.1, 0.2])
    }

    func testCrossEntropyMatchesPyTorch() throws {
        let t = try goldenTensors("ops.safetensors")
        let x = t["cross_entropy.in0"]!.requiresGrad_()
        // The file keeps no targets; these are the one-hot rows of its gradient
        // (softmax(x) - grad·N/gradout). The loss value checks them independently.
        let target = Tensor([1, 0, 4, 9, 2] as [Int])
        let loss = crossEntropy(x, target)
        assertClose(loss.reshape([1]), t["cross_entropy.out"]!, 1e-6)
        (loss * t["cross_entropy.gradout"]!.item()).backward()
        assertClose(x.grad!, t["cross_entropy.grad0"]!, 1e-5)
        XCTAssertEqual(CrossEntropyLoss()(x, target).item(), loss.item())
    }

    func testCrossEntropyIsNLLOfLogSoftmax() {
        let logits = Tensor([[1, 2, 3], [0.5, -1, 0]])
        let target = Tensor([0, 2] as [Int])
        let row0: Double = Foundation.log(Foundation.exp(1) / (Foundation.exp(1) + Foundation.exp(2) + Foundation.exp(3)))
        let row1: Double = Foundation.log(1 / (Foundation.exp(0.5) + Foundation.exp(-1) + 1))
        XCTAssertEqual(crossEntropy(logits, target).item(), Float(-(row0 + row1) / 2), accuracy: 1e-6)
    }

    func testBinaryCrossEntropy() {
        let p = Tensor([0.9, 0.2, 0.6] as [Float]), y = Tensor([1, 0, 0] as [Float])
        let expected = -(Foundation.log(0.9) + Foundation.log(0.8) + Foundation.log(0.4)) / 3
        XCTAssertEqual(binaryCrossEntropy(p, y).item(), Float(expected), accuracy: 1e-6)
        // A certain wrong answer costs 100 (PyTorch clamps the log), not infinity.
        XCTAssertEqual(binaryCrossEntropy(Tensor([0] as [Float]), Tensor([1] as [Float])).item(), 100)
        let logits = Tensor([2.1972246, -1.3862944, 0.4054651] as [Float])  // log-odds of p
        XCTAssertEqual(binaryCrossEntropyWithLogits(logits, y).item(), Float(expected), accuracy: 1e-5)
        // No overflow for huge logits.
        let big = binaryCrossEntropyWithLogits(Tensor([200, -200] as [Float]), Tensor([1, 0] as [Float]))
        XCTAssertEqual(big.item(), 0, accuracy: 1e-6)
        XCTAssertEqual(BCEWithLogitsLoss()(Tensor([-200] as [Float]), Tensor([1] as [Float])).item(), 200)
    }

    func testBinaryCrossEntropyGradients() {
        let p = Tensor([0.9, 0.2, 0.6] as [Float]).requiresGrad_(), y = Tensor([1, 0, 0] as [Float])
        binaryCrossEntropy(p, y, reduction: .sum).backward()
        // d/dp = (p - y) / (p (1 - p)).
        assertValues(p.grad!, [-1 / 0.9, 1 / 0.8, 1 / 0.4], accuracy: 1e-5)
        let x = Tensor([0.5, -1, 2] as [Float]).requiresGrad_()
        binaryCrossEntropyWithLogits(x, y).backward()
        // d/dx = (σ(x) - y) / N.
        assertValues(x.grad!, zip(x.sigmoid().scalars, y.scalars).map { ($0 - $1) / 3 }, accuracy: 1e-6)
    }

    func testPositiveWeightScalesThePositiveTerm() {
        let x = Tensor([0.3, -0.7] as [Float]), y = Tensor([1, 1] as [Float])
        let plain = binaryCrossEntropyWithLogits(x, y, reduction: .none)
        let weighted = binaryCrossEntropyWithLogits(x, y, posWeight: Tensor([3] as [Float]), reduction: .none)
        assertValues(weighted, plain.scalars.map { 3 * $0 }, accuracy: 1e-6)
    }

    func testMSEAndL1() {
        let a = Tensor([1, 2, 3] as [Float]), b = Tensor([1, 0, 6] as [Float])
        XCTAssertEqual(mseLoss(a, b).item(), 13 / 3, accuracy: 1e-6)
        XCTAssertEqual(MSELoss(reduction: .sum)(a, b).item(), 13)
        XCTAssertEqual(l1Loss(a, b).item(), 5 / 3, accuracy: 1e-6)
    }

    /// The course's `mnist_loss` is written with plain tensor ops.
    func testMnistLossIsExpressibleWithWhere() {
        func mnistLoss(_ predictions: Tensor, _ targets: Tensor) -> Tensor {
            let p = predictions.sigmoid()
            return Tensor.where(targets == 1, 1 - p, p).mean()
        }
        let logits = Tensor([[0.0], [2.0], [-1.0]] as [[Float]]).requiresGrad_()
        let targets = Tensor([[1], [0], [1]] as [[Float]])
        let s = logits.sigmoid().scalars
        let loss = mnistLoss(logits, targets)
        XCTAssertEqual(loss.item(), ((1 - s[0]) + s[1] + (1 - s[2])) / 3, accuracy: 1e-6)
        loss.backward()
        // d/dx of σ(x) is σ(1-σ); the sign flips where the target is 1.
        assertValues(logits.grad!, [-s[0] * (1 - s[0]) / 3, s[1] * (1 - s[1]) / 3, -s[2] * (1 - s[2]) / 3],
                     accuracy: 1e-7)
    }
}
