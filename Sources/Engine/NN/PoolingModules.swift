// Pooling layers over NCHW feature maps.

/// What the windowed pools share: the window size, the step between windows and the padding,
/// each one number for both axes or a (height, width) pair, printed as given. The stride
/// defaults to the kernel size.
public class WindowPool2d: Module {
    /// Window size, step between windows, and padding on each side.
    public let kernelSize: SizePair, stride: SizePair, padding: SizePair

    /// The layer with keyword arguments, as `nn.MaxPool2d(kernel_size=2)`.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernelSize = .square(kernelSize)
        self.stride = .square(stride ?? kernelSize)
        self.padding = .square(padding)
        super.init()
    }

    /// `nn.MaxPool2d(2)`.
    public convenience init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.init(kernelSize: kernelSize, stride: stride, padding: padding)
    }

    /// `nn.MaxPool2d((2, 1), stride=(2, 1), padding=(1, 0))`.
    public init(_ kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int)? = nil) {
        self.kernelSize = SizePair(kernelSize)
        self.stride = SizePair(stride ?? kernelSize)
        self.padding = padding.map(SizePair.init) ?? .square(0)
        super.init()
    }

    var sizesDescription: String {
        "kernel_size=\(PythonRepr.size(kernelSize)), stride=\(PythonRepr.size(stride)), padding=\(PythonRepr.size(padding))"
    }
}

/// The largest value in each window (`nn.MaxPool2d`); padding counts as −∞.
public final class MaxPool2d: WindowPool2d {
    public override func forward(_ x: Tensor) -> Tensor {
        maxPool2d(x, kernelSize: kernelSize.pair, stride: stride.pair, padding: padding.pair)
    }

    public override var extraDescription: String { sizesDescription + ", dilation=1, ceil_mode=False" }
}

/// The mean of each window (`nn.AvgPool2d`). Padding counts as zeros in the mean (PyTorch's
/// default `count_include_pad=True`).
public final class AvgPool2d: WindowPool2d {
    public override func forward(_ x: Tensor) -> Tensor {
        avgPool2d(x, kernelSize: kernelSize.pair, stride: stride.pair, padding: padding.pair)
    }

    public override var extraDescription: String { sizesDescription }
}

/// A size given as one number (square) or as (height, width), printed as given, as PyTorch
/// prints a pooling layer's arguments.
public enum SizePair: Equatable {
    /// n × n.
    case square(Int)
    /// height × width.
    case size(Int, Int)

    init(_ pair: (Int, Int)) { self = .size(pair.0, pair.1) }

    var pair: (Int, Int) {
        switch self {
        case .square(let n): return (n, n)
        case .size(let h, let w): return (h, w)
        }
    }
}

/// What the adaptive pools share (PyTorch's `_AdaptiveMaxPoolNd` / `_AdaptiveAvgPoolNd`): the
/// output size whatever the input size, one number or (height, width), printed as given.
public class AdaptivePool2d: Module {
    /// The output height and width.
    public let outputSize: SizePair

    /// One number for both sides: `nn.AdaptiveAvgPool2d(1)`.
    public init(_ outputSize: Int) { self.outputSize = .square(outputSize); super.init() }
    /// (height, width): `nn.AdaptiveMaxPool2d((h, w))`.
    public init(_ outputSize: (Int, Int)) { self.outputSize = SizePair(outputSize); super.init() }
    /// `output_size=n`.
    public convenience init(outputSize: Int) { self.init(outputSize) }

    public override var extraDescription: String { "output_size=\(PythonRepr.size(outputSize))" }
}

/// Max pooling to a fixed output size whatever the input size (`nn.AdaptiveMaxPool2d`).
public final class AdaptiveMaxPool2d: AdaptivePool2d {
    public override func forward(_ x: Tensor) -> Tensor {
        adaptiveMaxPool2d(x, outputSize: outputSize.pair)
    }
}

/// Average pooling to a fixed output size whatever the input size (`nn.AdaptiveAvgPool2d`).
public final class AdaptiveAvgPool2d: AdaptivePool2d {
    public override func forward(_ x: Tensor) -> Tensor {
        adaptiveAvgPool2d(x, outputSize: outputSize.pair)
    }
}
