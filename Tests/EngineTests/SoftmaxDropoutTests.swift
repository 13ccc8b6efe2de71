import XCTest
@testable import Engine

final class SoftmaxTests: XCTestCase {
    func testValues() {
        let x = Tensor([1, 2, 3])
        assertValues(softmax(x, dim: 0), [0.09003057, 0.24472847, 0.66524096], accuracy: 1e-6)
        assertValues(logSoftmax(x, dim: 0), [-2.40760596, -1.40760596, -0.40760596], accuracy: 1e-6)
        // Stable for large logits.
        assertValues(logSoftmax(Tensor([1000, 0]), dim: -1), [0, -1000])
        assertValues(softmax(Tensor([1000, 1000]), dim: 0), [0.5, 0.5])
        // Along dim 0 of a matrix: columns sum to 1.
        let s = softmax(randomInput([3, 4], seed: 1, requiresGrad: false), dim: 0)
        assertValues(s.sum(dim: 0), [1, 1, 1, 1], accuracy: 1e-6)
    }

    func testGradients() {
        let x = randomInput([3, 5], seed: 2), y = randomInput([2, 4, 3], seed: 3)
        gradCheck(x, "logSoftmax dim -1") { logSoftmax($0, dim: -1) }
        gradCheck(y, "logSoftmax dim 1") { logSoftmax($0, dim: 1) }
        gradCheck(x, "softmax dim 1") { softmax($0, dim: 1) }
        gradCheck(y, "softmax dim 0") { $0.softmax(dim: 0) }
    }

    func testGoldenAgainstPyTorch() throws {
        let t = try goldenTensors("ops.safetensors")
        let x = t["log_softmax.in0"]!.requiresGrad_()
        let y = logSoftmax(x, dim: 1)
        assertClose(y, t["log_softmax.out"]!, 1e-4)
        y.backward(gradient: t["log_softmax.gradout"]!)
        assertClose(x.grad!, t["log_softmax.grad0"]!, 1e-3)
    }
}

final class DropoutTests: XCTestCase {
    func testScalingAndReproducibility() {
        let x = ones(10_000)
        XCTAssertTrue(dropout(x, p: 0.5, training: false) === x, "identity in evaluation mode")
        XCTAssertTrue(dropout(x, p: 0, training: true) === x)
        manualSeed(5)
        let y = dropout(x, p: 0.3, training: true)
        let kept = y.scalars.filter { $0 != 0 }
        XCTAssertTrue(kept.allSatisfy { abs($0 - 1 / 0.7) < 1e-6 }, "survivors are scaled by 1/(1-p)")
        XCTAssertEqual(Double(kept.count) / 10_000, 0.7, accuracy: 0.02)
        manualSeed(5)
        XCTAssertEqual(dropout(x, p: 0.3, training: true).scalars, y.scalars, "same seed, same mask")
        XCTAssertEqual(dropout(x, p: 1, training: true).scalars.max(), 0)
    }

    func testGradientUsesTheSameMask() {
        let x = randomInput([4, 6], seed: 1)
        gradCheck(x, "dropout") { t in
            manualSeed(42)
            return dropout(t, p: 0.4, training: true)
        }
        manualSeed(42)
        let y = dropout(x, p: 0.4, training: true)
        x.zeroGrad()
        y.sum().backward()
        for i in 0..<x.count { XCTAssertEqual(x.grad!.data[i], y.data[i] == 0 ? 0 : 1 / 0.6, accuracy: 1e-6) }
    }
}
