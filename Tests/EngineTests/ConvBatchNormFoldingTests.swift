import XCTest
@testable import Engine

/// convBatchNorm: eval-mode batch norm folded into the convolution (and ReLU fused) gives
/// the unfolded layers' output, on every kernel path; in training or with gradients on it
/// is the layers themselves, gradients included.
final class ConvBatchNormFoldingTests: XCTestCase {
    private func layers(cin: Int, cout: Int, k: Int, stride: Int, padding: Int, bias: Bool) -> (Conv2d, BatchNorm2d) {
        manualSeed(7)
        let conv = Conv2d(cin, cout, kernelSize: k, stride: stride, padding: padding, bias: bias)
        let bn = BatchNorm2d(cout)
        // Non-trivial running statistics and affine parameters.
        bn.runningMean = randomInput([cout], seed: 1, requiresGrad: false)
        bn.runningVar = randomInput([cout], seed: 2, requiresGrad: false).abs() + 0.5
        // Named, not `randomInput(…).data`: a temporary may be freed before its pointer is read.
        let gamma = randomInput([cout], seed: 3), beta = randomInput([cout], seed: 4)
        withExtendedLifetime((gamma, beta)) {
            bn.weight!.data.update(from: gamma.data, count: cout)
            bn.bias!.data.update(from: beta.data, count: cout)
        }
        return (conv, bn)
    }

    func testFoldedInferenceMatchesTheLayers() {
        forEachKernelISA { isa in
            for (k, c) in [(3, 1, 1, false), (3, 1, 1, true), (3, 2, 1, false), (1, 1, 0, true), (5, 1, 2, false)].enumerated() {
                let (conv, bn) = layers(cin: 5, cout: 6, k: c.0, stride: c.1, padding: c.2, bias: c.3)
                conv.eval(); bn.eval()
                let x = randomInput([3, 5, 12, 17], seed: UInt64(10 + k), requiresGrad: false)
                for relu in [false, true] {
                    let expected = noGrad { relu ? bn(conv(x)).relu() : bn(conv(x)) }
                    let folded = noGrad { convBatchNorm(x, conv, bn, relu: relu) }
                    XCTAssertEqual(folded.shape, expected.shape)
                    XCTAssertLessThan(relativeError(folded.scalars, expected.scalars), 1e-5, "case \(k) relu \(relu) path \(isa)")
                }
            }
        }
    }

    /// relu(bn(conv(x)) + residual), folded at inference, is the layers' result on every path:
    /// in place (3x3 pad 1), from a padded copy (5x5 pad 1 narrows the image), through GEMM
    /// (stride 2, 1x1); a residual that only broadcasts runs the layers as written.
    func testFoldedResidualMatchesTheLayers() {
        forEachKernelISA { isa in
            for (k, c) in [(3, 1, 1, false), (5, 1, 1, true), (3, 2, 1, true), (1, 1, 0, false)].enumerated() {
                let (conv, bn) = layers(cin: 5, cout: 6, k: c.0, stride: c.1, padding: c.2, bias: c.3)
                conv.eval(); bn.eval()
                let x = randomInput([3, 5, 12, 17], seed: UInt64(40 + k), requiresGrad: false)
                let outShape = noGrad { conv(x).shape }
                for residualShape in [outShape, [1, 6, 1, 1]] {
                    let residual = randomInput(residualShape, seed: UInt64(50 + k), requiresGrad: false)
                    for relu in [false, true] {
                        let expected = noGrad { relu ? (bn(conv(x)) + residual).relu() : bn(conv(x)) + residual }
                        let folded = noGrad { convBatchNorm(x, conv, bn, adding: residual, relu: relu) }
                        XCTAssertEqual(folded.shape, expected.shape)
                        XCTAssertLessThan(relativeError(folded.scalars, expected.scalars), 1e-5,
                                          "case \(k) residual \(residualShape) relu \(relu) path \(isa)")
                    }
                }
            }
        }
    }

    func testTrainingAndGradientsUseTheLayers() {
        let (conv, bn) = layers(cin: 2, cout: 3, k: 3, stride: 1, padding: 1, bias: true)
        let x = randomInput([2, 2, 5, 5], seed: 20)
        // Training mode: batch statistics, running statistics updated, as the layers do.
        let y = convBatchNorm(x, conv, bn, relu: true)
        XCTAssertEqual(bn.numBatchesTracked?.item(), 1)
        XCTAssertTrue(y.requiresGrad)
        // Eval mode with gradients on: differentiable, checked by finite differences.
        conv.eval(); bn.eval()
        gradCheck([x, conv.weight], "convBatchNorm eval, grad on") { convBatchNorm($0[0], conv, bn, relu: false) }
        // With a residual: its gradient too (relu off: finite differences across its kink mislead).
        let residual = randomInput([2, 3, 5, 5], seed: 21)
        gradCheck([x, residual], "convBatchNorm eval, residual, grad on") {
            convBatchNorm($0[0], conv, bn, adding: $0[1], relu: false)
        }
    }

    /// Sequential folds each Conv2d, BatchNorm2d (, ReLU) run at inference and runs the layers
    /// as written in training: both give the layers' own result, whatever follows the pair.
    func testSequentialFoldsConvBatchNormRuns() {
        let (c1, b1) = layers(cin: 3, cout: 4, k: 3, stride: 1, padding: 1, bias: false)
        let (c2, b2) = layers(cin: 4, cout: 5, k: 3, stride: 2, padding: 1, bias: true)
        let (c3, b3) = layers(cin: 5, cout: 2, k: 1, stride: 1, padding: 0, bias: false)
        let model = Sequential(c1, b1, ReLU(), c2, b2, c3, b3, ReLU(inplace: true), Flatten())
        let byHand = { (x: Tensor) in Flatten()(b3(c3(b2(c2(b1(c1(x)).relu())))).relu()) }
        let x = randomInput([2, 3, 9, 11], seed: 30, requiresGrad: false)
        forEachKernelISA { isa in
            model.eval()
            let expected = noGrad { byHand(x) }, folded = noGrad { model(x) }
            XCTAssertEqual(folded.shape, expected.shape)
            XCTAssertLessThan(relativeError(folded.scalars, expected.scalars), 1e-5, "eval, path \(isa)")
            model.train()
            let trained = model(x)
            XCTAssertTrue(trained.requiresGrad)
            XCTAssertEqual(trained.scalars, byHand(x).scalars, "training (batch statistics), path \(isa)")
        }
    }
}
