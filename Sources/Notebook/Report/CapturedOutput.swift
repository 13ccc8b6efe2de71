/// A step's captured stdout/stderr made fit for a page: terminal control sequences removed,
/// progress lines collapsed to what the terminal finally showed, and long output folded.
enum CapturedOutput {
    /// Lines shown before and after the fold of a long output.
    static let headLines = 20
    static let tailLines = 20
    /// Outputs up to this many lines are shown whole.
    static let foldThreshold = 60
    /// At most this many lines go inside the fold; the rest are left out of the page
    /// (with a note) so one runaway loop cannot make a 100 MB report.
    static let maxFoldedLines = 5000

    /// Removes ANSI/VT escape sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or `ESC \`),
    /// and other escapes (`ESC 7`, `ESC ( B`); a lone `ESC` is dropped.
    static func stripANSI(_ text: String) -> String {
        let s = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            let c = s[i]
            // CSI as a single C1 character (0x9B) as well as ESC [.
            if c == "\u{1B}" || c == "\u{9B}" {
                if c == "\u{9B}" || (i + 1 < s.count && s[i + 1] == "[") {
                    i += (c == "\u{9B}") ? 1 : 2
                    // parameter and intermediate bytes, then one final byte in @…~
                    while i < s.count, !(0x40...0x7E).contains(s[i].value) { i += 1 }
                    i += 1
                } else if i + 1 < s.count && s[i + 1] == "]" {
                    i += 2
                    while i < s.count {
                        if s[i] == "\u{7}" { i += 1; break }
                        if s[i] == "\u{1B}" && i + 1 < s.count && s[i + 1] == "\\" { i += 2; break }
                        i += 1
                    }
                } else {
                    // ESC, intermediate bytes (space…/), one final byte: `ESC 7`, `ESC ( B`.
                    i += 1
                    while i < s.count, (0x20...0x2F).contains(s[i].value) { i += 1 }
                    if i < s.count, (0x30...0x7E).contains(s[i].value) { i += 1 }
                }
                continue
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    /// Applies carriage returns and backspaces the way a terminal would, so a progress line
    /// redrawn with `\r` shows only its final state: `"50%\r100%"` is `100%` (later text
    /// overwrites from column 0). A `\r\n` line ending is an ordinary line ending.
    /// Works on Unicode scalars: Swift treats `"\r\n"` as one `Character`.
    static func collapseCarriageReturns(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\u{8}" }) else { return text }
        return text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var cells: [Unicode.Scalar] = []
            var col = 0
            for ch in line {
                switch ch {
                case "\r": col = 0
                case "\u{8}": col = max(0, col - 1)
                default:
                    if col < cells.count { cells[col] = ch } else { cells.append(ch) }
                    col += 1
                }
            }
            var s = String.UnicodeScalarView()
            s.append(contentsOf: cells)
            return String(s)
        }.joined(separator: "\n")
    }

    /// Cleaned lines of an output (no trailing empty lines from final newlines).
    static func lines(_ raw: String) -> [String] {
        let clean = collapseCarriageReturns(stripANSI(raw))
        var lines = clean.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0)) }
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The output as HTML (`output.mustache`): one `<pre>` when short; otherwise the head and tail
    /// visible and the middle inside a `<details>` the reader can open. Empty output gives an empty string.
    static func html(_ raw: String) -> String {
        let lines = lines(raw)
        guard !lines.isEmpty else { return "" }
        guard lines.count > foldThreshold else {
            return ReportTemplate.output.render(View(whole: lines.joined(separator: "\n")))
        }
        let middle = lines[headLines..<(lines.count - tailLines)]
        let shown = middle.prefix(maxFoldedLines)
        return ReportTemplate.output.render(View(folded: Folded(
            head: lines[..<headLines].joined(separator: "\n"),
            middleLines: middle.count, allLines: lines.count,
            middle: shown.joined(separator: "\n"),
            omittedLines: middle.count > shown.count ? middle.count - shown.count : nil,
            tail: lines[(lines.count - tailLines)...].joined(separator: "\n"))))
    }

    private struct View {
        var whole: String?
        var folded: Folded?
    }

    private struct Folded {
        var head: String
        var middleLines: Int
        var allLines: Int
        var middle: String
        /// Lines past `maxFoldedLines`, left out of the page.
        var omittedLines: Int?
        var tail: String
    }
}
