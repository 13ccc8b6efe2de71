/// Stochastic gradient descent with optional momentum, dampening, weight decay and
/// Nesterov momentum (`torch.optim.SGD`), with PyTorch's exact update rules. Per
/// parameter p with gradient g:
///
///     g ← g + weightDecay · p
///     b ← g                              (first step)
///     b ← momentum · b + (1 - dampening) · g   (later steps)
///     g ← g + momentum · b  (nesterov)   or   g ← b
///     p ← p - lr · g
public final class SGD: Optimizer {
    /// The parameter groups.
    public let paramGroups: [ParamGroup]
    /// Momentum factor (0: none).
    public var momentum: Float
    /// How much of the new gradient the momentum buffer takes in, as 1 - dampening.
    public var dampening: Float
    /// L2 penalty added to the gradient.
    public var weightDecay: Float
    /// Whether to use Nesterov momentum.
    public var nesterov: Bool
    private var momentumBuffers = ParameterState<Tensor>()

    /// `torch.optim.SGD(params, lr=…, momentum=0, dampening=0, weight_decay=0, nesterov=False)`.
    /// `groups`, when given, replaces `params` with groups that may have their own rate.
    public init(_ params: [Tensor], lr: Float, momentum: Float = 0, dampening: Float = 0,
                weightDecay: Float = 0, nesterov: Bool = false,
                groups: [(params: [Tensor], lr: Float?)] = []) {
        require(momentum >= 0, "SGD: invalid momentum \(momentum)")
        require(weightDecay >= 0, "SGD: invalid weight decay \(weightDecay)")
        require(!nesterov || (momentum > 0 && dampening == 0),
                "SGD: Nesterov momentum requires a momentum and zero dampening")
        paramGroups = makeGroups(params, groups, lr: lr, "SGD")
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }

    /// One SGD update of every parameter that has a gradient.
    public func step() {
        for group in paramGroups {
            let lr = group.lr
            for p in group.params {
                guard let grad = p.grad else { continue }
                require(grad.shape == p.shape, "SGD: gradient of shape \(grad.shape) for a parameter of shape \(p.shape)")
                let n = p.count, pp = p.data, pg = grad.data
                // d = g + wd·p, computed into a scratch buffer (the gradient stays as it is).
                let d = Tensor(uninitializedShape: p.shape)
                let pd = d.data
                for i in 0..<n { pd[i] = pg[i] + weightDecay * pp[i] }
                if momentum != 0 {
                    if let buf = momentumBuffers[p] {
                        let pb = buf.data
                        for i in 0..<n { pb[i] = momentum * pb[i] + (1 - dampening) * pd[i] }
                    } else {
                        momentumBuffers[p] = d.clone()
                    }
                    let pb = momentumBuffers[p]!.data
                    if nesterov {
                        for i in 0..<n { pd[i] += momentum * pb[i] }
                    } else {
                        for i in 0..<n { pd[i] = pb[i] }
                    }
                }
                for i in 0..<n { pp[i] -= lr * pd[i] }
            }
        }
    }
}

extension SGD {
    public func parameterState(_ parameter: Tensor) -> [String: Tensor] {
        momentumBuffers[parameter].map { ["momentum_buffer": $0] } ?? [:]
    }

    public func setParameterState(_ parameter: Tensor, _ state: [String: Tensor]) throws {
        momentumBuffers[parameter] = state["momentum_buffer"]
    }

    public var hyperparameters: [String: Any] {
        ["momentum": Double(momentum), "dampening": Double(dampening), "weight_decay": Double(weightDecay), "nesterov": nesterov]
    }

    public func setHyperparameters(_ values: [String: Any]) throws {
        momentum = OptimizerStateDict.float(values, "momentum", momentum)
        dampening = OptimizerStateDict.float(values, "dampening", dampening)
        weightDecay = OptimizerStateDict.float(values, "weight_decay", weightDecay)
        nesterov = OptimizerStateDict.bool(values, "nesterov", nesterov)
    }

    public var stateNames: Set<String> { ["momentum_buffer"] }
}
