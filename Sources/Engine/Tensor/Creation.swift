// Creating tensors, as torch.zeros / ones / full / arange / tensor(...) do.

/// Zeros of `shape` (`torch.zeros`); `requiresGrad: true` makes it a leaf that autograd tracks.
public func zeros(_ shape: Int..., requiresGrad: Bool = false) -> Tensor { zeros(shape, requiresGrad: requiresGrad) }
/// Zeros of `shape` given as an array.
public func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
    Tensor(repeating: 0, shape: shape).requiresGrad_(requiresGrad)
}
/// Ones of `shape` (`torch.ones`).
public func ones(_ shape: Int..., requiresGrad: Bool = false) -> Tensor { ones(shape, requiresGrad: requiresGrad) }
/// Ones of `shape` given as an array.
public func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
    Tensor(repeating: 1, shape: shape).requiresGrad_(requiresGrad)
}
/// `value` everywhere in `shape` (`torch.full`).
public func full(_ shape: [Int], _ value: Float, requiresGrad: Bool = false) -> Tensor {
    Tensor(repeating: value, shape: shape).requiresGrad_(requiresGrad)
}

// The `*Like` family (`torch.zeros_like` …): a new tensor shaped like `t`, never sharing its
// storage or its `requiresGrad`. The random ones (`randnLike`, `randLike`) are in Random.swift.

/// Zeros shaped like `t` (`torch.zeros_like`).
public func zerosLike(_ t: Tensor, requiresGrad: Bool = false) -> Tensor { zeros(t.shape, requiresGrad: requiresGrad) }
/// Ones shaped like `t` (`torch.ones_like`).
public func onesLike(_ t: Tensor, requiresGrad: Bool = false) -> Tensor { ones(t.shape, requiresGrad: requiresGrad) }
/// `value` everywhere, shaped like `t` (`torch.full_like`).
public func fullLike(_ t: Tensor, _ value: Float, requiresGrad: Bool = false) -> Tensor {
    full(t.shape, value, requiresGrad: requiresGrad)
}

/// 0, 1, …, end-1 (`torch.arange(end)`).
public func arange(_ end: Int) -> Tensor { arange(0, Float(end), 1) }

/// start, start+step, … below end (`torch.arange(start, end, step)`).
public func arange(_ start: Float, _ end: Float, _ step: Float = 1) -> Tensor {
    require(step != 0, "arange step must not be zero")
    let n = max(0, Int(((end - start) / step).rounded(.up)))
    let t = Tensor(uninitializedShape: [n])
    for i in 0..<n { t.data[i] = start + Float(i) * step }
    return t
}

/// `steps` evenly spaced values from start to end inclusive (`torch.linspace`).
public func linspace(_ start: Float, _ end: Float, _ steps: Int) -> Tensor {
    let t = Tensor(uninitializedShape: [steps])
    for i in 0..<steps {
        t.data[i] = steps == 1 ? start : start + (end - start) * Float(i) / Float(steps - 1)
    }
    return t
}

/// The n x n identity matrix.
public func eye(_ n: Int) -> Tensor {
    let t = zeros(n, n)
    for i in 0..<n { t.data[i * n + i] = 1 }
    return t
}

extension Tensor {
    /// A scalar (rank-0) tensor; `requiresGrad: true` as `torch.tensor(2., requires_grad=True)`.
    public convenience init(_ value: Float, requiresGrad: Bool = false) {
        self.init([value], shape: [])
        requiresGrad_(requiresGrad)
    }

    /// A vector, as `torch.tensor([1, 2, 3])`.
    public convenience init(_ values: [Float], requiresGrad: Bool = false) {
        self.init(values, shape: [values.count])
        requiresGrad_(requiresGrad)
    }

    /// A matrix from rows of equal length.
    public convenience init(_ rows: [[Float]], requiresGrad: Bool = false) {
        let cols = rows.first?.count ?? 0
        require(rows.allSatisfy { $0.count == cols }, "rows of different lengths")
        self.init(rows.flatMap { $0 }, shape: [rows.count, cols])
        requiresGrad_(requiresGrad)
    }

    /// A rank-3 tensor from nested arrays of equal lengths.
    public convenience init(_ planes: [[[Float]]]) {
        let rows = planes.first?.count ?? 0
        let cols = planes.first?.first?.count ?? 0
        require(planes.allSatisfy { $0.count == rows && $0.allSatisfy { $0.count == cols } },
                "nested arrays of different lengths")
        self.init(planes.flatMap { $0.flatMap { $0 } }, shape: [planes.count, rows, cols])
    }

    /// Integers (labels, indices) as a Float32 vector.
    public convenience init(_ values: [Int]) { self.init(values.map(Float.init), shape: [values.count]) }

    /// Bytes as floats (0...255), shaped as given; `scale` multiplies each (1/255 gives [0, 1]).
    public convenience init(bytes: UnsafeBufferPointer<UInt8>, shape: [Int], scale: Float = 1) {
        require(bytes.count == shape.reduce(1, *), "\(bytes.count) bytes cannot fill shape \(shape)")
        self.init(uninitializedShape: shape)
        let d = data
        for i in 0..<bytes.count { d[i] = Float(bytes[i]) * scale }
    }

    /// A copy with its own storage (`clone()`); differentiable.
    public func clone() -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        out.data.update(from: data, count: count)
        return out.recorded("clone", [self]) { gradOutput in [gradOutput] }
    }

    /// Fills with zeros in place (`zero_()`), not recorded.
    @discardableResult
    public func zero_() -> Tensor { requireInPlaceAllowed(); data.update(repeating: 0, count: count); return self }

    /// Fills with `value` in place (`fill_()`), not recorded.
    @discardableResult
    public func fill_(_ value: Float) -> Tensor { requireInPlaceAllowed(); data.update(repeating: value, count: count); return self }

    /// Copies `other`'s values into this tensor in place (`copy_()`), not recorded.
    public func copy_(_ other: Tensor) {
        require(other.count == count, "copy_ from \(other.shape) into \(shape)")
        requireInPlaceAllowed()
        data.update(from: other.data, count: count)
    }
}
