// The fully connected layer and its function, y = x·Wᵀ + b.

/// `F.linear`: x · weightᵀ + bias for x of shape [*, in], weight [out, in], bias [out];
/// the result has shape [*, out]. One GEMM forward, two backward.
public func linear(_ x: Tensor, _ weight: Tensor, _ bias: Tensor? = nil) -> Tensor {
    require(weight.rank == 2, "linear: weight must be [out, in], got \(weight.shape)")
    let outF = weight.shape[0], inF = weight.shape[1]
    require(x.rank >= 1 && x.shape[x.rank - 1] == inF,
            "linear: input of shape \(x.shape) does not end in \(inF) features (weight \(weight.shape))")
    if let bias { require(bias.shape == [outF], "linear: bias must be [\(outF)], got \(bias.shape)") }
    let rows = x.count / Swift.max(inF, 1)
    let out = Tensor(uninitializedShape: Array(x.shape.dropLast()) + [outF])
    if let bias {
        // Start from the bias in every row, then accumulate x·Wᵀ onto it.
        let pb = bias.data, po = out.data
        for r in 0..<rows { (po + r * outF).update(from: pb, count: outF) }
        sgemm(x.data, transA: false, weight.data, transB: true, po, m: rows, n: outF, k: inF, accumulate: true)
    } else {
        sgemm(x.data, transA: false, weight.data, transB: true, out.data, m: rows, n: outF, k: inF)
    }
    let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
    return out.recorded("linear", inputs) { g in
        var grads: [Tensor?] = [nil, nil]
        if x.requiresGrad {
            let gx = Tensor(uninitializedShape: x.shape)
            sgemm(g.data, transA: false, weight.data, transB: false, gx.data, m: rows, n: inF, k: outF)
            grads[0] = gx
        }
        if weight.requiresGrad {
            let gw = Tensor(uninitializedShape: weight.shape)
            sgemm(g.data, transA: true, x.data, transB: false, gw.data, m: outF, n: inF, k: rows)
            grads[1] = gw
        }
        if let bias {
            grads.append(bias.requiresGrad ? g.reshape([rows, outF]).sum(dim: 0) : nil)
        }
        return grads
    }
}

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
        "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(pythonBool(bias != nil))"
    }
}

/// "True" / "False", as Python prints booleans in module descriptions.
func pythonBool(_ b: Bool) -> String { b ? "True" : "False" }
