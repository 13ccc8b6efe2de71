// Regression losses, composed from differentiable tensor ops.

/// Mean squared error (`F.mse_loss`): (input - target)² reduced; shapes broadcast.
public func mseLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
    let d = input - target
    return reduction.apply(d * d)
}

/// Mean absolute error (`F.l1_loss`): |input - target| reduced; shapes broadcast.
public func l1Loss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
    reduction.apply((input - target).abs())
}
