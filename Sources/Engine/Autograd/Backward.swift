extension Tensor {
    /// Computes the gradient of this tensor with respect to every leaf that requires
    /// one, and adds it to that leaf's `grad` (gradients accumulate until `zeroGrad`).
    ///
    /// For a scalar, the seed gradient is 1. For any other shape pass `gradient`
    /// (as `y.backward(gradient:)` in PyTorch). The recorded graph is released afterwards.
    public func backward(gradient: Tensor? = nil) {
        require(requiresGrad, "backward() on a tensor that does not require grad: "
                     + "did you forget requiresGrad_() on the parameters, or call it inside noGrad?")
        let seed: Tensor
        if let gradient {
            require(gradient.shape == shape, "gradient shape \(gradient.shape) differs from tensor shape \(shape)")
            seed = gradient
        } else {
            require(count == 1, "backward() without a gradient needs a scalar, not shape \(shape)")
            seed = Tensor(repeating: 1, shape: shape)
        }

        let order = topologicalOrder()
        var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
        noGrad {
            for node in order.reversed() {
                guard let g = grads.removeValue(forKey: ObjectIdentifier(node)) else { continue }
                guard let fn = node.gradFn else {
                    require(!node.isOpOutput, "Trying to backward through the graph a second time: "
                                 + "backward() frees the graph it used; compute the loss again before calling it")
                    node.accumulateGrad(g)
                    continue
                }
                let inputGrads = fn.backward(g)
                require(inputGrads.count == fn.inputs.count, "\(fn.name): backward returned the wrong number of gradients")
                for (input, ig) in zip(fn.inputs, inputGrads) {
                    guard input.requiresGrad, let ig else { continue }
                    require(ig.shape == input.shape,
                                 "\(fn.name): gradient of shape \(ig.shape) for an input of shape \(input.shape)")
                    let key = ObjectIdentifier(input)
                    if let existing = grads[key] {
                        grads[key] = existing + ig
                    } else {
                        grads[key] = ig
                    }
                }
            }
        }
        // Free the graph, as PyTorch does without retain_graph: keeping `loss` around
        // (say, in a list) must not keep every activation of the step alive.
        for node in order where node.gradFn != nil { node.gradFn = nil }
    }

    /// Adds `g` into `self.grad` (leaf tensors only).
    private func accumulateGrad(_ g: Tensor) {
        if let existing = grad {
            existing.addInPlace(g)
        } else {
            // A copy: an op's backward may hand the same tensor to several inputs.
            grad = g.clone()
        }
    }

    /// Every tensor this one depends on through recorded ops, inputs before outputs.
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        // Iterative DFS: deep networks would overflow the stack with recursion.
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for input in node.gradFn?.inputs ?? [] where input.requiresGrad {
                if !visited.contains(ObjectIdentifier(input)) { stack.append((input, false)) }
            }
        }
        return order
    }

    /// A tensor sharing this one's data but cut off from the graph (`detach()`).
    public func detach() -> Tensor { Tensor(storage: storage, offset: offset, shape: shape) }

    /// Sets `grad` to nil (PyTorch's default `zero_grad(set_to_none=True)`).
    public func zeroGrad() { grad = nil }
}
