/// An n-dimensional array of Float32 values, row-major and contiguous, with
/// reverse-mode automatic differentiation (like `torch.Tensor`).
///
/// Tensors have reference semantics, as in PyTorch: `let b = a` names the same tensor,
/// and `a -= x` updates it in place. Views (`view`, `reshape`, `x[i]`, `x[a..<b]`)
/// share storage with the tensor they come from.
///
/// Integer data (labels, indices) is stored as Float32 too: exact up to 2^24.
public final class Tensor {
    /// The buffer this tensor's elements live in (possibly shared with other views).
    /// (A `var` only so that `hasUniqueStorage` can ask Swift's reference count; never reassigned,
    /// so its reads skip the run-time exclusivity check a class's `var` would otherwise get.)
    @exclusivity(unchecked) public private(set) var storage: Storage
    /// Where this tensor's first element sits in `storage`.
    public let offset: Int
    /// The size of each dimension, outermost first (NCHW for images).
    public let shape: [Int]
    /// The number of elements (`numel()` in PyTorch).
    public let count: Int

    /// The gradient accumulated by `backward()`, for tensors that require one.
    public var grad: Tensor?
    /// How this tensor was computed, when the computation is being recorded.
    public internal(set) var gradFn: GradFn?
    private var _requiresGrad = false
    /// True for tensors computed by a recorded op (even after backward freed the graph).
    var isOpOutput = false

    /// A contiguous tensor of `shape` over `storage`, starting at element `offset`; shares the storage.
    public init(storage: Storage, offset: Int = 0, shape: [Int]) {
        let n = shape.reduce(1, *)
        require(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        require(offset >= 0 && offset + n <= storage.count,
                "a view of \(shape) at offset \(offset) does not fit in storage of \(storage.count)")
        self.storage = storage
        self.offset = offset
        self.shape = shape
        self.count = n
    }

    /// Whether this tensor is the only holder of its storage: no view, detached copy or other
    /// reference to the `Storage` shares its elements.
    var hasUniqueStorage: Bool { isKnownUniquelyReferenced(&storage) }

    /// A new tensor with uninitialised contents: every element must be written.
    public convenience init(uninitializedShape shape: [Int]) {
        self.init(storage: Storage(uninitializedCount: shape.reduce(1, *)), shape: shape)
    }

    /// A tensor of `shape` filled with `value`.
    public convenience init(repeating value: Float, shape: [Int]) {
        self.init(storage: Storage(repeating: value, count: shape.reduce(1, *)), shape: shape)
    }

    /// A tensor holding `scalars` (row-major) reshaped to `shape`.
    public convenience init(_ scalars: [Float], shape: [Int]) {
        require(scalars.count == shape.reduce(1, *),
                "\(scalars.count) values cannot fill shape \(shape)")
        self.init(uninitializedShape: shape)
        scalars.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: scalars.count) }
    }

    /// Pointer to the first element. Elements are contiguous, row-major.
    @inline(__always) public var data: UnsafeMutablePointer<Float> { storage.base + offset }

    /// The number of dimensions.
    public var rank: Int { shape.count }
    /// `dim()` in PyTorch.
    public func dim() -> Int { shape.count }
    /// `numel()` in PyTorch.
    public func numel() -> Int { count }
    /// The size of dimension `d` (negative counts from the end), as `x.size(d)` / `x.shape[d]`.
    public func size(_ d: Int) -> Int { shape[normalizedDim(d)] }
    /// Always "float32": the engine computes in single precision.
    public var dtype: String { "float32" }

    /// The strides of a contiguous row-major tensor of this shape, in elements.
    public var strides: [Int] { contiguousStrides(shape) }

    /// The values, row-major, as a Swift array.
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }

    /// The value of a one-element tensor.
    public func item() -> Float {
        require(count == 1, "item() needs a tensor with one element, not shape \(shape)")
        return data[0]
    }

    /// Whether operations on this tensor are recorded for `backward()`.
    /// Only leaf tensors (created by the user, not by an op) may have it set.
    public var requiresGrad: Bool {
        get { _requiresGrad }
        set {
            require(!isOpOutput || newValue,
                    "requiresGrad can only be turned off on a leaf tensor; use detach()")
            _requiresGrad = newValue
        }
    }

    /// Sets `requiresGrad` and returns the tensor, as `requires_grad_()` does in PyTorch.
    @discardableResult
    public func requiresGrad_(_ flag: Bool = true) -> Tensor {
        requiresGrad = flag
        return self
    }

    /// True for tensors not produced by a recorded operation.
    public var isLeaf: Bool { !isOpOutput }

    /// Turns a dimension index that may be negative (-1 = last) into 0..<rank.
    @inline(__always)
    public func normalizedDim(_ d: Int, rank r: Int? = nil) -> Int {
        let r = r ?? rank
        let nd = d < 0 ? d + r : d
        require(nd >= 0 && nd < Swift.max(r, 1), "dimension \(d) is out of range for a tensor of rank \(r)")
        return nd
    }
}

/// Row-major strides for `shape`.
@inline(__always)
public func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var s = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[i] = s
        s *= shape[i]
    }
    return strides
}
