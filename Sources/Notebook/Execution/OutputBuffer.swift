import Foundation

/// A step's captured output: bytes as they came, capped so a chatty training loop cannot fill
/// the cache (the start and the end are kept, the middle is left out).
struct OutputBuffer {
    static let halfLimit = 256 * 1024
    private var head = Data()
    private var tail = Data()
    private var leftOut = 0

    mutating func append(_ chunk: Data) {
        if head.count < Self.halfLimit {
            let room = Self.halfLimit - head.count
            head.append(chunk.prefix(room))
            if chunk.count > room { tail.append(chunk.dropFirst(room)) }
        } else {
            tail.append(chunk)
        }
        if tail.count > 2 * Self.halfLimit {
            let extra = tail.count - Self.halfLimit
            leftOut += extra
            tail = Data(tail.dropFirst(extra))
        }
    }

    /// The output as text, with carriage-return progress updates reduced to their final state
    /// (`epoch 1: 10%\repoch 1: 20%\n` reads `epoch 1: 20%`).
    var text: String {
        var data = head
        if leftOut > 0 { data.append(Data("\n[… \(leftOut) bytes of output left out …]\n".utf8)) }
        data.append(tail)
        return Self.collapsingCarriageReturns(String(decoding: data, as: UTF8.self))
    }

    static func collapsingCarriageReturns(_ text: String) -> String {
        guard text.unicodeScalars.contains("\r") else { return text }
        return text.scalarLines.map { line -> String in
            var scalars = line.unicodeScalars[...]
            if scalars.last == "\r" { scalars = scalars.dropLast() }
            if let last = scalars.lastIndex(of: "\r") { scalars = scalars[scalars.index(after: last)...] }
            return String(String.UnicodeScalarView(scalars))
        }.joined(separator: "\n")
    }
}

extension String {
    /// The text split at every newline scalar (unlike `split(separator: "\n")`, which sees "\r\n"
    /// as one character and would not split there).
    var scalarLines: [String] {
        unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
    }
}
