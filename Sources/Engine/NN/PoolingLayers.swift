// Pooling layers over NCHW feature maps.

/// The largest value in each window (`nn.MaxPool2d`); stride defaults to the kernel size.
public final class MaxPool2d: Module {
    /// Window size, step between windows, and padding on each side.
    public let kernelSize: Int, stride: Int, padding: Int

    /// The layer with keyword arguments, as `nn.MaxPool2d(kernel_size=2)`.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        super.init()
    }

    /// `nn.MaxPool2d(2)`.
    public convenience init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.init(kernelSize: kernelSize, stride: stride, padding: padding)
    }

    public override func forward(_ x: Tensor) -> Tensor {
        maxPool2d(x, kernelSize: kernelSize, stride: stride, padding: padding)
    }

    public override var extraDescription: String {
        "kernel_size=\(kernelSize), stride=\(stride), padding=\(padding), dilation=1, ceil_mode=False"
    }
}

/// The mean of each window (`nn.AvgPool2d`); stride defaults to the kernel size.
/// Padding counts as zeros in the mean (PyTorch's default `count_include_pad=True`).
public final class AvgPool2d: Module {
    /// Window size, step between windows, and padding on each side.
    public let kernelSize: Int, stride: Int, padding: Int

    /// The layer with keyword arguments, as `nn.AvgPool2d(kernel_size=8)`.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        super.init()
    }

    /// `nn.AvgPool2d(8)`.
    public convenience init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.init(kernelSize: kernelSize, stride: stride, padding: padding)
    }

    public override func forward(_ x: Tensor) -> Tensor {
        avgPool2d(x, kernelSize: kernelSize, stride: stride, padding: padding)
    }

    public override var extraDescription: String {
        "kernel_size=\(kernelSize), stride=\(stride), padding=\(padding)"
    }
}

/// An output size given as one number (square) or as (height, width), printed as given.
public enum PoolOutputSize {
    /// n × n.
    case square(Int)
    /// height × width.
    case size(Int, Int)

    var pair: (Int, Int) {
        switch self {
        case .square(let n): return (n, n)
        case .size(let h, let w): return (h, w)
        }
    }

    var text: String {
        switch self {
        case .square(let n): return "\(n)"
        case .size(let h, let w): return "(\(h), \(w))"
        }
    }
}

/// Max pooling to a fixed output size whatever the input size (`nn.AdaptiveMaxPool2d`).
public final class AdaptiveMaxPool2d: Module {
    /// The output height and width.
    public let outputSize: PoolOutputSize

    /// `nn.AdaptiveMaxPool2d(1)`.
    public init(_ outputSize: Int) { self.outputSize = .square(outputSize); super.init() }
    /// `nn.AdaptiveMaxPool2d((h, w))`.
    public init(_ outputSize: (Int, Int)) { self.outputSize = .size(outputSize.0, outputSize.1); super.init() }
    /// `output_size=n`.
    public convenience init(outputSize: Int) { self.init(outputSize) }

    public override func forward(_ x: Tensor) -> Tensor {
        adaptiveMaxPool2d(x, outputSize: outputSize.pair)
    }

    public override var extraDescription: String { "output_size=\(outputSize.text)" }
}

/// Average pooling to a fixed output size whatever the input size (`nn.AdaptiveAvgPool2d`).
public final class AdaptiveAvgPool2d: Module {
    /// The output height and width.
    public let outputSize: PoolOutputSize

    /// `nn.AdaptiveAvgPool2d(1)`.
    public init(_ outputSize: Int) { self.outputSize = .square(outputSize); super.init() }
    /// `nn.AdaptiveAvgPool2d((h, w))`.
    public init(_ outputSize: (Int, Int)) { self.outputSize = .size(outputSize.0, outputSize.1); super.init() }
    /// `output_size=n`.
    public convenience init(outputSize: Int) { self.init(outputSize) }

    public override func forward(_ x: Tensor) -> Tensor {
        adaptiveAvgPool2d(x, outputSize: outputSize.pair)
    }

    public override var extraDescription: String { "output_size=\(outputSize.text)" }
}
