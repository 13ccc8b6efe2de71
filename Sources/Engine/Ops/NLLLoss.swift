// Negative log-likelihood and cross-entropy: classification losses over class indices.

/// The negative log-likelihood loss (`F.nll_loss`): for log-probabilities `input` of
/// shape [N, C] (or [N, C, d1, …]) and class indices `target` of shape [N] (or
/// [N, d1, …]) stored as Float32, the loss of each sample is -weight[t]·input[n, t].
///
/// - `weight`: an optional rescaling of each class, [C].
/// - `ignoreIndex`: targets equal to it contribute nothing (and are not counted by mean).
/// - `.mean` divides by the total weight of the counted targets, as PyTorch does.
public func nllLoss(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil,
                    ignoreIndex: Int = -100, reduction: Reduction = .mean) -> Tensor {
    require(input.rank >= 1, "nll_loss: input must have at least one dimension, got a scalar")
    // A single sample [C] with a scalar target is treated as a batch of one.
    if input.rank == 1 {
        let out = nllLoss(input.unsqueeze(0), target.reshape([1]), weight: weight,
                          ignoreIndex: ignoreIndex, reduction: reduction)
        return reduction == .none ? out.reshape([]) : out
    }
    let n = input.shape[0], c = input.shape[1]
    let spatial = Array(input.shape.dropFirst(2))
    require(target.shape == [n] + spatial,
            "nll_loss: target of shape \(target.shape) does not match input of shape \(input.shape) "
            + "(expected \([n] + spatial): one class index per sample)")
    if let weight { require(weight.shape == [c], "nll_loss: weight must have shape [\(c)], got \(weight.shape)") }
    let inner = spatial.reduce(1, *)
    let classes = target.scalars.enumerated().map { (i, v) -> Int in
        let t = Int(v)
        require(Float(t) == v, "nll_loss: target \(v) at position \(i) is not a whole number")
        require(t == ignoreIndex || (t >= 0 && t < c),
                "nll_loss: target \(t) at position \(i) is out of bounds for \(c) classes")
        return t
    }
    // The weight of each target (0 for ignored ones), and the loss of each.
    var w = [Float](repeating: 0, count: classes.count)
    let perSample = Tensor(uninitializedShape: target.shape)
    let pi = input.data, po = perSample.data
    for s in 0..<n {
        for k in 0..<inner {
            let j = s * inner + k, t = classes[j]
            if t == ignoreIndex { po[j] = 0; continue }
            w[j] = weight?.data[t] ?? 1
            po[j] = -w[j] * pi[(s * c + t) * inner + k]
        }
    }
    let inputShape = input.shape
    // d loss_j / d input[s, t, k] = -w[j]; everything else 0.
    func scatter(_ gradOutputAt: (Int) -> Float) -> Tensor {
        let grad = Tensor(repeating: 0, shape: inputShape)
        let pg = grad.data
        for s in 0..<n {
            for k in 0..<inner {
                let j = s * inner + k, t = classes[j]
                if t != ignoreIndex { pg[(s * c + t) * inner + k] = -w[j] * gradOutputAt(j) }
            }
        }
        return grad
    }
    switch reduction {
    case .none:
        return perSample.recorded("nll_loss", [input]) { gradOutput in [scatter { gradOutput.data[$0] }] }
    case .sum:
        return Tensor(Float(perSample.scalars.reduce(0.0) { $0 + Double($1) }))
            .recorded("nll_loss", [input]) { gradOutput in let v = gradOutput.item(); return [scatter { _ in v }] }
    case .mean:
        let total = w.reduce(0.0) { $0 + Double($1) }
        let sum = perSample.scalars.reduce(0.0) { $0 + Double($1) }
        // PyTorch gives NaN when every target is ignored (0/0).
        return Tensor(Float(sum / total))
            .recorded("nll_loss", [input]) { gradOutput in
                let v = gradOutput.item() / Float(total)
                return [scatter { _ in v }]
            }
    }
}

/// Cross-entropy between raw scores (logits) and class indices (`F.cross_entropy`):
/// `nllLoss(logSoftmax(input, dim: 1), target)`. Input [N, C] (or [N, C, d1, …]),
/// target [N] (or [N, d1, …]) of class indices stored as Float32.
public func crossEntropy(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil,
                         ignoreIndex: Int = -100, reduction: Reduction = .mean) -> Tensor {
    let logProbs = logSoftmax(input, dim: input.rank == 1 ? 0 : 1)
    return nllLoss(logProbs, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
}
