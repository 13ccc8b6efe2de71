/// A fully connected layer (`nn.Linear`): y = x·Wᵀ + b, with W of shape [out, in],
/// initialised as PyTorch does (U(-1/√in, 1/√in) for weight and bias).
public final class Linear: Module {
    /// Input and output sizes.
    public let inFeatures: Int, outFeatures: Int
    /// [outFeatures, inFeatures].
    public var weight: Tensor
    /// [outFeatures], or nil for a layer built with `bias: false`.
    public var bias: Tensor?

    /// `nn.Linear(in, out, bias=True)`.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        (weight, self.bias) = defaultWeightAndBias([outFeatures, inFeatures], bias: bias)
        super.init()
    }

    /// PyTorch's keyword spelling, `nn.Linear(in_features=…, out_features=…)`.
    public convenience init(inFeatures: Int, outFeatures: Int, bias: Bool = true) {
        self.init(inFeatures, outFeatures, bias: bias)
    }

    public override func forward(_ x: Tensor) -> Tensor { linear(x, weight, bias) }

    public override var extraDescription: String {
        "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(PythonRepr.bool(bias != nil))"
    }
}
