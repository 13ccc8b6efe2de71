// Weight initialisation as PyTorch does it by default (`torch.nn.init`), drawing
// from the engine's seeded generator.

/// Fan-in of a weight tensor: the inputs feeding one output. [out, in] for a linear
/// layer, [out, in, kh, kw] for a convolution (in · kh · kw).
public func fanIn(_ weight: Tensor) -> Int {
    require(weight.rank >= 2, "fan-in needs a weight of rank ≥ 2, got shape \(weight.shape)")
    return weight.shape[1...].reduce(1, *)
}

/// Fills `tensor` in place with U(-bound, bound).
@discardableResult
public func uniform_(_ tensor: Tensor, _ low: Float, _ high: Float) -> Tensor {
    let span = high - low
    for i in 0..<tensor.count { tensor.data[i] = low + span * Random.generator.nextUniform() }
    return tensor
}

/// Kaiming (He) uniform initialisation in place (`kaiming_uniform_`): U(-b, b) with
/// b = gain · √(3 / fan_in) and gain = √(2 / (1 + a²)) for leaky-ReLU slope `a`.
/// PyTorch's linear and conv layers use a = √5, which gives b = 1 / √fan_in.
@discardableResult
public func kaimingUniform_(_ tensor: Tensor, a: Float = 0) -> Tensor {
    let gain = (2 / (1 + a * a)).squareRoot()
    let bound = gain * (3 / Float(fanIn(tensor))).squareRoot()
    return uniform_(tensor, -bound, bound)
}

/// Kaiming (He) normal initialisation in place (`kaiming_normal_`, fan-in mode):
/// N(0, std²) with std = gain / √fan_in.
@discardableResult
public func kaimingNormal_(_ tensor: Tensor, a: Float = 0) -> Tensor {
    let std = (2 / (1 + a * a)).squareRoot() / Float(fanIn(tensor)).squareRoot()
    for i in 0..<tensor.count { tensor.data[i] = std * Random.generator.nextNormal() }
    return tensor
}

/// A weight and an optional bias initialised as PyTorch's `Linear` and `Conv2d` do:
/// weight by Kaiming-uniform with a = √5, i.e. U(-1/√fan_in, 1/√fan_in), bias from the
/// same range. Both require gradients.
func defaultWeightAndBias(_ shape: [Int], bias: Bool) -> (Tensor, Tensor?) {
    let weight = Tensor(uninitializedShape: shape)
    kaimingUniform_(weight, a: Float(5).squareRoot())
    var b: Tensor? = nil
    if bias {
        let fan = fanIn(weight)
        let bound = fan > 0 ? 1 / Float(fan).squareRoot() : 0
        b = uniform_(Tensor(uninitializedShape: [shape[0]]), -bound, bound).requiresGrad_()
    }
    return (weight.requiresGrad_(), b)
}
