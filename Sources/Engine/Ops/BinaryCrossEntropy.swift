import Foundation

// Binary cross-entropy: for probabilities, and (more stably) for logits.

/// Binary cross-entropy between probabilities `input` in [0, 1] and targets `target`
/// (same shape, usually 0 or 1), as `F.binary_cross_entropy`:
/// -w·[y·log(x) + (1-y)·log(1-x)], with each log clamped at -100 as PyTorch does.
/// `weight` rescales each element and broadcasts to the input's shape.
public func binaryCrossEntropy(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil,
                               reduction: Reduction = .mean) -> Tensor {
    require(input.shape == target.shape,
            "binary_cross_entropy: target of shape \(target.shape) must have the input's shape \(input.shape)")
    let w = weight?.expand(input.shape)
    let out = Tensor(uninitializedShape: input.shape)
    let px = input.data, py = target.data, po = out.data, pw = w?.data
    for i in 0..<input.count {
        let x = px[i], y = py[i]
        require(x >= 0 && x <= 1, "binary_cross_entropy: input \(x) at position \(i) is not a probability "
                + "in [0, 1]; apply sigmoid first, or use binaryCrossEntropyWithLogits")
        let logX = Swift.max(Foundation.log(x), -100), log1mX = Swift.max(Foundation.log(1 - x), -100)
        po[i] = -(pw?[i] ?? 1) * (y * logX + (1 - y) * log1mX)
    }
    let losses = out.recorded("binary_cross_entropy", [input, target]) { gradOutput in
        // Re-derive the pointers from tensors the closure holds, so they stay alive.
        let pg = gradOutput.data, px = input.data, py = target.data, pw = w?.data
        var gx: Tensor? = nil, gy: Tensor? = nil
        if input.requiresGrad {
            // d/dx = w·(x - y) / max(x·(1-x), ε), PyTorch's formula (ε = 1e-12).
            let t = Tensor(uninitializedShape: input.shape)
            for i in 0..<input.count {
                let x = px[i], y = py[i]
                t.data[i] = pg[i] * (pw?[i] ?? 1) * (x - y) / Swift.max(x * (1 - x), 1e-12)
            }
            gx = t
        }
        if target.requiresGrad {
            // d/dy = w·(log(1-x) - log(x)), with the same clamping.
            let t = Tensor(uninitializedShape: target.shape)
            for i in 0..<input.count {
                let x = px[i]
                t.data[i] = pg[i] * (pw?[i] ?? 1)
                    * (Swift.max(Foundation.log(1 - x), -100) - Swift.max(Foundation.log(x), -100))
            }
            gy = t
        }
        return [gx, gy]
    }
    return reduction.apply(losses)
}

/// Binary cross-entropy on raw scores (`F.binary_cross_entropy_with_logits`): the same as
/// `binaryCrossEntropy(sigmoid(input), target)` but computed without overflow:
/// max(x, 0) - x·y + log(1 + e^-|x|). `posWeight` (broadcast along the last dimension)
/// weighs the positive term, `weight` each element.
public func binaryCrossEntropyWithLogits(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil,
                                         posWeight: Tensor? = nil, reduction: Reduction = .mean) -> Tensor {
    require(input.shape == target.shape,
            "binary_cross_entropy_with_logits: target of shape \(target.shape) must have the input's shape \(input.shape)")
    let w = weight?.expand(input.shape), pwt = posWeight?.expand(input.shape)
    let out = Tensor(uninitializedShape: input.shape)
    let px = input.data, py = target.data, po = out.data, pw = w?.data, pp = pwt?.data
    for i in 0..<input.count {
        let x = px[i], y = py[i]
        // log(1 + e^-x) = log1p(e^-|x|) + max(-x, 0), stable for any x.
        let softplusNeg = Foundation.log1p(Foundation.exp(-Swift.abs(x))) + Swift.max(-x, 0)
        let lw = 1 + ((pp?[i] ?? 1) - 1) * y
        po[i] = (pw?[i] ?? 1) * ((1 - y) * x + lw * softplusNeg)
    }
    let losses = out.recorded("binary_cross_entropy_with_logits", [input, target]) { gradOutput in
        // Re-derive the pointers from tensors the closure holds, so they stay alive.
        let pg = gradOutput.data, px = input.data, py = target.data, pw = w?.data, pp = pwt?.data
        var gx: Tensor? = nil, gy: Tensor? = nil
        if input.requiresGrad {
            // d/dx = w·[(1-y) - lw·(1 - σ(x))], which is w·(σ(x) - y) without posWeight.
            let t = Tensor(uninitializedShape: input.shape)
            for i in 0..<input.count {
                let x = px[i], y = py[i]
                let s = x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
                let lw = 1 + ((pp?[i] ?? 1) - 1) * y
                t.data[i] = pg[i] * (pw?[i] ?? 1) * ((1 - y) - lw * (1 - s))
            }
            gx = t
        }
        if target.requiresGrad {
            // d/dy = w·[-x + (p - 1)·log(1 + e^-x)].
            let t = Tensor(uninitializedShape: target.shape)
            for i in 0..<input.count {
                let x = px[i]
                let softplusNeg = Foundation.log1p(Foundation.exp(-Swift.abs(x))) + Swift.max(-x, 0)
                t.data[i] = pg[i] * (pw?[i] ?? 1) * (-x + ((pp?[i] ?? 1) - 1) * softplusNeg)
            }
            gy = t
        }
        return [gx, gy]
    }
    return reduction.apply(losses)
}
