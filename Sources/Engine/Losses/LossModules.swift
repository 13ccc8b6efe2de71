// The losses as values, as PyTorch's `nn.CrossEntropyLoss()` etc.:
// `let lossFn = CrossEntropyLoss(); let loss = lossFn(model(x), y)`.

/// `nn.CrossEntropyLoss`: cross-entropy between logits and class indices.
public struct CrossEntropyLoss: Loss {
    public var weight: Tensor?
    public var ignoreIndex: Int
    public var reduction: Reduction
    public init(weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean) {
        self.weight = weight; self.ignoreIndex = ignoreIndex; self.reduction = reduction
    }
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        crossEntropy(input, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
    }
}

/// `nn.NLLLoss`: negative log-likelihood of log-probabilities and class indices.
public struct NLLLoss: Loss {
    public var weight: Tensor?
    public var ignoreIndex: Int
    public var reduction: Reduction
    public init(weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean) {
        self.weight = weight; self.ignoreIndex = ignoreIndex; self.reduction = reduction
    }
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        nllLoss(input, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
    }
}

/// `nn.BCELoss`: binary cross-entropy of probabilities.
public struct BCELoss: Loss {
    public var weight: Tensor?
    public var reduction: Reduction
    public init(weight: Tensor? = nil, reduction: Reduction = .mean) {
        self.weight = weight; self.reduction = reduction
    }
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        binaryCrossEntropy(input, target, weight: weight, reduction: reduction)
    }
}

/// `nn.BCEWithLogitsLoss`: binary cross-entropy of logits.
public struct BCEWithLogitsLoss: Loss {
    public var weight: Tensor?
    public var posWeight: Tensor?
    public var reduction: Reduction
    public init(weight: Tensor? = nil, posWeight: Tensor? = nil, reduction: Reduction = .mean) {
        self.weight = weight; self.posWeight = posWeight; self.reduction = reduction
    }
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        binaryCrossEntropyWithLogits(input, target, weight: weight, posWeight: posWeight, reduction: reduction)
    }
}

/// `nn.MSELoss`: mean squared error.
public struct MSELoss: Loss {
    public var reduction: Reduction
    public init(reduction: Reduction = .mean) { self.reduction = reduction }
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        mseLoss(input, target, reduction: reduction)
    }
}

/// `nn.L1Loss`: mean absolute error.
public struct L1Loss: Loss {
    public var reduction: Reduction
    public init(reduction: Reduction = .mean) { self.reduction = reduction }
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        l1Loss(input, target, reduction: reduction)
    }
}
