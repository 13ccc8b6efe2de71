import XCTest
@testable import Engine
import CourseModels

/// Finite-difference gradient checks of the layers, through their modules, with respect
/// to the input and every parameter (shared checker, GradCheck.swift).
final class LayerGradTests: XCTestCase {
    func testLinear() {
        manualSeed(1)
        let layer = Linear(5, 3)
        let x = randomInput([4, 5], seed: 1)
        gradCheck([x, layer.weight, layer.bias!], "Linear") { layer($0[0]) }
        let x3 = randomInput([2, 3, 5], seed: 2)
        gradCheck([x3, layer.weight, layer.bias!], "Linear on [2, 3, 5]") { layer($0[0]) }
        let noBias = Linear(5, 2, bias: false)
        gradCheck([x, noBias.weight], "Linear without bias") { noBias($0[0]) }
    }

    func testConv2dWithStrideAndPadding() {
        manualSeed(2)
        let conv = Conv2d(2, 3, kernelSize: 3, stride: 2, padding: 1)
        let x = randomInput([2, 2, 5, 5], seed: 3)
        gradCheck([x, conv.weight, conv.bias!], "Conv2d s2 p1") { conv($0[0]) }
        let plain = Conv2d(2, 2, kernelSize: 2, bias: false)
        gradCheck([x, plain.weight], "Conv2d k2 no bias") { plain($0[0]) }
    }

    func testBatchNorm2dInTrainingAndEvaluation() {
        let bn = BatchNorm2d(3)
        bn.weight!.copy_(Tensor([0.5, 1.5, -1] as [Float]))
        bn.bias!.copy_(Tensor([0.1, 0, -0.2] as [Float]))
        let x = randomInput([4, 3, 2, 2], seed: 4)
        gradCheck([x, bn.weight!, bn.bias!], "BatchNorm2d train") { bn($0[0]) }
        bn.eval()
        bn.runningMean!.copy_(Tensor([0.2, -0.1, 0.3] as [Float]))
        bn.runningVar!.copy_(Tensor([0.5, 2, 1.2] as [Float]))
        gradCheck([x, bn.weight!, bn.bias!], "BatchNorm2d eval") { bn($0[0]) }
    }

    func testBatchNorm1d() {
        let bn = BatchNorm1d(4)
        let x = randomInput([5, 4], seed: 5), x3 = randomInput([3, 4, 2], seed: 6)
        gradCheck([x, bn.weight!, bn.bias!], "BatchNorm1d [N, C]") { bn($0[0]) }
        gradCheck([x3, bn.weight!, bn.bias!], "BatchNorm1d [N, C, L]") { bn($0[0]) }
    }

    func testPoolingLayers() {
        let x = separatedInputs([2, 2, 6, 6], seed: 7)
        gradCheck(x, "MaxPool2d") { MaxPool2d(kernelSize: 2)($0) }
        gradCheck(x, "MaxPool2d k3 s2 p1") { MaxPool2d(kernelSize: 3, stride: 2, padding: 1)($0) }
        gradCheck(x, "AvgPool2d") { AvgPool2d(kernelSize: 3, stride: 3)($0) }
        gradCheck(x, "AdaptiveMaxPool2d") { AdaptiveMaxPool2d(1)($0) }
        gradCheck(x, "AdaptiveAvgPool2d") { AdaptiveAvgPool2d((2, 3))($0) }
    }

    func testActivationsAndShapes() {
        let x = separatedInputs([3, 4], seed: 8)
        gradCheck(x, "ReLU") { ReLU()($0) }
        gradCheck(x, "Sigmoid") { Sigmoid()($0) }
        gradCheck(x, "Tanh") { Tanh()($0) }
        gradCheck(x, "LogSoftmax") { LogSoftmax(dim: 1)($0) }
        gradCheck(x, "Softmax") { Softmax(dim: 0)($0) }
        let images = randomInput([2, 3, 2, 2], seed: 9)
        gradCheck(images, "Flatten") { Flatten()($0) }
        gradCheck(images, "Identity") { Identity()($0) * 2 }
    }

    func testDropoutLayer() {
        let layer = Dropout(p: 0.3)
        let x = randomInput([4, 5], seed: 10)
        gradCheck(x, "Dropout train") { t in
            manualSeed(11)
            return layer(t)
        }
        layer.eval()
        XCTAssertTrue(layer(x) === x, "identity in eval mode")
    }

    /// A whole residual block (convs, batch norm, relu, downsample shortcut), in eval mode:
    /// in training mode batch norm spreads one perturbed value over its whole channel, and
    /// with 8 values per channel some relu input always lies within ε of the kink.
    /// (Train-mode blocks are checked against PyTorch in GoldenModelTests.)
    func testResidualBlock() {
        manualSeed(12)
        let block = ResidualBlock(2, 3, stride: 2,
                                  downsample: Sequential(conv3x3(2, 3, stride: 2), BatchNorm2d(3)))
        for (name, buffer) in block.namedBuffers() {
            if name.hasSuffix("running_mean") { uniform_(buffer, -0.2, 0.2) }
            if name.hasSuffix("running_var") { uniform_(buffer, 0.5, 1.5) }
        }
        block.eval()
        let x = randomInput([2, 2, 4, 4], seed: 13)
        gradCheck([x] + block.parameters(), "ResidualBlock") { block($0[0]) }
    }

    /// Train-mode batch norm inside a stack, with a smooth activation between. (The convs
    /// have no bias: before train-mode batch norm its gradient is exactly zero.)
    func testConvBatchNormStackInTrainingMode() {
        manualSeed(14)
        let stack = Sequential(Conv2d(2, 3, kernelSize: 3, padding: 1, bias: false), BatchNorm2d(3), Tanh(),
                               Conv2d(3, 2, kernelSize: 3, stride: 2, bias: false), BatchNorm2d(2))
        let x = randomInput([3, 2, 5, 5], seed: 15)
        gradCheck([x] + stack.parameters(), "conv-bn-tanh-conv-bn") { stack($0[0]) }
    }
}
