import Foundation

/// Adam (`torch.optim.Adam`) and, with `decoupledWeightDecay`, AdamW
/// (`torch.optim.AdamW`), following PyTorch's algorithm. Per parameter p with gradient g
/// at step t:
///
///     g ← g + weightDecay · p                       (Adam)
///     p ← p · (1 - lr · weightDecay)                (AdamW, instead)
///     m ← β1·m + (1-β1)·g,   v ← β2·v + (1-β2)·g²
///     (amsgrad: v̂max ← max(v̂max, v), used for v below)
///     p ← p - (lr / (1-β1^t)) · m / (√v / √(1-β2^t) + eps)
public class Adam: Optimizer {
    /// The parameter groups.
    public let paramGroups: [ParamGroup]
    /// Decay rates of the first and second moment estimates.
    public var betas: (Float, Float)
    /// Added to the denominator for numerical stability.
    public var eps: Float
    /// L2 penalty (Adam) or decoupled decay rate (AdamW).
    public var weightDecay: Float
    /// Whether to use the maximum of past second moments (AMSGrad).
    public var amsgrad: Bool
    /// True for AdamW: weight decay shrinks the weights directly instead of adding to g.
    public let decoupledWeightDecay: Bool

    struct State { var step = 0; let m: Tensor; let v: Tensor; var vMax: Tensor? }
    var state = ParameterState<State>()

    /// `torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False)`.
    public init(_ params: [Tensor], lr: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), eps: Float = 1e-8,
                weightDecay: Float = 0, amsgrad: Bool = false,
                groups: [(params: [Tensor], lr: Float?)] = []) {
        self.paramGroups = makeGroups(params, groups, lr: lr, "Adam")
        self.betas = betas
        self.eps = eps
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        self.decoupledWeightDecay = false
        Self.check(betas, eps, weightDecay)
    }

    init(decoupled params: [Tensor], lr: Float, betas: (Float, Float), eps: Float, weightDecay: Float,
         amsgrad: Bool, groups: [(params: [Tensor], lr: Float?)]) {
        self.paramGroups = makeGroups(params, groups, lr: lr, "AdamW")
        self.betas = betas
        self.eps = eps
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        self.decoupledWeightDecay = true
        Self.check(betas, eps, weightDecay)
    }

    private static func check(_ betas: (Float, Float), _ eps: Float, _ weightDecay: Float) {
        require(betas.0 >= 0 && betas.0 < 1 && betas.1 >= 0 && betas.1 < 1, "Adam: invalid betas \(betas)")
        require(eps >= 0, "Adam: invalid epsilon \(eps)")
        require(weightDecay >= 0, "Adam: invalid weight decay \(weightDecay)")
    }

    /// One Adam (or AdamW) update of every parameter that has a gradient.
    public func step() {
        let (b1, b2) = betas
        for group in paramGroups {
            let lr = group.lr
            for p in group.params {
                guard let grad = p.grad else { continue }
                require(grad.shape == p.shape, "Adam: gradient of shape \(grad.shape) for a parameter of shape \(p.shape)")
                var s = state[p] ?? State(m: zerosLike(p), v: zerosLike(p), vMax: amsgrad ? zerosLike(p) : nil)
                s.step += 1
                let n = p.count, pp = p.data, pg = grad.data, pm = s.m.data, pv = s.v.data
                let coupled = decoupledWeightDecay ? 0 : weightDecay
                if decoupledWeightDecay && weightDecay != 0 {
                    let shrink = 1 - lr * weightDecay
                    for i in 0..<n { pp[i] *= shrink }
                }
                for i in 0..<n {
                    let g = pg[i] + coupled * pp[i]
                    pm[i] = b1 * pm[i] + (1 - b1) * g
                    pv[i] = b2 * pv[i] + (1 - b2) * g * g
                }
                // Bias corrections in double precision, as PyTorch computes them (Python floats).
                let t = Double(s.step)
                let stepSize = Float(Double(lr) / (1 - Foundation.pow(Double(b1), t)))
                let bias2Sqrt = Float((1 - Foundation.pow(Double(b2), t)).squareRoot())
                var pden = pv
                if let vMax = s.vMax {
                    let px = vMax.data
                    for i in 0..<n { px[i] = Swift.max(px[i], pv[i]) }
                    pden = px
                }
                for i in 0..<n {
                    pp[i] -= stepSize * pm[i] / (pden[i].squareRoot() / bias2Sqrt + eps)
                }
                state[p] = s
            }
        }
    }
}

/// Adam with decoupled weight decay (`torch.optim.AdamW`): each step first shrinks the
/// weights by lr·weightDecay, then takes an Adam step on the plain gradient.
public final class AdamW: Adam {
    /// `torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False)`.
    public override init(_ params: [Tensor], lr: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), eps: Float = 1e-8,
                weightDecay: Float = 1e-2, amsgrad: Bool = false,
                groups: [(params: [Tensor], lr: Float?)] = []) {
        super.init(decoupled: params, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay,
                   amsgrad: amsgrad, groups: groups)
    }
}

extension Adam {
    public func parameterState(_ parameter: Tensor) -> [String: Tensor] {
        guard let s = state[parameter] else { return [:] }
        var kept = ["step": Tensor(Float(s.step)), "exp_avg": s.m, "exp_avg_sq": s.v]
        if let vMax = s.vMax { kept["max_exp_avg_sq"] = vMax }
        return kept
    }

    public func setParameterState(_ parameter: Tensor, _ kept: [String: Tensor]) throws {
        guard !kept.isEmpty else { state[parameter] = nil; return }
        guard let step = kept["step"], let m = kept["exp_avg"], let v = kept["exp_avg_sq"] else {
            throw OptimizerStateError(file: nil, message: "the state of a parameter lacks step, exp_avg or exp_avg_sq")
        }
        state[parameter] = State(step: Int(step.item()), m: m, v: v,
                                 vMax: amsgrad ? (kept["max_exp_avg_sq"] ?? v.clone()) : nil)
    }

    public var hyperparameters: [String: Any] {
        ["betas": [Double(betas.0), Double(betas.1)], "eps": Double(eps), "weight_decay": Double(weightDecay), "amsgrad": amsgrad]
    }

    public func setHyperparameters(_ values: [String: Any]) throws {
        betas = OptimizerStateDict.pair(values, "betas", betas)
        eps = OptimizerStateDict.float(values, "eps", eps)
        weightDecay = OptimizerStateDict.float(values, "weight_decay", weightDecay)
        amsgrad = OptimizerStateDict.bool(values, "amsgrad", amsgrad)
    }

    public var stateNames: Set<String> { ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"] }
}
