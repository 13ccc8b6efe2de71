/// A 2-D convolution over NCHW input (`nn.Conv2d`) with a square kernel, one stride
/// and one padding for both axes. Weight [out, in, k, k] and bias [out] are initialised
/// as PyTorch does: U(-1/√fan_in, 1/√fan_in) with fan_in = in · k · k.
public final class Conv2d: Module {
    /// Input and output channel counts.
    public let inChannels: Int, outChannels: Int
    /// Square kernel size, stride and zero padding (the same along both axes).
    public let kernelSize: Int, stride: Int, padding: Int
    /// [outChannels, inChannels, kernelSize, kernelSize].
    public var weight: Tensor
    /// [outChannels], or nil for a layer built with `bias: false`.
    public var bias: Tensor?

    /// `nn.Conv2d(in, out, kernel_size=…, stride=1, padding=0, bias=True)`.
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int,
                stride: Int = 1, padding: Int = 0, bias: Bool = true) {
        require(inChannels > 0 && outChannels > 0 && kernelSize > 0 && stride > 0 && padding >= 0,
                     "Conv2d(\(inChannels), \(outChannels), kernelSize: \(kernelSize), stride: \(stride), "
                     + "padding: \(padding)): sizes must be positive and padding non-negative")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        (weight, self.bias) = defaultWeightAndBias([outChannels, inChannels, kernelSize, kernelSize], bias: bias)
        super.init()
    }

    /// PyTorch's positional spelling, `nn.Conv2d(3, 16, 3, stride=1, padding=1)`.
    public convenience init(_ inChannels: Int, _ outChannels: Int, _ kernelSize: Int,
                            stride: Int = 1, padding: Int = 0, bias: Bool = true) {
        self.init(inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: padding, bias: bias)
    }

    public override func forward(_ x: Tensor) -> Tensor {
        conv2d(x, weight, bias, stride: stride, padding: padding)
    }

    public override var extraDescription: String {
        var s = "\(inChannels), \(outChannels), kernel_size=(\(kernelSize), \(kernelSize)), stride=(\(stride), \(stride))"
        if padding != 0 { s += ", padding=(\(padding), \(padding))" }
        if bias == nil { s += ", bias=False" }
        return s
    }
}
