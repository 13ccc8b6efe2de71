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

    /// A large mean and a small spread: the variance must not drown in rounding.
    func testStatisticsStayAccurateForLargeMeans() {
        let x = randomInput([8, 2, 6, 6], seed: 11, scale: 0.1, requiresGrad: false) + 1000
        let rv = zeros(2)
        _ = batchNorm(x, runningMean: nil, runningVar: rv, weight: nil, bias: nil, training: true, momentum: 1)
        for c in 0..<2 {
            let values = x.narrow(1, c, 1).scalars.map(Double.init)
            let mean = values.reduce(0, +) / Double(values.count)
            let unbiased = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
            XCTAssertEqual(Double(rv.data[c]), unbiased, accuracy: unbiased * 1e-3)
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

    /// batch norm (+ residual) (and ReLU) as one op give relu(batchNorm(…) + residual)'s values,
    /// gradients and running statistics bit for bit: training and eval, planes of 35 values
    /// (vector loop and tail) and of 1 ([N, C]).
    func testFusedOpIsTheOpsItJoinsBitForBit() {
        for (k, shape) in [[3, 4, 5, 7], [6, 3]].enumerated() {
            let c = shape[1]
            for training in [true, false] {
                let x = randomInput(shape, seed: UInt64(20 + k)), w = randomInput([c], seed: 22), b = randomInput([c], seed: 23)
                let r = randomInput(shape, seed: 27)
                let gy = randomInput(shape, seed: 24, requiresGrad: false)
                // (residual, its gradient wanted, relu)
                for (withResidual, residualGrad, relu) in [(false, false, true), (true, true, true), (true, false, true), (true, true, false)] {
                    let residual = withResidual ? (residualGrad ? r : r.detach()) : nil
                    func run(fused: Bool) -> (y: [Float], grads: [[Float]], stats: [Float]) {
                        for t in [x, w, b, r] { t.zeroGrad() }
                        let rm = randomInput([c], seed: 25, requiresGrad: false), rv = positiveInput([c], seed: 26, requiresGrad: false)
                        let y: Tensor
                        if fused {
                            y = batchNorm(x, runningMean: rm, runningVar: rv, weight: w, bias: b, training: training,
                                          momentum: 0.1, eps: 1e-5, adding: residual, relu: relu)
                        } else {
                            let normalised = batchNorm(x, runningMean: rm, runningVar: rv, weight: w, bias: b, training: training)
                            let sum = residual.map { normalised + $0 } ?? normalised
                            y = relu ? sum.relu() : sum
                        }
                        y.backward(gradient: gy)
                        return (y.scalars, [x, w, b, r].map { $0.grad?.scalars ?? [] }, rm.scalars + rv.scalars)
                    }
                    let fused = run(fused: true), separate = run(fused: false)
                    let label = "shape \(shape) training \(training) residual \(withResidual) (grad \(residualGrad)) relu \(relu)"
                    if relu { XCTAssertTrue(fused.y.contains(0) && fused.y.contains { $0 > 0 }, "\(label): ReLU clamps some, not all") }
                    XCTAssertEqual(fused.y, separate.y, "\(label): values")
                    XCTAssertEqual(fused.grads, separate.grads, "\(label): gradients of x, weight, bias, residual")
                    XCTAssertEqual(fused.stats, separate.stats, "\(label): running statistics")
                }
            }
        }
    }

    /// The fused op keeps no residual alive for its backward (it needs none): a downsample
    /// shortcut's output, which nothing else holds, is freed after the forward pass, and
    /// the gradient still reaches what it came from.
    func testFusedOpDoesNotHoldTheResidual() {
        let x = randomInput([2, 3, 4, 4], seed: 40), source = randomInput([2, 3, 4, 4], seed: 41)
        weak var weakResidual: Tensor?
        let y: Tensor = {
            let residual = source * 2  // an op's output: the graph points at its node, not at it
            weakResidual = residual
            return batchNorm(x, runningMean: nil, runningVar: nil, weight: nil, bias: nil, training: true,
                             momentum: 0.1, eps: 1e-5, adding: residual, relu: true)
        }()
        XCTAssertNil(weakResidual, "the residual outlived the forward pass")
        y.sum().backward()
        XCTAssertEqual(source.grad?.scalars, y.scalars.map { $0 > 0 ? 2 : 0 })
    }

    /// The fused op's gradients by finite differences. Each channel's bias puts its kink halfway
    /// between two neighbouring normalised values (the inputs are 0.05 apart), so that no
    /// perturbation moves an output across 0, and about half the outputs are clamped.
    func testFusedReluGradients() {
        let x = separatedInputs([2, 3, 4, 4], seed: 30), w = ones(3).requiresGrad_()
        // Per channel, the bias that moves the midpoint of its two middle normalised values to 0.
        func kinkBiases(_ normalised: Tensor) -> [Float] {
            (0..<3).map { ch in
                let v = normalised.narrow(1, ch, 1).scalars.sorted(), mid = v.count / 2
                return -(v[mid - 1] + v[mid]) / 2
            }
        }
        let biases = kinkBiases(noGrad { batchNorm(x, runningMean: nil, runningVar: nil, weight: nil, bias: nil, training: true) })
        let b = Tensor(biases).requiresGrad_()
        gradCheck([x, w, b], "train, relu") {
            batchNorm($0[0], runningMean: nil, runningVar: nil, weight: $0[1], bias: $0[2], training: true,
                      momentum: 0.1, eps: 1e-5, relu: true)
        }
        let rm = randomInput([3], seed: 31, requiresGrad: false), rv = positiveInput([3], seed: 32, requiresGrad: false)
        let be = Tensor(kinkBiases(noGrad {
            batchNorm(x, runningMean: rm, runningVar: rv, weight: nil, bias: nil, training: false)
        })).requiresGrad_()
        gradCheck([x, w, be], "eval, relu") {
            batchNorm($0[0], runningMean: rm, runningVar: rv, weight: $0[1], bias: $0[2], training: false,
                      momentum: 0.1, eps: 1e-5, relu: true)
        }
        // A residual of one value a channel moves each channel's kink by that much: the bias
        // moves it back, and the residual's gradient is checked along.
        let shifts: [Float] = [0.3, -0.2, 0.1]
        let residual = Tensor((0..<x.count).map { shifts[($0 / 16) % 3] }, shape: x.shape).requiresGrad_()
        let shiftedBiases = Tensor(zip(biases, shifts).map { $0 - $1 }).requiresGrad_()
        gradCheck([x, w, shiftedBiases, residual], "train, residual, relu") {
            batchNorm($0[0], runningMean: nil, runningVar: nil, weight: $0[1], bias: $0[2], training: true,
                      momentum: 0.1, eps: 1e-5, adding: $0[3], relu: true)
        }
        gradCheck([randomInput([2, 3, 4, 4], seed: 33), randomInput([3], seed: 34), randomInput([3], seed: 35),
                   randomInput([2, 3, 4, 4], seed: 36)], "train, residual") {
            batchNorm($0[0], runningMean: nil, runningVar: nil, weight: $0[1], bias: $0[2], training: true,
                      momentum: 0.1, eps: 1e-5, adding: $0[3], relu: false)
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
