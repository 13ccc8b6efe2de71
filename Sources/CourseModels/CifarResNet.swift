import Engine

// The course's CIFAR-10 ResNet (shared/bench/torch_resnet.py), written in Swift as a
// lesson would write it; parameter names match PyTorch's state_dict.

/// A 3x3 convolution without bias, padding 1 (the notebook's `conv3x3`).
public func conv3x3(_ cin: Int, _ cout: Int, stride: Int = 1) -> Conv2d {
    Conv2d(cin, cout, kernelSize: 3, stride: stride, padding: 1, bias: false)
}

/// Two 3x3 conv + BN layers with an identity (or `downsample`) shortcut.
public final class ResidualBlock: Module {
    // `relu` is the notebook's module, listed as it lists it; forward applies it through convBatchNorm.
    let conv1: Conv2d, bn1: BatchNorm2d, relu = ReLU(inplace: true), conv2: Conv2d, bn2: BatchNorm2d
    let downsample: Sequential?

    /// A fresh, randomly initialised module.
    public init(_ cin: Int, _ cout: Int, stride: Int = 1, downsample: Sequential? = nil) {
        conv1 = conv3x3(cin, cout, stride: stride)
        bn1 = BatchNorm2d(cout)
        conv2 = conv3x3(cout, cout)
        bn2 = BatchNorm2d(cout)
        self.downsample = downsample
        super.init()
    }

    /// The forward pass.
    public override func forward(_ x: Tensor) -> Tensor {
        let residual = downsample?(x) ?? x
        // relu(bn2(conv2(relu(bn1(conv1(x))))) + residual), with batch norm folded in at
        // inference and the residual added as the convolution writes its output.
        return convBatchNorm(convBatchNorm(x, conv1, bn1, relu: true), conv2, bn2, adding: residual, relu: true)
    }
}

/// The course's CIFAR-10 ResNet (205,338 parameters for layers [2,2,2]); outputs log-probabilities.
public final class CifarResNet: Module {
    let conv = conv3x3(3, 16), bn = BatchNorm2d(16), relu = ReLU(inplace: true)
    let layer1: Sequential, layer2: Sequential, layer3: Sequential
    let avgPool = AvgPool2d(8), fc = Linear(1024, 10), logsoftmax = LogSoftmax(dim: 1)

    /// A fresh, randomly initialised module.
    public init(layers: [Int] = [2, 2, 2], numClasses: Int = 10) {
        var inChannels = 16
        func makeLayer(_ cout: Int, _ blocks: Int, stride: Int = 1) -> Sequential {
            var downsample: Sequential? = nil
            if stride != 1 || inChannels != cout {
                downsample = Sequential(conv3x3(inChannels, cout, stride: stride), BatchNorm2d(cout))
            }
            var list: [Module] = [ResidualBlock(inChannels, cout, stride: stride, downsample: downsample)]
            inChannels = cout
            for _ in 1..<blocks { list.append(ResidualBlock(cout, cout)) }
            return Sequential(list)
        }
        layer1 = makeLayer(16, layers[0])
        layer2 = makeLayer(32, layers[1])
        layer3 = makeLayer(64, layers[2])
        super.init()
    }

    /// The forward pass.
    public override func forward(_ x: Tensor) -> Tensor {
        var out = convBatchNorm(x, conv, bn)  // bn(conv(x)); the notebook skips the relu here
        out = layer3(layer2(layer1(out)))
        out = avgPool(out).view(out.size(0), -1)
        return logsoftmax(fc(out))
    }
}
