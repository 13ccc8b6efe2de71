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
