/// A 2-D convolution over NCHW input (`nn.Conv2d`). The kernel size, stride, padding and
/// dilation are one number for both axes or a (height, width) pair each; `groups` splits the
/// channels (groups = in = out: a depthwise convolution). Weight [out, in / groups, kH, kW] and
/// bias [out] are initialised as PyTorch does: U(-1/√fan_in, 1/√fan_in) with
/// fan_in = in / groups · kH · kW.
public final class Conv2d: Module {
    /// Input and output channel counts.
    public let inChannels: Int, outChannels: Int
    /// Kernel size, stride, zero padding and dilation as (height, width), as PyTorch keeps them.
    public let kernelSize: (Int, Int), stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int)
    /// Channel groups (1: every output channel sees every input channel).
    public let groups: Int
    /// [outChannels, inChannels / groups, kernelSize.0, kernelSize.1].
    public var weight: Tensor
    /// [outChannels], or nil for a layer built with `bias: false`.
    public var bias: Tensor?

    /// `nn.Conv2d(in, out, kernel_size=(kh, kw), stride=(sh, sw), padding=(ph, pw), dilation=(dh, dw), groups=1, bias=True)`.
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int),
                stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1),
                groups: Int = 1, bias: Bool = true) {
        require(inChannels > 0 && outChannels > 0 && kernelSize.0 > 0 && kernelSize.1 > 0
                    && stride.0 > 0 && stride.1 > 0 && padding.0 >= 0 && padding.1 >= 0 && dilation.0 > 0 && dilation.1 > 0,
                "Conv2d(\(inChannels), \(outChannels), kernelSize: \(kernelSize), stride: \(stride), "
                    + "padding: \(padding), dilation: \(dilation)): sizes must be positive and padding non-negative")
        require(groups > 0 && inChannels % groups == 0 && outChannels % groups == 0,
                "Conv2d(\(inChannels), \(outChannels), groups: \(groups)): both channel counts must divide by groups")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        (weight, self.bias) = defaultWeightAndBias([outChannels, inChannels / groups, kernelSize.0, kernelSize.1], bias: bias)
        super.init()
    }

    /// `nn.Conv2d(in, out, kernel_size=3, stride=1, padding=0, dilation=1, groups=1, bias=True)`: square.
    public convenience init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int,
                            stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1, bias: Bool = true) {
        self.init(inChannels, outChannels, kernelSize: (kernelSize, kernelSize), stride: (stride, stride),
                  padding: (padding, padding), dilation: (dilation, dilation), groups: groups, bias: bias)
    }

    /// PyTorch's positional spelling, `nn.Conv2d(3, 16, 3, stride=1, padding=1)`.
    public convenience init(_ inChannels: Int, _ outChannels: Int, _ kernelSize: Int,
                            stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1, bias: Bool = true) {
        self.init(inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: padding,
                  dilation: dilation, groups: groups, bias: bias)
    }

    /// `nn.Conv2d(3, 16, (1, 3), stride=(1, 1), padding=(0, 1))`.
    public convenience init(_ inChannels: Int, _ outChannels: Int, _ kernelSize: (Int, Int),
                            stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1),
                            groups: Int = 1, bias: Bool = true) {
        self.init(inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: padding,
                  dilation: dilation, groups: groups, bias: bias)
    }

    public override func forward(_ x: Tensor) -> Tensor {
        conv2d(x, weight, bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
    }

    public override var extraDescription: String {
        var s = "\(inChannels), \(outChannels), kernel_size=\(PythonRepr.tuple(kernelSize)), stride=\(PythonRepr.tuple(stride))"
        if padding != (0, 0) { s += ", padding=\(PythonRepr.tuple(padding))" }
        if dilation != (1, 1) { s += ", dilation=\(PythonRepr.tuple(dilation))" }
        if groups != 1 { s += ", groups=\(groups)" }
        if bias == nil { s += ", bias=\(PythonRepr.bool(false))" }
        return s
    }
}
