// Modules that hold other modules: Sequential and ModuleList; and the trivial ones,
// Identity, Flatten and Lambda.

/// Layers applied one after another (`nn.Sequential`). Children are named `0`, `1`, …
/// (or by the names given), so `Sequential(Linear(784, 30), ReLU(), Linear(30, 1))`
/// has the parameters `0.weight`, `0.bias`, `2.weight`, `2.bias`, as in PyTorch.
public final class Sequential: Module {
    /// The layers, in order.
    public private(set) var layers: [Module]
    private var names: [String]

    /// The layers of an array, named 0, 1, …
    public init(_ layers: [Module]) {
        self.layers = layers
        self.names = layers.indices.map(String.init)
        super.init()
    }

    /// `nn.Sequential(a, b, c)`.
    public convenience init(_ layers: Module...) { self.init(layers) }

    /// Layers with names (PyTorch's `Sequential(OrderedDict(...))`).
    public init(named layers: [(String, Module)]) {
        require(Set(layers.map(\.0)).count == layers.count, "Sequential: duplicate layer names in \(layers.map(\.0))")
        self.layers = layers.map(\.1)
        self.names = layers.map(\.0)
        super.init()
    }

    /// The layers in turn. A Conv2d followed by a BatchNorm2d (and a ReLU) runs as
    /// `convBatchNorm`: one folded pass at inference (eval mode, gradients off), the layers
    /// exactly as written otherwise.
    public override func forward(_ x: Tensor) -> Tensor {
        var out = x, i = 0
        while i < layers.count {
            if i + 1 < layers.count, let conv = layers[i] as? Conv2d, let bn = layers[i + 1] as? BatchNorm2d {
                let relu = i + 2 < layers.count && layers[i + 2] is ReLU
                out = convBatchNorm(out, conv, bn, relu: relu)
                i += relu ? 3 : 2
            } else {
                out = layers[i](out)
                i += 1
            }
        }
        return out
    }

    /// Adds a layer at the end, named by its position.
    public func append(_ layer: Module) {
        names.append(String(layers.count))
        layers.append(layer)
    }

    /// The i-th layer (`model[i]`).
    public subscript(_ i: Int) -> Module { layers[i] }

    /// The number of layers (`len(model)`).
    public var count: Int { layers.count }

    public override func namedChildren() -> [(name: String, module: Module)] {
        zip(names, layers).map { (name: $0, module: $1) }
    }
}

/// A list of modules whose entries are named `0`, `1`, … (`nn.ModuleList`). An array
/// property of modules is shown and named as one. It has no `forward`: iterate it.
public final class ModuleList: Module, RandomAccessCollection {
    /// The modules, in order.
    public private(set) var items: [Module]

    /// A list holding `items`.
    public init(_ items: [Module] = []) {
        self.items = items
        super.init()
    }

    /// Adds a module at the end.
    public func append(_ module: Module) { items.append(module) }

    /// 0.
    public var startIndex: Int { items.startIndex }
    /// The number of modules.
    public var endIndex: Int { items.endIndex }
    /// The i-th module.
    public subscript(_ i: Int) -> Module { items[i] }

    public override func namedChildren() -> [(name: String, module: Module)] {
        items.enumerated().map { (name: String($0.offset), module: $0.element) }
    }
}

/// Returns its input unchanged (`nn.Identity`), a placeholder where a layer is optional.
public final class Identity: Module {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) -> Tensor { x }
}

/// Flattens dimensions `startDim…endDim` into one (`nn.Flatten`); by default all but
/// the batch dimension: [N, C, H, W] → [N, C·H·W].
public final class Flatten: Module {
    /// The first and last dimensions merged.
    public let startDim: Int, endDim: Int

    /// `nn.Flatten(start_dim=1, end_dim=-1)`.
    public init(startDim: Int = 1, endDim: Int = -1) {
        self.startDim = startDim
        self.endDim = endDim
        super.init()
    }

    public override func forward(_ x: Tensor) -> Tensor { x.flatten(startDim: startDim, endDim: endDim) }
    public override var extraDescription: String { "start_dim=\(startDim), end_dim=\(endDim)" }
}

/// A module made from a function, to put a computation such as a reshape into a
/// `Sequential` (fastai's `Lambda`): `Lambda { $0.view(-1, 1, 28, 28) }`.
public final class Lambda: Module {
    private let _body: (Tensor) -> Tensor
    private let _label: String

    /// `name` is what `description` shows, e.g. `Lambda(view)`.
    public init(_ name: String = "", _ body: @escaping (Tensor) -> Tensor) {
        _body = body
        _label = name
        super.init()
    }

    public override func forward(_ x: Tensor) -> Tensor { _body(x) }
    public override var extraDescription: String { _label }
}
