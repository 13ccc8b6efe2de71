// Activation layers: thin modules over the tensor functions.

/// max(0, x) elementwise (`nn.ReLU`). `inplace` is accepted so PyTorch code translates
/// line for line; the engine always computes out of place.
public final class ReLU: Module {
    /// Only shown in the description (`ReLU(inplace=True)`).
    public let inplace: Bool
    /// `nn.ReLU()` / `nn.ReLU(inplace=True)`.
    public init(inplace: Bool = false) { self.inplace = inplace; super.init() }
    public override func forward(_ x: Tensor) -> Tensor { x.relu() }
    public override var extraDescription: String { inplace ? "inplace=\(PythonRepr.bool(inplace))" : "" }
}

/// 1 / (1 + e^-x) elementwise (`nn.Sigmoid`).
public final class Sigmoid: Module {
    /// The layer (it has no settings).
    public override init() { super.init() }
    public override func forward(_ x: Tensor) -> Tensor { x.sigmoid() }
}

/// tanh(x) elementwise (`nn.Tanh`).
public final class Tanh: Module {
    /// The layer (it has no settings).
    public override init() { super.init() }
    public override func forward(_ x: Tensor) -> Tensor { x.tanh() }
}

/// log(softmax(x)) along `dim` (`nn.LogSoftmax`), computed stably.
public final class LogSoftmax: Module {
    /// The dimension the probabilities are taken over.
    public let dim: Int
    /// The layer over dimension `dim`.
    public init(dim: Int) { self.dim = dim; super.init() }
    public override func forward(_ x: Tensor) -> Tensor { logSoftmax(x, dim: dim) }
    public override var extraDescription: String { "dim=\(dim)" }
}

/// e^x / Σ e^x along `dim` (`nn.Softmax`).
public final class Softmax: Module {
    /// The dimension the probabilities are taken over.
    public let dim: Int
    /// The layer over dimension `dim`.
    public init(dim: Int) { self.dim = dim; super.init() }
    public override func forward(_ x: Tensor) -> Tensor { softmax(x, dim: dim) }
    public override var extraDescription: String { "dim=\(dim)" }
}
