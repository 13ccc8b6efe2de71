import Foundation

/// Prose for the terminal: headings, **bold**, *emphasis*, `code` and links rendered with
/// ANSI styles on a terminal, and as plain text (markers removed) elsewhere, so step mode never
/// shows raw `**` or backticks. Tables, lists and quotes keep their layout.
public struct TerminalMarkdown: Sendable {
    /// Use ANSI colours and styles (only on a terminal).
    public var styled: Bool

    public init(styled: Bool) {
        self.styled = styled
    }

    public func render(_ markdown: String) -> String {
        var inFence = false
        return markdown.components(separatedBy: "\n").map { line in
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle(); return style(line, "2") }
            if inFence { return style(line, "36") }
            let level = line.prefix { $0 == "#" }.count
            if (1...6).contains(level), line.dropFirst(level).hasPrefix(" ") {
                let title = inline(String(line.dropFirst(level + 1)))
                // Plain text keeps the `#`s: they are how a heading reads without styles.
                return styled ? style(title, level == 1 ? "1;4" : "1") : String(line.prefix(level)) + " " + title
            }
            return inline(line)
        }.joined(separator: "\n")
    }

    /// Inline spans of one line.
    func inline(_ line: String) -> String {
        var out = ""
        var rest = Substring(line)
        while let first = rest.first {
            if first == "`", let end = rest.dropFirst().firstIndex(of: "`") {
                out += style(String(rest[rest.index(after: rest.startIndex)..<end]), "36")
                rest = rest[rest.index(after: end)...]
            } else if rest.hasPrefix("**") || rest.hasPrefix("__"), let end = rest.dropFirst(2).range(of: String(rest.prefix(2))) {
                out += style(inline(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound])), "1")
                rest = rest[end.upperBound...]
            } else if (first == "*" || first == "_"), rest.dropFirst().first.map({ $0 != " " && $0 != first }) ?? false,
                      let end = rest.dropFirst().firstIndex(of: first), first == "*" || isWordBoundary(rest, end) {
                out += style(inline(String(rest[rest.index(after: rest.startIndex)..<end])), "3")
                rest = rest[rest.index(after: end)...]
            } else if first == "!" || first == "[", let link = Self.link(rest) {
                out += (first == "!" ? "[image: " : "") + style(inline(link.text), "4") + (first == "!" ? "]" : "") + style(" (\(link.url))", "2")
                rest = rest[link.end...]
            } else {
                out.append(first)
                rest = rest.dropFirst()
            }
        }
        return out
    }

    private func isWordBoundary(_ text: Substring, _ index: Substring.Index) -> Bool {
        let after = text.index(after: index)
        return after == text.endIndex || !(text[after].isLetter || text[after].isNumber)
    }

    /// `[text](url)` or `![alt](url)` at the start of `text`.
    static func link(_ text: Substring) -> (text: String, url: String, end: Substring.Index)? {
        let start = text.first == "!" ? text.dropFirst() : text
        guard start.first == "[", let close = start.firstIndex(of: "]") else { return nil }
        let afterClose = start[start.index(after: close)...]
        guard afterClose.first == "(", let paren = afterClose.firstIndex(of: ")") else { return nil }
        return (String(start[start.index(after: start.startIndex)..<close]),
                String(afterClose[afterClose.index(after: afterClose.startIndex)..<paren]), afterClose.index(after: paren))
    }

    private func style(_ text: String, _ code: String) -> String {
        styled && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
