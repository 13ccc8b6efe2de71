/// How a loss combines its per-element values (PyTorch's `reduction=` argument).
public enum Reduction: String {
    /// The average (the default).
    case mean
    /// The total.
    case sum
    /// No reduction: one loss per element (per sample for the classification losses).
    case none

    /// Applies the reduction to per-element losses.
    func apply(_ losses: Tensor) -> Tensor {
        switch self {
        case .mean: return losses.mean()
        case .sum: return losses.sum()
        case .none: return losses
        }
    }
}

/// A loss as a value (`nn.CrossEntropyLoss()` and friends): called with the model's
/// output and the targets, it returns the loss.
public protocol Loss {
    /// The loss of `input` (the model's output) against `target` (PyTorch: `loss_fn(input, target)`).
    func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor
}
