import Engine

// The "residual vs skip connections" lesson's Deep_CNN with its three block types
// (golden "deep_cnn_conv/_res/_skip"): every block maps `channels` to `channels`.

/// A block that keeps the channel count, so blocks can be stacked.
public protocol ChannelBlock: Module {
    /// A block mapping `channels` to `channels`.
    init(_ channels: Int)
}

/// Two convolutions, no shortcut.
public final class ConvBlock: Module, ChannelBlock {
    let conv1: Conv2d, bn1: BatchNorm2d, conv2: Conv2d

    /// A fresh, randomly initialised module.
    public init(_ channels: Int) {
        conv1 = Conv2d(channels, channels / 2, kernelSize: 3, stride: 1, padding: 1)
        bn1 = BatchNorm2d(channels / 2)
        conv2 = Conv2d(channels / 2, channels, kernelSize: 3, stride: 1, padding: 1)
        super.init()
    }

    /// The forward pass.
    public override func forward(_ x: Tensor) -> Tensor {
        conv2(convBatchNorm(relu(x), conv1, bn1, relu: true))  // bn1 folded in at inference
    }
}

/// The same convolutions plus an identity shortcut, added before any activation.
public final class ResBlock2: Module, ChannelBlock {
    let conv1: Conv2d, bn1: BatchNorm2d, conv2: Conv2d

    /// A fresh, randomly initialised module.
    public init(_ channels: Int) {
        conv1 = Conv2d(channels, channels / 2, kernelSize: 3, stride: 1, padding: 1)
        bn1 = BatchNorm2d(channels / 2)
        conv2 = Conv2d(channels / 2, channels, kernelSize: 3, stride: 1, padding: 1)
        super.init()
    }

    /// The forward pass.
    public override func forward(_ x: Tensor) -> Tensor {
        x + conv2(convBatchNorm(relu(x), conv1, bn1, relu: true))  // bn1 folded in at inference
    }
}

/// Half the channels from the first convolution, concatenated with half from the second.
public final class SkipBlock: Module, ChannelBlock {
    let conv1: Conv2d, bn1: BatchNorm2d, conv2: Conv2d

    /// A fresh, randomly initialised module.
    public init(_ channels: Int) {
        conv1 = Conv2d(channels, channels / 2, kernelSize: 3, stride: 1, padding: 1)
        bn1 = BatchNorm2d(channels / 2)
        conv2 = Conv2d(channels / 2, channels / 2, kernelSize: 3, stride: 1, padding: 1)
        super.init()
    }

    /// The forward pass.
    public override func forward(_ x: Tensor) -> Tensor {
        let x1 = conv1(relu(x))
        let x3 = conv2(relu(bn1(x1)))
        return cat([x1, x3], dim: 1)
    }
}

/// The lesson's Deep_CNN: three conv layers with max pooling, `numBlocks` blocks of
/// `layerType`, dropout and a linear classifier, for 3x32x32 (CIFAR-sized) images.
public final class DeepCNN: Module {
    let conv1: Conv2d, bn1: BatchNorm2d, conv2: Conv2d, bn2: BatchNorm2d, conv3: Conv2d
    let maxpool = MaxPool2d(kernelSize: 2)
    let layers: Module
    let dropOut = Dropout(p: 0.5)
    let linear1: Linear

    /// A fresh, randomly initialised module.
    public init(channelsIn: Int, numBlocks: Int = 2, chWidth: Int = 32, layerType: ChannelBlock.Type) {
        conv1 = Conv2d(channelsIn, chWidth, kernelSize: 3, stride: 1, padding: 1)
        bn1 = BatchNorm2d(chWidth)
        conv2 = Conv2d(chWidth, chWidth, kernelSize: 3, stride: 1, padding: 1)
        bn2 = BatchNorm2d(chWidth)
        conv3 = Conv2d(chWidth, chWidth, kernelSize: 3, stride: 1, padding: 1)
        layers = numBlocks > 0 ? Sequential((0..<numBlocks).map { _ in layerType.init(chWidth) }) : Identity()
        linear1 = Linear(chWidth * 4 * 4, 10)
        super.init()
    }

    /// The forward pass.
    public override func forward(_ x: Tensor) -> Tensor {
        var h = maxpool(convBatchNorm(x, conv1, bn1, relu: true))  // relu(bn1(conv1(x))), folded at inference
        h = maxpool(convBatchNorm(h, conv2, bn2, relu: true))
        h = conv3(h)  // no activation: the blocks see the raw output
        h = maxpool(relu(layers(h)))
        h = dropOut(h.view(h.shape[0], -1))
        return linear1(h)
    }
}
