// Activation layers: thin modules over the tensor functions.

/// max(0, x) elementwise (`nn.ReLU`). `inplace` is accepted so PyTorch code translates
/// line for line; the engine always computes out of place.
public final class ReLU: Module {
    public let inplace: Bool
    public init(inplace: Bool = false) { self.inplace = inplace; super.init() }
    public override func forward(_ x: Tensor) -> Tensor { x.relu() }
    public override var extraDescription: String { inplace ? "inplace=True" : "" }
}

/// 1 / (1 + e^-x) elementwise (`nn.Sigmoid`).
public final class Sigmoid: Module {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) -> Tensor { x.sigmoid() }
}

/// tanh(x) elementwise (`nn.Tanh`).
public final class Tanh: Module {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) -> Tensor { x.tanh() }
}

/// log(softmax(x)) along `dim` (`nn.LogSoftmax`), computed stably.
public final class LogSoftmax: Module {
    public let dim: Int
    public init(dim: Int) { self.dim = dim; super.init() }
    public override func forward(_ x: Tensor) -> Tensor { logSoftmax(x, dim: dim) }
    public override var extraDescription: String { "dim=\(dim)" }
}

/// e^x / Σ e^x along `dim` (`nn.Softmax`).
public final class Softmax: Module {
    public let dim: Int
    public init(dim: Int) { self.dim = dim; super.init() }
    public override func forward(_ x: Tensor) -> Tensor { softmax(x, dim: dim) }
    public override var extraDescription: String { "dim=\(dim)" }
}
