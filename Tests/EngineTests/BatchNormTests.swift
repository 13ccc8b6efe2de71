import XCTest
@testable import Engine

final class BatchNormTests: XCTestCase {
    func testTrainingNormalisesAndUpdatesRunningStatistics() {
        let x = randomInput([4, 3, 5, 5], seed: 1, scale: 3, requiresGrad: false) + 2
        let rm = zeros(3), rv = ones(3)
        let w = Tensor([1, 2, 0.5]), b = Tensor([0, 1, -1])
        let y = batchNorm(x, runningMean: rm, runningVar: rv, weight: w, bias: b, training: true)
        for c in 0..<3 {
            let xc = x.narrow(1, c, 1), yc = (y.narrow(1, c, 1) - b.data[c]) / w.data[c]
            XCTAssertEqual(yc.mean().item(), 0, accuracy: 1e-5)
            XCTAssertEqual(yc.variance(unbiased: false).item(), 1, accuracy: 1e-3)  // eps = 1e-5 shrinks it slightly
            // Running statistics: momentum 0.1 towards the mean and the unbiased variance.
            XCTAssertEqual(rm.data[c], 0.1 * xc.mean().item(), accuracy: 1e-5)
            XCTAssertEqual(rv.data[c], 0.9 + 0.1 * xc.variance(unbiased: true).item(), accuracy: 1e-4)
        }
    }

    func testEvaluationUsesRunningStatistics() {
        let x = Tensor([1, 2, 3, 4], shape: [2, 2])
        let y = batchNorm(x, runningMean: Tensor([1, 2]), runningVar: Tensor([4, 1]), weight: Tensor([2, 1]),
                          bias: Tensor([0, 1]), training: false, eps: 0)
        // Channel 0: (x − 1)/2·2; channel 1: (x − 2)/1 + 1.
        assertValues(y, [0, 1, 2, 3], shape: [2, 2])
        // Without affine parameters.
        assertValues(batchNorm(x, runningMean: zeros(2), runningVar: ones(2), weight: nil, bias: nil, training: false, eps: 0),
                     [1, 2, 3, 4])
    }

    func testTwoDimensionalTrainingMatchesTheFormula() {
        let x = randomInput([6, 4], seed: 2, requiresGrad: false)
        let y = batchNorm(x, runningMean: nil, runningVar: nil, weight: nil, bias: nil, training: true)
        let mean = x.mean(dim: 0, keepdim: true), v = x.variance(dims: [0], unbiased: false, keepdim: true)
        assertClose(y, (x - mean) / (v + 1e-5).sqrt(), 1e-5)
    }

    func testGradients() {
        let x = randomInput([3, 2, 4, 4], seed: 3), w = randomInput([2], seed: 4), b = randomInput([2], seed: 5)
        gradCheck([x, w, b], "train 4-D") {
            batchNorm($0[0], runningMean: nil, runningVar: nil, weight: $0[1], bias: $0[2], training: true)
        }
        let x2 = randomInput([5, 3], seed: 6), w2 = randomInput([3], seed: 7), b2 = randomInput([3], seed: 8)
        gradCheck([x2, w2, b2], "train 2-D") {
            batchNorm($0[0], runningMean: zeros(3), runningVar: ones(3), weight: $0[1], bias: $0[2], training: true)
        }
        gradCheck([x], "train without affine") {
            batchNorm($0[0], runningMean: nil, runningVar: nil, weight: nil, bias: nil, training: true)
        }
        let rm = randomInput([2], seed: 9, requiresGrad: false), rv = positiveInput([2], seed: 10, requiresGrad: false)
        gradCheck([x, w, b], "eval") {
            batchNorm($0[0], runningMean: rm, runningVar: rv, weight: $0[1], bias: $0[2], training: false)
        }
    }

    func testGoldenAgainstPyTorch() throws {
        let t = try goldenTensors("ops.safetensors")
        let x = t["batchnorm_train.in0"]!.requiresGrad_()
        let w = t["batchnorm_train.in1"]!.requiresGrad_(), b = t["batchnorm_train.in2"]!.requiresGrad_()
        let y = batchNorm(x, runningMean: zeros(3), runningVar: ones(3), weight: w, bias: b, training: true)
        assertClose(y, t["batchnorm_train.out"]!, 1e-4)
        y.backward(gradient: t["batchnorm_train.gradout"]!)
        assertClose(x.grad!, t["batchnorm_train.grad0"]!, 1e-3, "grad x")
        assertClose(w.grad!, t["batchnorm_train.grad1"]!, 1e-3, "grad weight")
        assertClose(b.grad!, t["batchnorm_train.grad2"]!, 1e-3, "grad bias")
    }
}
