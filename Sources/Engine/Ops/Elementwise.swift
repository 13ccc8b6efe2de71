// Elementwise arithmetic with broadcasting, and its gradients.

/// Applies `f` elementwise to `a` and `b`, broadcasting their shapes. Not recorded.
/// `kernel`, when given, computes the same as `f`, faster: for equal shapes, and for a `b`
/// that repeats along `a`'s leading dimensions (`isTrailingBlock`).
@inline(__always)
func binaryMap(_ a: Tensor, _ b: Tensor, kernel: BinaryKernel? = nil, _ f: (Float, Float) -> Float) -> Tensor {
    if a.shape == b.shape, let kernel {
        let out = Tensor(uninitializedShape: a.shape)
        kernel.apply(a.data, b.data, out.data, count: a.count)
        return out
    }
    if a.shape == b.shape {
        let out = Tensor(uninitializedShape: a.shape)
        let pa = a.data, pb = b.data, po = out.data
        parallelFor(a.count, minPerTask: 1 << 16) { r in
            for i in r { po[i] = f(pa[i], pb[i]) }
        }
        return out
    }
    let shape = broadcastShape(a.shape, b.shape)
    let out = Tensor(uninitializedShape: shape)
    let pa = a.data, pb = b.data, po = out.data
    if b.count == 1 && shape == a.shape {
        let s = pb[0]
        for i in 0..<out.count { po[i] = f(pa[i], s) }
        return out
    }
    if a.count == 1 && shape == b.shape {
        let s = pa[0]
        for i in 0..<out.count { po[i] = f(s, pb[i]) }
        return out
    }
    if let kernel, shape == a.shape, b.count > 0, isTrailingBlock(b.shape, of: shape) {
        // b repeats along the leading dimensions (a bias over the last ones): one kernel
        // call per block of a.
        let n = b.count
        for o in stride(from: 0, to: out.count, by: n) { kernel.run(pa + o, pb, po + o, 0..<n) }
        return out
    }
    forEachBroadcastRun(shape, a.shape, b.shape) { o, ia, ib, n, da, db in
        switch (da, db) {
        case (1, 1): for k in 0..<n { po[o + k] = f(pa[ia + k], pb[ib + k]) }
        case (1, 0): let s = pb[ib]; for k in 0..<n { po[o + k] = f(pa[ia + k], s) }
        case (0, 1): let s = pa[ia]; for k in 0..<n { po[o + k] = f(s, pb[ib + k]) }
        default: let v = f(pa[ia], pb[ib]); for k in 0..<n { po[o + k] = v }
        }
    }
    return out
}

/// Whether `shape`, less its leading 1s, is a non-empty run of `target`'s trailing
/// dimensions, so a tensor of `shape` broadcasts to `target` as whole repeated blocks.
@inline(__always)
func isTrailingBlock(_ shape: [Int], of target: [Int]) -> Bool {
    let dims = shape.drop(while: { $0 == 1 })
    return !dims.isEmpty && target.count >= dims.count && target.suffix(dims.count).elementsEqual(dims)
}

/// Applies `f` to every element. Not recorded.
@inline(__always)
func unaryMap(_ a: Tensor, _ f: (Float) -> Float) -> Tensor {
    let out = Tensor(uninitializedShape: a.shape)
    let pa = a.data, po = out.data
    parallelFor(a.count, minPerTask: 1 << 16) { r in
        for i in r { po[i] = f(pa[i]) }
    }
    return out
}

