import Engine

// The small residual CNN on MNIST (golden "mnist_resnet"): stride-2 convolutions with
// padding 15 keep 28x28, and the first block's 1-channel input broadcasts over 16.

/// Two stride-2, padded convolutions with batch norm, added to the input (broadcasting).
public final class MnistResBlock: Module {
    let conv1: Conv2d, batchnorm1: BatchNorm2d, conv2: Conv2d, batchnorm2: BatchNorm2d

    /// A fresh, randomly initialised module.
    public init(_ cin: Int, _ hidden: Int, _ cout: Int, _ pad: Int) {
        conv1 = Conv2d(cin, hidden, kernelSize: 3, stride: 2, padding: pad)
        batchnorm1 = BatchNorm2d(hidden)
        conv2 = Conv2d(hidden, cout, kernelSize: 3, stride: 2, padding: pad)
        batchnorm2 = BatchNorm2d(cout)
        super.init()
    }

    /// The forward pass.
    public override func forward(_ x: Tensor) -> Tensor {
        // relu(batchnorm(conv(x))) twice, with batch norm folded in at inference.
        let h = convBatchNorm(x, conv1, batchnorm1, relu: true)
        return x + convBatchNorm(h, conv2, batchnorm2, relu: true)
    }
}

/// The MNIST residual CNN (12,126 parameters); takes [N,784] or [N,1,28,28], outputs logits [N,10].
public final class MnistResNet: Module {
    let res1 = MnistResBlock(1, 8, 16, 15), res2 = MnistResBlock(16, 32, 16, 15)
    let conv = Conv2d(16, 10, kernelSize: 3, stride: 2, padding: 1), batchnorm = BatchNorm2d(10)
    let pool = AdaptiveMaxPool2d(1)

    /// A fresh, randomly initialised model.
    public override init() { super.init() }

    /// The forward pass.
    public override func forward(_ x: Tensor) -> Tensor {
        let images = x.view(-1, 1, 28, 28)
        return pool(batchnorm(conv(res2(res1(images))))).view(-1, 10)
    }
}
