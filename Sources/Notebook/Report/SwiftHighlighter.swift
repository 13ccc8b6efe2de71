/// A small Swift tokenizer for syntax highlighting in the report.
///
/// It knows what a reader's eye needs: keywords, types (capitalised identifiers), strings with
/// `\(…)` interpolation (whose contents are highlighted as code), multi-line and raw strings,
/// numbers, line and nested block comments, `#directives` and `@attributes`. Anything it does not
/// recognise is plain text, and the tokens always concatenate back to the exact input.
enum SwiftHighlighter {
    /// What a piece of code is, for colouring.
    enum Kind: String, Equatable {
        case plain, keyword, type, function, string, number, comment, directive, attribute
        /// The `\(` and `)` around an interpolated expression.
        case interpolation
    }

    struct Token: Equatable {
        var kind: Kind
        var text: String
    }

    static let keywords: Set<String> = [
        // declarations
        "associatedtype", "actor", "borrowing", "class", "consuming", "deinit", "enum", "extension",
        "fileprivate", "func", "import", "init", "inout", "internal", "let", "macro", "nonisolated",
        "open", "operator", "package", "precedencegroup", "private", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var",
        // statements
        "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough", "for",
        "guard", "if", "in", "repeat", "return", "switch", "throw", "throws", "where", "while",
        // expressions and types
        "Any", "as", "async", "await", "false", "is", "nil", "self", "Self", "super", "true", "try",
        "some", "any", "each",
        // contextual ones worth colouring
        "convenience", "didSet", "dynamic", "final", "get", "indirect", "lazy", "mutating",
        "nonmutating", "optional", "override", "required", "set", "unowned", "weak", "willSet",
    ]

    /// Splits `code` into tokens.
    static func tokenize(_ code: String) -> [Token] {
        var lexer = Lexer(Array(code.unicodeScalars))
        lexer.lexCode(insideInterpolation: false)
        return lexer.merged()
    }

