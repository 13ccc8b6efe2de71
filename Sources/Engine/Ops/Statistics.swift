// Variance and standard deviation, with PyTorch's `dim`, `keepdim`, `unbiased` and
// `correction` arguments (`torch.var`, `torch.std`).
//
// The divisor is N - correction, where N counts the reduced elements: correction 1 (the
// default, `unbiased: true`) is Bessel's sample variance, 0 (`unbiased: false`) the
// population variance. As in PyTorch, a divisor ≤ 0 gives inf or NaN rather than an error.
//
// `var` is PyTorch's name; it is a Swift keyword, so the methods are `variance`, and
// `x.var(...)` is an alias (Swift accepts keywords after a dot).

extension Tensor {
    /// Variance over `dims` with divisor N - `correction` (`torch.var(x, dims, correction=c)`).
    /// Differentiable: composed of recorded ops.
    public func variance(dims: [Int], correction: Int, keepdim: Bool = false) -> Tensor {
        // A 0-d tensor is one element: treat it as [1] so that there is a dimension to reduce.
        if rank == 0 {
            let v = reshape([1]).variance(dims: [0], correction: correction, keepdim: false)
            return v
        }
        let reduced = Set(dims.map { normalizedDim($0) })
        let n = reduced.reduce(1) { $0 * shape[$1] }
        let centered = self - mean(dims: Array(reduced), keepdim: true)
        return (centered * centered).sum(dims: Array(reduced), keepdim: keepdim) / Float(Swift.max(0, n - correction))
    }

    /// Variance over `dims`, unbiased (divisor N - 1) unless `unbiased: false` (divisor N).
    public func variance(dims: [Int], unbiased: Bool = true, keepdim: Bool = false) -> Tensor {
        variance(dims: dims, correction: unbiased ? 1 : 0, keepdim: keepdim)
    }

    /// Variance along `dim`, or of all elements when `dim` is nil (`x.var(dim, correction=c)`).
    public func variance(dim: Int? = nil, correction: Int, keepdim: Bool = false) -> Tensor {
        variance(dims: dim.map { [$0] } ?? Array(0..<rank), correction: correction, keepdim: keepdim)
    }

    /// Variance along `dim`, or of all elements when `dim` is nil; unbiased by default
    /// (`x.var()`, `x.var(1, keepdim=True)`, `x.var(0, unbiased=False)`).
    public func variance(dim: Int? = nil, unbiased: Bool = true, keepdim: Bool = false) -> Tensor {
        variance(dim: dim, correction: unbiased ? 1 : 0, keepdim: keepdim)
    }

    /// Standard deviation over `dims` with divisor N - `correction` (`torch.std`).
    public func std(dims: [Int], correction: Int, keepdim: Bool = false) -> Tensor {
        variance(dims: dims, correction: correction, keepdim: keepdim).sqrt()
    }

    /// Standard deviation over `dims`, unbiased unless `unbiased: false`.
    public func std(dims: [Int], unbiased: Bool = true, keepdim: Bool = false) -> Tensor {
        std(dims: dims, correction: unbiased ? 1 : 0, keepdim: keepdim)
    }

    /// Standard deviation along `dim`, or of all elements when nil, divisor N - `correction`.
    public func std(dim: Int? = nil, correction: Int, keepdim: Bool = false) -> Tensor {
        variance(dim: dim, correction: correction, keepdim: keepdim).sqrt()
    }

    /// Standard deviation along `dim`, or of all elements when nil; unbiased by default
    /// (`x.std()`, `x.std(1, keepdim=True)`, `x.std(0, unbiased=False)`).
    public func std(dim: Int? = nil, unbiased: Bool = true, keepdim: Bool = false) -> Tensor {
        std(dim: dim, correction: unbiased ? 1 : 0, keepdim: keepdim)
    }

    // `var`, PyTorch's spelling: aliases of `variance`.

    /// Alias of `variance(dim:unbiased:keepdim:)`, PyTorch's `x.var(...)`.
    public func `var`(dim: Int? = nil, unbiased: Bool = true, keepdim: Bool = false) -> Tensor {
        variance(dim: dim, unbiased: unbiased, keepdim: keepdim)
    }

    /// Alias of `variance(dim:correction:keepdim:)`, PyTorch's `x.var(dim, correction=c)`.
    public func `var`(dim: Int? = nil, correction: Int, keepdim: Bool = false) -> Tensor {
        variance(dim: dim, correction: correction, keepdim: keepdim)
    }

    /// Alias of `variance(dims:unbiased:keepdim:)`.
    public func `var`(dims: [Int], unbiased: Bool = true, keepdim: Bool = false) -> Tensor {
        variance(dims: dims, unbiased: unbiased, keepdim: keepdim)
    }

    /// Alias of `variance(dims:correction:keepdim:)`.
    public func `var`(dims: [Int], correction: Int, keepdim: Bool = false) -> Tensor {
        variance(dims: dims, correction: correction, keepdim: keepdim)
    }
}
