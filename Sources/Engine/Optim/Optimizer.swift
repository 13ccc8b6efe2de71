// The optimizer interface, and parameter groups with their own learning rates.

/// Parameters that share hyper-parameters (PyTorch's `param_groups` entries), e.g. a
/// pretrained backbone trained with a smaller learning rate than a new head.
public final class ParamGroup {
    /// The group's parameters.
    public let params: [Tensor]
    /// The group's learning rate; schedulers change it.
    public var lr: Float
    /// The learning rate the group started with (schedulers scale from it).
    public internal(set) var initialLr: Float

    /// A group of `params` trained at rate `lr`.
    public init(_ params: [Tensor], lr: Float) {
        self.params = params
        self.lr = lr
        self.initialLr = lr
    }
}

/// Updates parameters from their gradients (`torch.optim.Optimizer`).
public protocol Optimizer: AnyObject {
    /// The parameter groups; most optimizers have one.
    var paramGroups: [ParamGroup] { get }
    /// Applies one update to every parameter that has a gradient (`optimizer.step()`).
    func step()

    // The state kept between steps, for `stateDict()` / `save(to:)` (OptimizerState.swift).
    /// The state kept for `parameter`, by PyTorch's names (empty before its first update).
    func parameterState(_ parameter: Tensor) -> [String: Tensor]
    /// Replaces the state kept for `parameter` (already checked against its shape).
    func setParameterState(_ parameter: Tensor, _ state: [String: Tensor]) throws
    /// The optimizer-wide hyper-parameters, by PyTorch's names (`lr` is per group).
    var hyperparameters: [String: Any] { get }
    /// Sets them back from a saved state (names it does not know are ignored).
    func setHyperparameters(_ values: [String: Any]) throws
    /// The names of the tensors a parameter's state may hold, for checking a file.
    var stateNames: Set<String> { get }
}

extension Optimizer {
    /// The learning rate (of the first group); setting it sets every group's.
    public var lr: Float {
        get { paramGroups.first?.lr ?? 0 }
        set { for group in paramGroups { group.lr = newValue } }
    }

    /// Every parameter, across groups.
    public var parameters: [Tensor] { paramGroups.flatMap(\.params) }

    /// Clears every parameter's gradient (`optimizer.zero_grad()`; sets them to nil).
    public func zeroGrad() {
        for p in parameters { p.zeroGrad() }
    }
}

/// Builds parameter groups for an optimizer: one group with `lr`, or the given groups
/// (a group's own rate wins, else `lr`). Rejects empty parameter lists.
func makeGroups(_ params: [Tensor], _ groups: [(params: [Tensor], lr: Float?)], lr: Float, _ name: String) -> [ParamGroup] {
    let list = groups.isEmpty ? [ParamGroup(params, lr: lr)] : groups.map { ParamGroup($0.params, lr: $0.lr ?? lr) }
    require(list.contains { !$0.params.isEmpty }, "\(name): optimizer got an empty parameter list")
    require(lr >= 0, "\(name): invalid learning rate \(lr)")
    return list
}

/// Per-parameter optimizer state (momentum buffers, moment estimates), keyed by tensor.
struct ParameterState<State> {
    private var states: [ObjectIdentifier: State] = [:]

    subscript(_ p: Tensor) -> State? {
        get { states[ObjectIdentifier(p)] }
        set { states[ObjectIdentifier(p)] = newValue }
    }
}
