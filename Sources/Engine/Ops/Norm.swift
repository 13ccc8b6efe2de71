import Foundation

// Vector p-norms (`x.norm(p, dim, keepdim)`, `torch.linalg.vector_norm`), with gradients.

extension Tensor {
    /// The p-norm (Σ|x|^p)^(1/p) of all elements, or along `dim` (`x.norm()`, `x.norm(p=1, dim=1)`).
    /// `p` is 2 by default (the Euclidean or Frobenius norm); any p > 0 works, and
    /// `.infinity` gives max |x|.
    public func norm(p: Float = 2, dim: Int? = nil, keepdim: Bool = false) -> Tensor {
        norm(p: p, dims: dim.map { [$0] } ?? Array(0..<rank), keepdim: keepdim)
    }

    /// The p-norm over several dimensions (`x.norm(p, dim=(0, 1))`).
    ///
    /// The gradient is PyTorch's: sign(x)·|x|^(p-1) / norm^(p-1), 0 where the norm is 0 (the
    /// norm has no slope at the origin; 0 is the subgradient PyTorch picks). For p = ∞ the
    /// gradient is shared equally by the elements that tie for the largest |x|.
    public func norm(p: Float = 2, dims: [Int], keepdim: Bool = false) -> Tensor {
        require(p > 0, "norm: p must be positive (or .infinity), got \(p)")
        if rank == 0 { return abs() }
        let reduced = Set(dims.map { normalizedDim($0) }).sorted()
        let x = detach()
        // Reduced dimensions kept as size 1, so the norm broadcasts back over the input.
        let kept: Tensor = noGrad {
            if p == .infinity {
                var m = x.abs()
                for d in reduced { m = m.max(dim: d, keepdim: true).values }
                return m
            }
            let powered = p == 1 ? x.abs() : (p == 2 ? x * x : unaryMap(x) { Foundation.pow(Swift.abs($0), p) })
            let total = powered.sum(dims: reduced, keepdim: true)
            return p == 1 ? total : (p == 2 ? total.sqrt() : unaryMap(total) { Foundation.pow($0, 1 / p) })
        }
        let finalShape = keepdim ? kept.shape : shape.indices.filter { !reduced.contains($0) }.map { shape[$0] }
        let out = kept.reshape(finalShape).detach()
        let keptShape = kept.shape
        return out.recorded("norm", [self]) { gradOutput in
            let gk = gradOutput.reshape(keptShape)
            if p == .infinity {
                // Elements at the maximum share the gradient equally.
                let atMax = binaryMap(x, kept) { Swift.abs($0) == $1 ? 1 : 0 }
                let ties = atMax.sum(dims: reduced, keepdim: true)
                return [gk * unaryMap(x) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) } * atMax / ties]
            }
            // sign(x)·|x|^(p-1) / n^(p-1), with 0 where n is 0.
            let numerator = unaryMap(x) { v in
                let s: Float = v > 0 ? 1 : (v < 0 ? -1 : 0)
                return p == 1 ? s : s * Foundation.pow(Swift.abs(v), p - 1)
            }
            let scale = unaryMap(kept) { n in n == 0 ? 0 : 1 / Foundation.pow(n, p - 1) }
            return [gk * numerator * scale]
        }
    }
}

/// The p-norm of all elements, or along `dim` (`torch.norm(x, p, dim)`).
public func norm(_ x: Tensor, p: Float = 2, dim: Int? = nil, keepdim: Bool = false) -> Tensor {
    x.norm(p: p, dim: dim, keepdim: keepdim)
}
