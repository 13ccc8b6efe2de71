// Creating tensors, as torch.zeros / ones / full / arange / tensor(...) do.

public func zeros(_ shape: Int...) -> Tensor { Tensor(repeating: 0, shape: shape) }
public func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }
public func ones(_ shape: Int...) -> Tensor { Tensor(repeating: 1, shape: shape) }
public func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }
public func full(_ shape: [Int], _ value: Float) -> Tensor { Tensor(repeating: value, shape: shape) }
public func zerosLike(_ t: Tensor) -> Tensor { Tensor(repeating: 0, shape: t.shape) }
public func onesLike(_ t: Tensor) -> Tensor { Tensor(repeating: 1, shape: t.shape) }

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
    /// A scalar (rank-0) tensor.
    public convenience init(_ value: Float) { self.init([value], shape: []) }

    /// A vector, as `torch.tensor([1, 2, 3])`.
    public convenience init(_ values: [Float]) { self.init(values, shape: [values.count]) }

    /// A matrix from rows of equal length.
    public convenience init(_ rows: [[Float]]) {
        let cols = rows.first?.count ?? 0
        require(rows.allSatisfy { $0.count == cols }, "rows of different lengths")
        self.init(rows.flatMap { $0 }, shape: [rows.count, cols])
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
        return out.recorded("clone", [self]) { g in [g] }
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
