// Comparisons give masks of 0 and 1 (PyTorch's bool tensors, stored as Float32);
// `Tensor.where` picks between two tensors with a mask. Masks carry no gradient.

extension Tensor {
    /// Element-wise equality mask, 1 where equal, with broadcasting (PyTorch: `torch.eq`, `a == b`).
    public static func == (a: Tensor, b: Tensor) -> Tensor { binaryMap(a, b) { $0 == $1 ? 1 : 0 } }
    /// Element-wise inequality mask, with broadcasting (PyTorch: `torch.ne`, `a != b`).
    public static func != (a: Tensor, b: Tensor) -> Tensor { binaryMap(a, b) { $0 != $1 ? 1 : 0 } }
    /// Element-wise less-than mask, with broadcasting (PyTorch: `torch.lt`, `a < b`).
    public static func < (a: Tensor, b: Tensor) -> Tensor { binaryMap(a, b) { $0 < $1 ? 1 : 0 } }
    /// Element-wise less-or-equal mask, with broadcasting (PyTorch: `torch.le`, `a <= b`).
    public static func <= (a: Tensor, b: Tensor) -> Tensor { binaryMap(a, b) { $0 <= $1 ? 1 : 0 } }
    /// Element-wise greater-than mask, with broadcasting (PyTorch: `torch.gt`, `a > b`).
    public static func > (a: Tensor, b: Tensor) -> Tensor { binaryMap(a, b) { $0 > $1 ? 1 : 0 } }
    /// Element-wise greater-or-equal mask, with broadcasting (PyTorch: `torch.ge`, `a >= b`).
    public static func >= (a: Tensor, b: Tensor) -> Tensor { binaryMap(a, b) { $0 >= $1 ? 1 : 0 } }

    /// Mask of the elements equal to a scalar (PyTorch: `torch.eq`, `a == s`).
    public static func == (a: Tensor, s: Float) -> Tensor { unaryMap(a) { $0 == s ? 1 : 0 } }
    /// Mask of the elements not equal to a scalar (PyTorch: `torch.ne`, `a != s`).
    public static func != (a: Tensor, s: Float) -> Tensor { unaryMap(a) { $0 != s ? 1 : 0 } }
    /// Mask of the elements below a scalar (PyTorch: `torch.lt`, `a < s`).
    public static func < (a: Tensor, s: Float) -> Tensor { unaryMap(a) { $0 < s ? 1 : 0 } }
    /// Mask of the elements at most a scalar (PyTorch: `torch.le`, `a <= s`).
    public static func <= (a: Tensor, s: Float) -> Tensor { unaryMap(a) { $0 <= s ? 1 : 0 } }
    /// Mask of the elements above a scalar (PyTorch: `torch.gt`, `a > s`).
    public static func > (a: Tensor, s: Float) -> Tensor { unaryMap(a) { $0 > s ? 1 : 0 } }
    /// Mask of the elements at least a scalar (PyTorch: `torch.ge`, `a >= s`).
    public static func >= (a: Tensor, s: Float) -> Tensor { unaryMap(a) { $0 >= s ? 1 : 0 } }

    /// Elementwise `condition ? a : b` (`torch.where`); the three shapes broadcast together.
    /// Gradients flow to `a` where the condition holds and to `b` elsewhere.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let shape = broadcastShape(condition.shape, broadcastShape(a.shape, b.shape))
        let c = condition.expand(shape), x = a.expand(shape), y = b.expand(shape)
        let out = Tensor(uninitializedShape: shape)
        let pc = c.data, px = x.data, py = y.data, po = out.data
        for i in 0..<out.count { po[i] = pc[i] != 0 ? px[i] : py[i] }
        return out.recorded("where", [a, b]) { gradOutput in
            [binaryMap(gradOutput, c) { gv, m in m != 0 ? gv : 0 }.sumToShape(a.shape),
             binaryMap(gradOutput, c) { gv, m in m != 0 ? 0 : gv }.sumToShape(b.shape)]
        }
    }

    /// Element-wise `condition ? a : b` with a scalar `b` (PyTorch: `torch.where(c, a, b)`).
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Float) -> Tensor {
        Tensor.where(condition, a, Tensor(b))
    }

    /// Element-wise `condition ? a : b` with a scalar `a` (PyTorch: `torch.where(c, a, b)`).
    public static func `where`(_ condition: Tensor, _ a: Float, _ b: Tensor) -> Tensor {
        Tensor.where(condition, Tensor(a), b)
    }

    /// True when every element is nonzero.
    public func all() -> Bool { (0..<count).allSatisfy { data[$0] != 0 } }
    /// True when some element is nonzero.
    public func any() -> Bool { (0..<count).contains { data[$0] != 0 } }

    /// Whether two tensors have the same shape and values within tolerance (`torch.allclose`).
    public func allclose(_ other: Tensor, rtol: Float = 1e-5, atol: Float = 1e-8) -> Bool {
        guard shape == other.shape else { return false }
        for i in 0..<count where Swift.abs(data[i] - other.data[i]) > atol + rtol * Swift.abs(other.data[i]) {
            return false
        }
        return true
    }
}
