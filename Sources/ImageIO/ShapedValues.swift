/// A block of numbers with a shape, row-major: what Plot draws from an Engine `Tensor`
/// (`fig.plot(x, y)`, `fig.imshow(image)` with tensors).
///
/// It lives here because ImageIO is the one module that both Engine and Plot build on:
/// Engine's `Tensor` conforms, and Plot accepts any conforming value, so neither of the two
/// has to import the other.
public protocol ShapedValues {
    /// The size of each dimension, outermost first.
    var valuesShape: [Int] { get }
    /// Every value, row-major.
    var valuesRowMajor: [Float] { get }
}
