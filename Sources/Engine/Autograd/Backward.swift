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
        guard let root = gradFn else {
            accumulateLeafGrad(seed)
            return
        }

        // Each node is released as soon as it has run (as PyTorch frees saved tensors
        // without retain_graph), so activations are freed as the pass goes rather than
        // all at the end, and keeping `loss` around (say, in a list) keeps nothing alive.
        var order: [GradFn?] = Self.topologicalOrder(from: root)
        var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed]
        noGrad {
            for index in order.indices.reversed() {
                guard let fn = order[index] else { continue }
                order[index] = nil
                let wasReleased = fn.isReleased
                let (backward, edges) = fn.release()
                guard let gradOutput = grads.removeValue(forKey: ObjectIdentifier(fn)) else { continue }
                guard let backward, !wasReleased else {
                    fatalError(Self.secondBackwardMessage)
                }
                let inputGrads = backward(gradOutput)
                require(inputGrads.count == edges.count, "\(fn.name): backward returned the wrong number of gradients")
                for (edge, ig) in zip(edges, inputGrads) {
                    guard let ig, edge.node != nil || edge.leaf != nil else { continue }
                    require(ig.shape == edge.shape,
                            "\(fn.name): gradient of shape \(ig.shape) for an input of shape \(edge.shape)")
                    if let node = edge.node {
                        let key = ObjectIdentifier(node)
                        if let existing = grads[key] {
                            grads[key] = existing + ig
                        } else {
                            grads[key] = ig
                        }
                    } else {
                        // As PyTorch's AccumulateGrad: a gradient that nothing else holds (not
                        // the op's own gradOutput, not handed to another input, no view of it)
                        // becomes the leaf's grad as it is, without a copy.
                        // (A view of gradOutput shares its storage, so hasUniqueStorage rules it out.)
                        let owned = ig !== gradOutput && inputGrads.lazy.filter { $0 === ig }.count == 1
                            && ig.hasUniqueStorage
                        edge.leaf!.accumulateLeafGrad(ig, owned: owned)
                    }
                }
            }
        }
    }

    private static let secondBackwardMessage = "Trying to backward through the graph a second time: "
        + "backward() frees the graph it used; compute the loss again before calling it"

    /// Adds `gradient` into `self.grad` (leaf tensors only); with `owned` (no one else holds
    /// `gradient`), a first gradient is kept as it is instead of copied.
    private func accumulateLeafGrad(_ gradient: Tensor, owned: Bool = false) {
        require(!isOpOutput, Self.secondBackwardMessage)
        if let existing = grad {
            existing.add_(gradient)
        } else {
            // Otherwise a copy: an op's backward may hand the same tensor to several inputs,
            // or pass on the gradient the caller gave (which the caller still holds).
            grad = owned ? gradient : gradient.clone()
        }
    }

    /// Every op the root depends on, inputs before outputs.
    private static func topologicalOrder(from root: GradFn) -> [GradFn?] {
        var order: [GradFn?] = []
        var visited = Set<ObjectIdentifier>()
        // Iterative DFS: deep networks would overflow the stack with recursion.
        var stack: [(GradFn, Bool)] = [(root, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for edge in node.edges {
                if let input = edge.node, !visited.contains(ObjectIdentifier(input)) { stack.append((input, false)) }
            }
        }
        return order
    }

    /// A tensor sharing this one's data but cut off from the graph (`detach()`).
    public func detach() -> Tensor { Tensor(storage: storage, offset: offset, shape: shape) }

    /// Sets `grad` to nil (PyTorch's default `zero_grad(set_to_none=True)`).
    public func zeroGrad() { grad = nil }
}
