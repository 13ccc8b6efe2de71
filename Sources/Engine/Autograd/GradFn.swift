/// One recorded operation: where its inputs' gradients go, and how to turn the gradient
/// of its output into gradients of its inputs (one per input, nil where an input needs none).
///
/// A node does not hold its input tensors (as PyTorch's graph does not): it points at the
/// nodes that computed them, or at the leaf tensors themselves. An activation therefore
/// stays alive only while some op's `backward` closure needs it, and a backward pass frees
/// each node's closure (and what it saved) as soon as it has run.
public final class GradFn {
    /// Where one input's gradient goes.
    struct Edge {
        /// The op that computed the input (its gradient flows on through that op).
        let node: GradFn?
        /// Or the input itself: a leaf that requires a gradient (or an op output whose
        /// graph a previous backward already freed, which backward then refuses).
        let leaf: Tensor?
        /// The input's shape (gradients are checked against it).
        let shape: [Int]
    }

    /// The op's name, as PyTorch's `grad_fn=<…>` shows it.
    public let name: String
    private(set) var edges: [Edge]
    private(set) var backward: ((Tensor) -> [Tensor?])?

    init(name: String, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) {
        self.name = name
        self.edges = inputs.map { input in
            guard input.requiresGrad else { return Edge(node: nil, leaf: nil, shape: input.shape) }
            if let fn = input.gradFn { return Edge(node: fn, leaf: nil, shape: input.shape) }
            return Edge(node: nil, leaf: input, shape: input.shape)
        }
        self.backward = backward
    }

    /// True once a backward pass has run (or skipped) this node and freed it.
    var isReleased: Bool { backward == nil }

    /// Hands over the closure and the edges, leaving the node empty (freed).
    func release() -> (backward: ((Tensor) -> [Tensor?])?, edges: [Edge]) {
        defer { backward = nil; edges = [] }
        return (backward, edges)
    }
}

extension Tensor {
    /// Records that `self` was computed from `inputs` by the operation `name`, when
    /// grad mode is on and some input requires a gradient. `backward` receives the
    /// gradient of `self` and returns one gradient per input, shaped like that input.
    ///
    /// Every differentiable op ends with this call; it returns `self` for chaining.
    /// The closure should capture only what the gradient needs (shapes rather than
    /// whole input tensors, where shapes suffice): what it captures stays alive until
    /// the backward pass reaches this op. It returns new tensors, `gradOutput` itself or
    /// views of it, never a tensor it keeps (a capture, a cache): a new gradient nothing
    /// else holds becomes a leaf's `grad` as it is, and later backward passes add into it.
    @discardableResult
    public func recorded(_ name: String, _ inputs: [Tensor],
                         backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        guard GradMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return self }
        gradFn = GradFn(name: name, inputs: inputs, backward: backward)
        isOpOutput = true
        requiresGrad_(true)
        return self
    }
}
