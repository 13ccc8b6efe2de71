/// One recorded operation: its inputs and how to turn the gradient of its output
/// into gradients of its inputs (one per input, nil where an input needs none).
public final class GradFn {
    public let name: String
    public let inputs: [Tensor]
    let backward: (Tensor) -> [Tensor?]

    init(name: String, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
    }
}

extension Tensor {
    /// Records that `self` was computed from `inputs` by the operation `name`, when
    /// grad mode is on and some input requires a gradient. `backward` receives the
    /// gradient of `self` and returns one gradient per input, shaped like that input.
    ///
    /// Every differentiable op ends with this call; it returns `self` for chaining.
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
