// Turning tensors into Swift values, as `tolist()`, `item()` and `float(x)` do in Python.
// The primary spellings are `scalars` (every value, row-major) and `item()` (the one value);
// the others are aliases kept so that PyTorch habits compile.

extension Tensor {
    /// The values as a Swift array, row-major: an alias of `scalars` (`x.tolist()`).
    ///
    /// Unlike PyTorch's, the result is always flat, `[Float]`: Swift arrays have one static
    /// type, so a [2, 3] tensor gives its 6 values in row order. `rows` gives `[[Float]]`.
    public func tolist() -> [Float] { scalars }

    /// The rows of a matrix as nested Swift arrays (`x.tolist()` of a 2-d tensor).
    public var rows: [[Float]] {
        require(rank == 2, "rows needs a matrix (rank 2), not shape \(shape); scalars gives every value")
        let values = scalars, width = shape[1]
        return (0..<shape[0]).map { r in Array(values[(r * width)..<((r + 1) * width)]) }
    }

    /// The tensor itself (`x.float()`): every tensor is already Float32, so there is nothing
    /// to convert. Kept so that `x.float()` from PyTorch compiles and means what it meant.
    public func float() -> Tensor { self }
}

extension Float {
    /// The value of a one-element tensor, as Python's `float(loss)`: an alias of `item()`.
    public init(_ tensor: Tensor) { self = tensor.item() }
}

extension Double {
    /// The value of a one-element tensor as a Double (`float(loss)` for Swift's default type).
    public init(_ tensor: Tensor) { self = Double(tensor.item()) }
}

import ImageIO

/// Tensors are what Plot draws: `fig.plot(x, y)` and `fig.imshow(t)` take them directly.
extension Tensor: ShapedValues {
    /// The tensor's shape, for Plot.
    public var valuesShape: [Int] { shape }
    /// The tensor's values (`scalars`), for Plot.
    public var valuesRowMajor: [Float] { scalars }
}
