/// A text split into lines, addressed by 1-based line numbers as editors show them.
struct SourceText {
    let lines: [Substring]

    init(_ text: String) {
        // Split on \n and drop a trailing \r so Windows line endings read the same.
        lines = text.scalarLines.map { line in
            line.unicodeScalars.last == "\r" ? Substring(line.unicodeScalars.dropLast()) : Substring(line)
        }
    }

    /// Line `number` (1-based), or "" past the end.
    subscript(number: Int) -> Substring {
        number >= 1 && number <= lines.count ? lines[number - 1] : ""
    }

    var count: Int { lines.count }

    /// Lines `from...through` (1-based, inclusive) joined with newlines.
    func slice(_ from: Int, _ through: Int) -> String {
        guard from <= through else { return "" }
        return (max(from, 1)...min(through, count)).map { String(self[$0]) }.joined(separator: "\n")
    }
}