    /// Highlighted HTML (`code.mustache`), one `<span class="line" data-line="N">` per source line
    /// (N counted from `firstLine`), with tokens that span lines (block comments, multi-line
    /// strings) closed and reopened at each line break so every line is well-formed on its own.
    static func html(_ code: String, firstLine: Int = 1, markedLines: Set<Int> = []) -> String {
        var lines: [[LineToken]] = [[]]
        for token in tokenize(code) {
            let parts = token.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, part) in parts.enumerated() {
                if i > 0 { lines.append([]) }
                guard !part.isEmpty else { continue }
                lines[lines.count - 1].append(LineToken(plain: token.kind == .plain, kind: token.kind.rawValue, text: String(part)))
            }
        }
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        return ReportTemplate.code.render(CodeView(lines: lines.enumerated().map { i, tokens in
            CodeLine(number: firstLine + i, marked: markedLines.contains(firstLine + i), tokens: tokens)
        }))
    }

    private struct CodeView {
        var lines: [CodeLine]
    }

    private struct CodeLine {
        var number: Int
        var marked: Bool
        var tokens: [LineToken]
    }

    private struct LineToken {
        /// Shown as text, without a `tok-` span.
        var plain: Bool
        var kind: String
        var text: String
    }

    private struct Lexer {
        let s: [Unicode.Scalar]
        var i = 0
        var tokens: [Token] = []

        init(_ scalars: [Unicode.Scalar]) { s = scalars }

        func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

        mutating func emit(_ kind: Kind, from start: Int, to end: Int? = nil) {
            let end = end ?? i
            guard start < end else { return }
            var text = ""
            text.unicodeScalars.append(contentsOf: s[start..<end])
            tokens.append(Token(kind: kind, text: text))
        }

        /// Adjacent tokens of the same kind joined, so the HTML has fewer spans.
        func merged() -> [Token] {
            var out: [Token] = []
            for t in tokens {
                if let last = out.last, last.kind == t.kind, t.kind != .interpolation {
                    out[out.count - 1].text += t.text
                } else {
                    out.append(t)
                }
            }
            return out
        }

        /// Lexes code until the end, or (inside `\(…)`) until the `)` that closes the interpolation,
        /// which is left for the caller.
        mutating func lexCode(insideInterpolation: Bool) {
            var depth = 0
            var plainStart = i
            while let c = peek() {
                let start = i
                // Plain text up to `start`, before a token of another kind.
                func flushPlain(_ lexer: inout Lexer) { lexer.emit(.plain, from: plainStart, to: start) }
                if c == "(" { depth += 1; i += 1; continue }
                if c == ")" {
                    if insideInterpolation && depth == 0 { emit(.plain, from: plainStart); return }
                    depth -= 1; i += 1; continue
                }
                if c == "/" && peek(1) == "/" {
                    flushPlain(&self)
                    while let d = peek(), d != "\n" { i += 1 }
                    emit(.comment, from: start)
                } else if c == "/" && peek(1) == "*" {
                    flushPlain(&self)
                    lexBlockComment()
                    emit(.comment, from: start)
                } else if c == "\"" || (c == "#" && isRawStringStart()) {
                    flushPlain(&self)
                    lexString()
                } else if c == "#" && peek(1).map(isIdentifierHead) == true {
                    flushPlain(&self)
                    i += 1
                    while let d = peek(), isIdentifierBody(d) { i += 1 }
                    emit(.directive, from: start)
                } else if c == "@" && peek(1).map(isIdentifierHead) == true {
                    flushPlain(&self)
                    i += 1
                    while let d = peek(), isIdentifierBody(d) { i += 1 }
                    emit(.attribute, from: start)
                } else if isDigit(c) && !previousIsIdentifierBody(start) {
                    flushPlain(&self)
                    lexNumber()
                    emit(.number, from: start)
                } else if c == "$" {
                    // `$0`, `$value`: closure arguments and projected values read as names.
                    i += 1
                    while let d = peek(), isIdentifierBody(d) { i += 1 }
                    continue
                } else if c == "`" {
                    // `default` used as a name: plain, whatever the word is.
                    i += 1
                    while let d = peek(), d != "`", d != "\n" { i += 1 }
                    if peek() == "`" { i += 1 }
                    continue
                } else if isIdentifierHead(c) {
                    while let d = peek(), isIdentifierBody(d) { i += 1 }
                    var word = ""
                    word.unicodeScalars.append(contentsOf: s[start..<i])
                    var kind = classify(word, afterDot: previousNonSpace(start) == ".")
                    // A lower-case name right before `(` is a function or method being called
                    // or declared: `relu(x)`, `model.eval()`, `func train(`.
                    if kind == .plain && peek() == "(" { kind = .function }
                    guard kind != .plain else { continue }
                    flushPlain(&self)
                    emit(kind, from: start)
                } else {
                    i += 1
                    continue
                }
                plainStart = i
            }
            emit(.plain, from: plainStart)
        }

        func classify(_ word: String, afterDot: Bool) -> Kind {
            // After a dot, a keyword is a member name (`.default`, `x.in`), except these.
            if afterDot { return ["init", "self", "Type", "Protocol"].contains(word) ? .keyword : typeOrPlain(word) }
            if SwiftHighlighter.keywords.contains(word) { return .keyword }
            return typeOrPlain(word)
        }

        func typeOrPlain(_ word: String) -> Kind {
            guard let first = word.unicodeScalars.first else { return .plain }
            return ("A"..."Z").contains(first) ? .type : .plain
        }

        mutating func lexBlockComment() {
            var depth = 0
            while let c = peek() {
                if c == "/" && peek(1) == "*" { depth += 1; i += 2; continue }
                if c == "*" && peek(1) == "/" {
                    depth -= 1; i += 2
                    if depth == 0 { return }
                    continue
                }
                i += 1
            }
        }

        /// `#"…"#`, `##"…"##`, `#"""…"""#`.
        func isRawStringStart() -> Bool {
            var k = 0
            while peek(k) == "#" { k += 1 }
            return peek(k) == "\""
        }

        /// A string literal (plain, raw or multi-line), emitting string tokens and, for each
        /// interpolation, its delimiters and the highlighted expression inside.
        mutating func lexString() {
            var start = i
            var hashes = 0
            while peek() == "#" { hashes += 1; i += 1 }
            let multiline = peek() == "\"" && peek(1) == "\"" && peek(2) == "\""
            i += multiline ? 3 : 1
            while let c = peek() {
                if c == "\\" && hashesFollow(hashes, at: i + 1) {
                    let afterHashes = i + 1 + hashes
                    if afterHashes < s.count && s[afterHashes] == "(" {
                        emit(.string, from: start)
                        let open = i
                        i = afterHashes + 1
                        emit(.interpolation, from: open)
                        lexCode(insideInterpolation: true)
                        let close = i
                        if peek() == ")" { i += 1 }
                        emit(.interpolation, from: close)
                        start = i
                        continue
                    }
                    // An escape: skip the backslash, hashes and the escaped character.
                    i = min(afterHashes + 1, s.count)
                    continue
                }
                if c == "\n" && !multiline { break }  // unterminated: stop at the line's end
                if c == "\"" {
                    let quotes = multiline ? 3 : 1
                    if (0..<quotes).allSatisfy({ peek($0) == "\"" }) && hashesFollow(hashes, at: i + quotes) {
                        i += quotes + hashes
                        break
                    }
                }
                i += 1
            }
            emit(.string, from: start)
        }

        func hashesFollow(_ n: Int, at k: Int) -> Bool {
            guard k + n <= s.count else { return false }
            return (0..<n).allSatisfy { s[k + $0] == "#" }
        }

        mutating func lexNumber() {
            if peek() == "0", let p = peek(1), p == "x" || p == "b" || p == "o" {
                i += 2
                while let d = peek(), isHexDigit(d) || d == "_" || (p == "x" && (d == "." || d == "p" || d == "P")) {
                    if d == "." && !(peek(1).map(isHexDigit) ?? false) { break }
                    if (d == "p" || d == "P"), let n = peek(1), n == "-" || n == "+" { i += 1 }
                    i += 1
                }
                return
            }
            while let d = peek(), isDigit(d) || d == "_" { i += 1 }
            if peek() == ".", let n = peek(1), isDigit(n) {
                i += 1
                while let d = peek(), isDigit(d) || d == "_" { i += 1 }
            }
            if let e = peek(), e == "e" || e == "E" {
                var k = 1
                if let sign = peek(1), sign == "-" || sign == "+" { k = 2 }
                if let d = peek(k), isDigit(d) {
                    i += k
                    while let d = peek(), isDigit(d) || d == "_" { i += 1 }
                }
            }
        }

        func previousNonSpace(_ k: Int) -> Unicode.Scalar? {
            var j = k - 1
            while j >= 0, s[j] == " " || s[j] == "\t" || s[j] == "\n" { j -= 1 }
            return j >= 0 ? s[j] : nil
        }

        func previousIsIdentifierBody(_ k: Int) -> Bool { k > 0 && isIdentifierBody(s[k - 1]) && s[k - 1] != "." }

        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        func isHexDigit(_ c: Unicode.Scalar) -> Bool {
            isDigit(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
        }
        func isIdentifierHead(_ c: Unicode.Scalar) -> Bool {
            c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || (c.value > 0x7F && c.properties.isAlphabetic)
        }
        func isIdentifierBody(_ c: Unicode.Scalar) -> Bool { isIdentifierHead(c) || isDigit(c) }
    }
}
