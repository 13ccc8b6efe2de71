/// Zeroes each element with probability `p` in training mode and scales the rest by
/// 1/(1-p), so evaluation needs no rescaling (`nn.Dropout`). The identity in eval mode.
public final class Dropout: Module {
    /// The probability of zeroing an element.
    public let p: Float
    /// Only shown in the description; the engine computes out of place.
    public let inplace: Bool

    /// `nn.Dropout(p=0.5)`.
    public init(p: Float = 0.5, inplace: Bool = false) {
        require(p >= 0 && p <= 1, "Dropout probability has to be between 0 and 1, but got \(p)")
        self.p = p
        self.inplace = inplace
        super.init()
    }

    /// `nn.Dropout(0.5)`.
    public convenience init(_ p: Float) { self.init(p: p) }

    public override func forward(_ x: Tensor) -> Tensor { dropout(x, p: p, training: isTraining) }
    public override var extraDescription: String { "p=\(p), inplace=\(PythonRepr.bool(inplace))" }
}
