// The losses as values (`torch/nn/modules/loss.py`): `let lossFn = CrossEntropyLoss();
// let loss = lossFn(model(x), y)`. Each calls its function in Ops/ (`crossEntropy`, …).

/// A loss as a value (`nn.CrossEntropyLoss()` and friends): called with the model's
/// output and the targets, it returns the loss.
public protocol Loss {
    /// The loss of `input` (the model's output) against `target` (PyTorch: `loss_fn(input, target)`).
    func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor
}

/// `nn.CrossEntropyLoss`: cross-entropy between logits and class indices.
public struct CrossEntropyLoss: Loss {
    /// Optional per-class (or per-element) rescaling weights.
    public var weight: Tensor?
    /// Targets equal to this index are skipped.
    public var ignoreIndex: Int
    /// How per-element losses are combined.
    public var reduction: Reduction
    /// The loss with these settings (PyTorch's defaults when omitted).
    public init(weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean) {
        self.weight = weight; self.ignoreIndex = ignoreIndex; self.reduction = reduction
    }
    /// The loss of `input` against `target`.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        crossEntropy(input, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
    }
}

/// `nn.NLLLoss`: negative log-likelihood of log-probabilities and class indices.
public struct NLLLoss: Loss {
    /// Optional per-class (or per-element) rescaling weights.
    public var weight: Tensor?
    /// Targets equal to this index are skipped.
    public var ignoreIndex: Int
    /// How per-element losses are combined.
    public var reduction: Reduction
    /// The loss with these settings (PyTorch's defaults when omitted).
    public init(weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean) {
        self.weight = weight; self.ignoreIndex = ignoreIndex; self.reduction = reduction
    }
    /// The loss of `input` against `target`.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        nllLoss(input, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
    }
}

/// `nn.BCELoss`: binary cross-entropy of probabilities.
public struct BCELoss: Loss {
    /// Optional per-class (or per-element) rescaling weights.
    public var weight: Tensor?
    /// How per-element losses are combined.
    public var reduction: Reduction
    /// The loss with these settings (PyTorch's defaults when omitted).
    public init(weight: Tensor? = nil, reduction: Reduction = .mean) {
        self.weight = weight; self.reduction = reduction
    }
    /// The loss of `input` against `target`.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        binaryCrossEntropy(input, target, weight: weight, reduction: reduction)
    }
}

/// `nn.BCEWithLogitsLoss`: binary cross-entropy of logits.
public struct BCEWithLogitsLoss: Loss {
    /// Optional per-class (or per-element) rescaling weights.
    public var weight: Tensor?
    /// Optional weight of the positive term, per class.
    public var posWeight: Tensor?
    /// How per-element losses are combined.
    public var reduction: Reduction
    /// The loss with these settings (PyTorch's defaults when omitted).
    public init(weight: Tensor? = nil, posWeight: Tensor? = nil, reduction: Reduction = .mean) {
        self.weight = weight; self.posWeight = posWeight; self.reduction = reduction
    }
    /// The loss of `input` against `target`.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        binaryCrossEntropyWithLogits(input, target, weight: weight, posWeight: posWeight, reduction: reduction)
    }
}

/// `nn.MSELoss`: mean squared error.
public struct MSELoss: Loss {
    /// How per-element losses are combined.
    public var reduction: Reduction
    /// The loss with these settings (PyTorch's defaults when omitted).
    public init(reduction: Reduction = .mean) { self.reduction = reduction }
    /// The loss of `input` against `target`.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        mseLoss(input, target, reduction: reduction)
    }
}

/// `nn.L1Loss`: mean absolute error.
public struct L1Loss: Loss {
    /// How per-element losses are combined.
    public var reduction: Reduction
    /// The loss with these settings (PyTorch's defaults when omitted).
    public init(reduction: Reduction = .mean) { self.reduction = reduction }
    /// The loss of `input` against `target`.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        l1Loss(input, target, reduction: reduction)
    }
}
