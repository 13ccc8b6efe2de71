import Foundation

// Elementwise functions and their gradients.

extension Tensor {
    /// e to the power of every element (PyTorch: `torch.exp`, `x.exp()`).
    public func exp() -> Tensor {
        let out = unaryMap(self) { Foundation.exp($0) }
        let y = out.detach()  // not `out`: its own closure would keep it alive (a cycle)
        return out.recorded("exp", [self]) { gradOutput in [gradOutput * y] }
    }

    /// Natural logarithm of every element (PyTorch: `torch.log`, `x.log()`).
    public func log() -> Tensor {
        unaryMap(self) { Foundation.log($0) }.recorded("log", [self]) { gradOutput in [gradOutput / self] }
    }

    /// Square root of every element (PyTorch: `torch.sqrt`, `x.sqrt()`).
    public func sqrt() -> Tensor {
        let out = unaryMap(self) { $0.squareRoot() }
        let y = out.detach()
        return out.recorded("sqrt", [self]) { gradOutput in [gradOutput * 0.5 / y] }
    }

    /// Raises every element to `exponent`.
    public func pow(_ exponent: Float) -> Tensor {
        if exponent == 2 { return self * self }
        return unaryMap(self) { Foundation.pow($0, exponent) }.recorded("pow", [self]) { gradOutput in
            [gradOutput * exponent * self.pow(exponent - 1)]
        }
    }

    /// Every element squared (PyTorch: `torch.square`, `x.square()`).
    public func square() -> Tensor { self * self }

    /// Absolute value of every element (PyTorch: `torch.abs`, `x.abs()`).
    public func abs() -> Tensor {
        unaryMap(self) { Swift.abs($0) }.recorded("abs", [self]) { gradOutput in
            [gradOutput * unaryMap(self) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }]
        }
    }

    /// 1 / (1 + e^-x), computed without overflow for large |x|.
    public func sigmoid() -> Tensor {
        let out = unaryMap(self) { x in
            x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
        }
        let y = out.detach()
        return out.recorded("sigmoid", [self]) { gradOutput in [gradOutput * unaryMap(y) { $0 * (1 - $0) }] }
    }

    /// Hyperbolic tangent of every element (PyTorch: `torch.tanh`, `x.tanh()`).
    public func tanh() -> Tensor {
        let out = unaryMap(self) { Foundation.tanh($0) }
        let y = out.detach()
        return out.recorded("tanh", [self]) { gradOutput in [gradOutput * unaryMap(y) { 1 - $0 * $0 }] }
    }

    /// max(x, 0) element-wise (PyTorch: `torch.relu`, `x.relu()`).
    public func relu() -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        reluForward(data, out.data, count: count)
        // The backward reads the output (out > 0 exactly where self > 0), as PyTorch's
        // does, so the input (often a batch norm's output) can be freed after the forward.
        // It holds the output's storage, not the tensor: the tensor holds this closure.
        let saved = out.storage, savedOffset = out.offset
        return out.recorded("relu", [self]) { gradOutput in
            let gx = Tensor(uninitializedShape: gradOutput.shape)
            reluBackward(gradOutput.data, saved.base + savedOffset, gx.data, count: gradOutput.count)
            return [gx]
        }
    }

    /// Limits every element to [min, max] (`clamp`); either bound may be omitted.
    public func clamp(min lo: Float = -.infinity, max hi: Float = .infinity) -> Tensor {
        unaryMap(self) { Swift.min(Swift.max($0, lo), hi) }.recorded("clamp", [self]) { gradOutput in
            [binaryMap(gradOutput, self) { gv, x in x >= lo && x <= hi ? gv : 0 }]
        }
    }
}

// Free-function spellings, as torch.relu(x) / torch.sigmoid(x) / F.relu(x).
/// max(x, 0) element-wise (PyTorch: `torch.relu(x)`, `F.relu(x)`).
public func relu(_ x: Tensor) -> Tensor { x.relu() }
/// 1 / (1 + e^-x) element-wise (PyTorch: `torch.sigmoid(x)`).
public func sigmoid(_ x: Tensor) -> Tensor { x.sigmoid() }
/// Hyperbolic tangent element-wise (PyTorch: `torch.tanh(x)`).
public func tanh(_ x: Tensor) -> Tensor { x.tanh() }
/// e^x element-wise (PyTorch: `torch.exp(x)`).
public func exp(_ x: Tensor) -> Tensor { x.exp() }
/// Natural logarithm element-wise (PyTorch: `torch.log(x)`).
public func log(_ x: Tensor) -> Tensor { x.log() }
/// Square root element-wise (PyTorch: `torch.sqrt(x)`).
public func sqrt(_ x: Tensor) -> Tensor { x.sqrt() }
/// |x| elementwise (`torch.abs(x)`).
public func abs(_ x: Tensor) -> Tensor { x.abs() }
/// Limits every element to [min, max] (`torch.clamp(x, min, max)`).
public func clamp(_ x: Tensor, min lo: Float = -.infinity, max hi: Float = .infinity) -> Tensor { x.clamp(min: lo, max: hi) }
