/// The base class of every layer and model (PyTorch's `nn.Module`).
///
/// Subclass it, store layers and parameters in properties, call `super.init()`, and
/// override `forward`:
///
/// ```swift
/// final class Net: Module {
///     let fc1 = Linear(784, 30), fc2 = Linear(30, 1)
///     override func forward(_ x: Tensor) -> Tensor { fc2(relu(fc1(x))) }
/// }
/// ```
///
/// Children and parameters are found by reflection over the stored properties, so there
/// is nothing to register. Their names are the property names in snake_case, which are
/// PyTorch's names when the properties are named as in the PyTorch code
/// (`layer1.0.conv1.weight`, `bn.running_mean`):
/// - a `Module` property (optional or not) is a child;
/// - an array of modules is a `ModuleList` child whose entries are named `0`, `1`, …;
/// - a `Tensor` property (optional or not), or an array of tensors (named `name.0`, …),
///   is a parameter, unless its name is listed in `bufferPropertyNames` (then it is a
///   buffer: saved in checkpoints, never trained);
/// - properties whose names start with `_` are private state and are skipped, as are
///   values of any other type.
open class Module: CustomStringConvertible {
    /// Whether the module is in training mode (`model.training`): batch norm uses batch
    /// statistics and dropout drops. Set with `train()` / `eval()`.
    public private(set) var isTraining = true

    /// A module with no members yet; subclasses set their properties, then call it.
    public init() {}

    /// The computation of the module. Subclasses override it; call the module itself
    /// (`model(x)`) rather than `forward` directly.
    open func forward(_ x: Tensor) -> Tensor {
        fatalError("\(typeName) does not override forward(_:): define `override func forward(_ x: Tensor) -> Tensor`")
    }

    /// Runs `forward` (`model(x)` in PyTorch).
    public func callAsFunction(_ x: Tensor) -> Tensor { forward(x) }

    /// Puts this module and every descendant in training mode (`mode == true`) or
    /// evaluation mode, and returns it (`model.train()`).
    @discardableResult
    public func train(_ mode: Bool = true) -> Self {
        for m in modules() { m.isTraining = mode }
        return self
    }

    /// Evaluation mode for this module and its descendants (`model.eval()`).
    @discardableResult
    public func eval() -> Self { train(false) }

    /// The names of the stored `Tensor` properties (Swift names, e.g. `runningMean`) that
    /// are buffers rather than parameters: state saved in checkpoints but not trained,
    /// like batch norm's running statistics (PyTorch's `register_buffer`).
    /// Override it in a module that keeps such state.
    open var bufferPropertyNames: Set<String> { [] }

    /// The direct children, named (`conv1`, `bn1`, or `0`, `1`, … in containers).
    /// Found from the stored properties; containers override it.
    open func namedChildren() -> [(name: String, module: Module)] {
        reflectedMembers().children.map { (name: $0.0, module: $0.1) }
    }

    // MARK: - Printing

    /// The name shown by `description`: the class name (`Conv2d`, `ResidualBlock`).
    open var typeName: String {
        let full = String(describing: type(of: self))
        // Generic classes print as `Name<T>`: keep the readable part.
        return full.split(separator: "<").first.map(String.init) ?? full
    }

    /// The settings shown between the parentheses (PyTorch's `extra_repr`), e.g.
    /// `in_features=784, out_features=30, bias=True`. Empty by default.
    open var extraDescription: String { "" }

    /// The module tree as PyTorch's `print(model)` shows it:
    /// ```
    /// Net(
    ///   (fc1): Linear(in_features=784, out_features=30, bias=True)
    ///   (fc2): Linear(in_features=30, out_features=1, bias=True)
    /// )
    /// ```
    open var description: String {
        let extraLines = extraDescription.isEmpty ? [] : extraDescription.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let childLines = namedChildren().map { name, child -> String in
            // Indent every line of the child's description after the first by two spaces.
            let lines = child.description.split(separator: "\n", omittingEmptySubsequences: false)
            let indented = ([String(lines[0])] + lines.dropFirst().map { "  " + $0 }).joined(separator: "\n")
            return "(\(name)): \(indented)"
        }
        let lines = extraLines + childLines
        var text = typeName + "("
        if extraLines.count == 1 && childLines.isEmpty {
            text += extraLines[0]
        } else if !lines.isEmpty {
            text += "\n  " + lines.joined(separator: "\n  ") + "\n"
        }
        return text + ")"
    }
}
