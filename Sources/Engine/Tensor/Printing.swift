import Foundation

// Printing tensors the way PyTorch does:
//   tensor([[ 0.1000, -2.0000],
//           [ 3.5000,  4.0000]], requires_grad=True)

extension Tensor: CustomStringConvertible {
    public var description: String {
        var suffix = ""
        if let fn = gradFn { suffix = ", grad_fn=<\(fn.name)>" }
        else if requiresGrad { suffix = ", requires_grad=True" }
        if count == 0 { return "tensor([], size=\(shapeDescription))" }
        let format = ScalarFormat(self)
        let summarize = count > 1000
        let body = render(dim: 0, offset: 0, format: format, indent: 7, summarize: summarize)
        let sizeNote = summarize ? ", size=\(shapeDescription)" : ""
        return "tensor(\(body)\(sizeNote)\(suffix))"
    }

    /// The shape as PyTorch prints it: `[2, 3]`.
    public var shapeDescription: String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    private func render(dim: Int, offset: Int, format: ScalarFormat, indent: Int, summarize: Bool) -> String {
        if dim == rank { return format.string(data[offset]) }
        let n = shape[dim]
        let inner = shape[(dim + 1)...].reduce(1, *)
        let edge = 3
        let shown: [Int?] = summarize && n > 2 * edge
            ? Array(0..<edge) + [nil] + Array((n - edge)..<n)
            : Array(0..<n)
        let parts = shown.map { i -> String in
            guard let i else { return "..." }
            return render(dim: dim + 1, offset: offset + i * inner, format: format, indent: indent + 1, summarize: summarize)
        }
        if dim == rank - 1 { return "[" + parts.joined(separator: ", ") + "]" }
        let separator = "," + String(repeating: "\n", count: rank - dim - 1) + String(repeating: " ", count: indent + 1)
        return "[" + parts.joined(separator: separator) + "]"
    }
}

/// One number format for a whole tensor, as PyTorch chooses it: integers as `3.`,
/// otherwise 4 decimals, or scientific notation when magnitudes are very large or small.
private struct ScalarFormat {
    enum Style { case integer, fixed, scientific }
    let style: Style
    let width: Int

    init(_ t: Tensor) {
        let values = UnsafeBufferPointer(start: t.data, count: t.count).filter { $0.isFinite }
        let magnitudes = values.map { Swift.abs($0) }.filter { $0 > 0 }
        if values.allSatisfy({ $0 == $0.rounded() }) && (magnitudes.max() ?? 0) < 1e8 {
            style = .integer
        } else if let lo = magnitudes.min(), let hi = magnitudes.max(), hi / lo > 1000 && (hi > 1e8 || lo < 1e-4) {
            style = .scientific
        } else {
            style = .fixed
        }
        var w = 0
        let probe = Array(UnsafeBufferPointer(start: t.data, count: t.count).prefix(10_000))
        for v in probe { w = Swift.max(w, Self.raw(v, style).count) }
        width = w
    }

    static func raw(_ v: Float, _ style: Style) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        switch style {
        case .integer: return String(format: "%.0f.", v)
        case .fixed: return String(format: "%.4f", v)
        case .scientific: return String(format: "%.4e", v)
        }
    }

    func string(_ v: Float) -> String {
        let s = Self.raw(v, style)
        return String(repeating: " ", count: Swift.max(0, width - s.count)) + s
    }
}
