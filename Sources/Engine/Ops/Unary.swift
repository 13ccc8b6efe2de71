import Foundation

// Elementwise functions and their gradients.

extension Tensor {
    public func exp() -> Tensor {
        let out = unaryMap(self) { Foundation.exp($0) }
        let y = out.detach()  // not `out`: its own closure would keep it alive (a cycle)
        return out.recorded("exp", [self]) { g in [g * y] }
    }

    public func log() -> Tensor {
        unaryMap(self) { Foundation.log($0) }.recorded("log", [self]) { g in [g / self] }
    }

    public func sqrt() -> Tensor {
        let out = unaryMap(self) { $0.squareRoot() }
        let y = out.detach()
        return out.recorded("sqrt", [self]) { g in [g * 0.5 / y] }
    }

    /// Raises every element to `exponent`.
    public func pow(_ exponent: Float) -> Tensor {
        if exponent == 2 { return self * self }
        return unaryMap(self) { Foundation.pow($0, exponent) }.recorded("pow", [self]) { g in
            [g * exponent * self.pow(exponent - 1)]
        }
    }

    public func square() -> Tensor { self * self }

    public func abs() -> Tensor {
        unaryMap(self) { Swift.abs($0) }.recorded("abs", [self]) { g in
            [g * unaryMap(self) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }]
        }
    }

    /// 1 / (1 + e^-x), computed without overflow for large |x|.
    public func sigmoid() -> Tensor {
        let out = unaryMap(self) { x in
            x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
        }
        let y = out.detach()
        return out.recorded("sigmoid", [self]) { g in [g * unaryMap(y) { $0 * (1 - $0) }] }
    }

    public func tanh() -> Tensor {
        let out = unaryMap(self) { Foundation.tanh($0) }
        let y = out.detach()
        return out.recorded("tanh", [self]) { g in [g * unaryMap(y) { 1 - $0 * $0 }] }
    }

    public func relu() -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        reluForward(data, out.data, count: count)
        // The backward reads the output (out > 0 exactly where self > 0), as PyTorch's
        // does, so the input (often a batch norm's output) can be freed after the forward.
        // It holds the output's storage, not the tensor: the tensor holds this closure.
        let saved = out.storage, savedOffset = out.offset
        return out.recorded("relu", [self]) { g in
            let gx = Tensor(uninitializedShape: g.shape)
            reluBackward(g.data, saved.base + savedOffset, gx.data, count: g.count)
            return [gx]
        }
    }

    /// Limits every element to [min, max] (`clamp`); either bound may be omitted.
    public func clamp(min lo: Float = -.infinity, max hi: Float = .infinity) -> Tensor {
        unaryMap(self) { Swift.min(Swift.max($0, lo), hi) }.recorded("clamp", [self]) { g in
            [binaryMap(g, self) { gv, x in x >= lo && x <= hi ? gv : 0 }]
        }
    }
}

// Free-function spellings, as torch.relu(x) / torch.sigmoid(x) / F.relu(x).
public func relu(_ x: Tensor) -> Tensor { x.relu() }
public func sigmoid(_ x: Tensor) -> Tensor { x.sigmoid() }
public func tanh(_ x: Tensor) -> Tensor { x.tanh() }
public func exp(_ x: Tensor) -> Tensor { x.exp() }
public func log(_ x: Tensor) -> Tensor { x.log() }
public func sqrt(_ x: Tensor) -> Tensor { x.sqrt() }
/// |x| elementwise (`torch.abs(x)`).
public func abs(_ x: Tensor) -> Tensor { x.abs() }
/// Limits every element to [min, max] (`torch.clamp(x, min, max)`).
public func clamp(_ x: Tensor, min lo: Float = -.infinity, max hi: Float = .infinity) -> Tensor { x.clamp(min: lo, max: hi) }
