import Foundation

// Gradient clipping (`torch.nn.utils.clip_grad_norm_`, `clip_grad_value_`): call between
// `backward()` and `optimizer.step()`.

/// Scales the gradients of `parameters` together so that their total norm (2-norm by default;
/// `normType: .infinity` for the largest magnitude, or any p) is at most `maxNorm`; returns the
/// total norm before clipping. Parameters without a gradient are skipped.
@discardableResult
public func clipGradNorm_(_ parameters: [Tensor], maxNorm: Float, normType: Float = 2) -> Float {
    require(normType > 0, "clipGradNorm_: normType must be positive, got \(normType)")
    let grads = parameters.compactMap(\.grad)
    var total = 0.0
    if normType == .infinity {
        for grad in grads { for i in 0..<grad.count { total = Swift.max(total, Double(Swift.abs(grad.data[i]))) } }
    } else {
        let p = Double(normType)
        for grad in grads { for i in 0..<grad.count { total += Foundation.pow(Double(Swift.abs(grad.data[i])), p) } }
        total = Foundation.pow(total, 1 / p)
    }
    // PyTorch's factor, eps included and in Float32 as it computes it, so clipped gradients
    // match it to the last bit.
    let factor = Swift.min(maxNorm / (Float(total) + 1e-6), 1)
    if factor < 1 {
        for grad in grads { for i in 0..<grad.count { grad.data[i] *= factor } }
    }
    return Float(total)
}

/// Clamps every gradient element of `parameters` to [-clipValue, clipValue].
public func clipGradValue_(_ parameters: [Tensor], _ clipValue: Float) {
    require(clipValue >= 0, "clipGradValue_: clipValue must be non-negative, got \(clipValue)")
    for grad in parameters.compactMap(\.grad) {
        for i in 0..<grad.count { grad.data[i] = Swift.min(Swift.max(grad.data[i], -clipValue), clipValue) }
    }
}