extension Tensor {
    /// Element-wise sum with broadcasting (PyTorch: `torch.add`, `a + b`).
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        // Captures the shapes only: the inputs themselves need not outlive the forward pass.
        let sa = a.shape, sb = b.shape
        return binaryMap(a, b, kernel: .add, +).recorded("add", [a, b]) { gradOutput in
            [gradOutput.sumToShape(sa), gradOutput.sumToShape(sb)]
        }
    }

    /// Element-wise difference with broadcasting (PyTorch: `torch.sub`, `a - b`).
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let sa = a.shape, sb = b.shape
        return binaryMap(a, b, kernel: .sub, -).recorded("sub", [a, b]) { gradOutput in
            [gradOutput.sumToShape(sa), (-gradOutput).sumToShape(sb)]
        }
    }

    /// Element-wise product with broadcasting (PyTorch: `torch.mul`, `a * b`).
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        binaryMap(a, b, kernel: .mul, *).recorded("mul", [a, b]) { gradOutput in
            [a.requiresGrad ? (gradOutput * b).sumToShape(a.shape) : nil,
             b.requiresGrad ? (gradOutput * a).sumToShape(b.shape) : nil]
        }
    }

    /// Element-wise quotient with broadcasting (PyTorch: `torch.div`, `a / b`).
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        binaryMap(a, b, kernel: .div, /).recorded("div", [a, b]) { gradOutput in
            [a.requiresGrad ? (gradOutput / b).sumToShape(a.shape) : nil,
             b.requiresGrad ? (-(gradOutput * a) / (b * b)).sumToShape(b.shape) : nil]
        }
    }

    /// Element-wise negation (PyTorch: `torch.neg`, `-a`).
    public static prefix func - (a: Tensor) -> Tensor {
        unaryMap(a) { -$0 }.recorded("neg", [a]) { gradOutput in [-gradOutput] }
    }

    // Scalars on either side.
    /// Adds a scalar to every element (PyTorch: `a + s`).
    public static func + (a: Tensor, s: Float) -> Tensor {
        unaryMap(a) { $0 + s }.recorded("add", [a]) { gradOutput in [gradOutput] }
    }
    /// Adds a scalar to every element (PyTorch: `s + a`).
    public static func + (s: Float, a: Tensor) -> Tensor { a + s }
    /// Subtracts a scalar from every element (PyTorch: `a - s`).
    public static func - (a: Tensor, s: Float) -> Tensor { a + (-s) }
    /// A scalar minus every element (PyTorch: `torch.rsub`, `s - a`).
    public static func - (s: Float, a: Tensor) -> Tensor {
        unaryMap(a) { s - $0 }.recorded("rsub", [a]) { gradOutput in [-gradOutput] }
    }
    /// Multiplies every element by a scalar (PyTorch: `a * s`).
    public static func * (a: Tensor, s: Float) -> Tensor {
        unaryMap(a) { $0 * s }.recorded("mul", [a]) { gradOutput in [gradOutput * s] }
    }
    /// Multiplies every element by a scalar (PyTorch: `s * a`).
    public static func * (s: Float, a: Tensor) -> Tensor { a * s }
    /// Divides every element by a scalar (PyTorch: `a / s`).
    public static func / (a: Tensor, s: Float) -> Tensor { a * (1 / s) }
    /// A scalar divided by every element (PyTorch: `s / a`).
    public static func / (s: Float, a: Tensor) -> Tensor {
        unaryMap(a) { s / $0 }.recorded("rdiv", [a]) { gradOutput in [-(gradOutput * s) / (a * a)] }
    }

    // In-place updates, for hand-written optimizers (`p -= p.grad! * lr`) and data
    // preparation. They change the values directly and are not recorded for autograd.
    /// Adds `b` in place, not recorded for autograd (PyTorch: `a += b` under `torch.no_grad()`).
    public static func += (a: Tensor, b: Tensor) { a.inPlace(b, +) }
    /// Subtracts `b` in place, not recorded for autograd (PyTorch: `a -= b` under `torch.no_grad()`).
    public static func -= (a: Tensor, b: Tensor) { a.inPlace(b, -) }
    /// Multiplies by `b` in place, not recorded for autograd (PyTorch: `a *= b` under `torch.no_grad()`).
    public static func *= (a: Tensor, b: Tensor) { a.inPlace(b, *) }
    /// Divides by `b` in place, not recorded for autograd (PyTorch: `a /= b` under `torch.no_grad()`).
    public static func /= (a: Tensor, b: Tensor) { a.inPlace(b, /) }
    /// Adds a scalar in place, not recorded for autograd (PyTorch: `a += s`, `add_`).
    public static func += (a: Tensor, s: Float) { a.inPlace { $0 + s } }
    /// Subtracts a scalar in place, not recorded for autograd (PyTorch: `a -= s`, `sub_`).
    public static func -= (a: Tensor, s: Float) { a.inPlace { $0 - s } }
    /// Multiplies by a scalar in place, not recorded for autograd (PyTorch: `a *= s`, `mul_`).
    public static func *= (a: Tensor, s: Float) { a.inPlace { $0 * s } }
    /// Divides by a scalar in place, not recorded for autograd (PyTorch: `a /= s`, `div_`).
    public static func /= (a: Tensor, s: Float) { a.inPlace { $0 / s } }

    /// Adds `other` (broadcast to this shape) in place and returns self, not recorded
    /// (PyTorch: `add_`); backward accumulates leaf gradients with it.
    @discardableResult
    public func add_(_ other: Tensor) -> Tensor {
        if other.shape == shape {
            requireInPlaceAllowed()
            accumulate(data, other.data, count: count)
        } else {
            inPlace(other, +)
        }
        return self
    }

    /// In-place updates bypass autograd. On a tensor that a recorded op computed, while
    /// recording, they would silently corrupt the gradient (its op, or the next one, may have
    /// kept it for backward), so they are refused, as PyTorch refuses them.
    func requireInPlaceAllowed() {
        require(!(GradMode.isEnabled && isOpOutput && requiresGrad),
                "in-place update of a tensor computed by a recorded operation would corrupt its gradient: "
                + "write `x = x + y` instead, or do it inside noGrad { }")
    }

    @inline(__always)
    private func inPlace(_ f: (Float) -> Float) {
        requireInPlaceAllowed()
        let p = data
        for i in 0..<count { p[i] = f(p[i]) }
    }

    @inline(__always)
    private func inPlace(_ other: Tensor, _ f: (Float, Float) -> Float) {
        requireInPlaceAllowed()
        let p = data, q = other.data
        if other.shape == shape {
            parallelFor(count, minPerTask: 1 << 16) { r in for i in r { p[i] = f(p[i], q[i]) } }
            return
        }
        require(broadcastShape(shape, other.shape) == shape,
                "in-place update of a tensor of shape \(shape) with shape \(other.shape)")
        forEachBroadcastRun(shape, shape, other.shape) { o, _, ib, n, _, db in
            if db == 1 { for k in 0..<n { p[o + k] = f(p[o + k], q[ib + k]) } }
            else { let s = q[ib]; for k in 0..<n { p[o + k] = f(p[o + k], s) } }
        }
    }
}
