import Foundation

/// The compiler's output as a reader of the lesson should see it: the source excerpts swiftc
/// prints (`25 | let text: String = answer`) numbered with Markdown lines, showing the lesson's
/// own code only. The generated glue, `#sourceLocation` directives, lines naming the generated
/// `main.swift` and the driver's "emit-module command failed" are left out.
enum CompilerExcerpt {
    /// `output` cleaned; `generatedSource` is the program swiftc compiled (nil: only the driver
    /// noise is dropped).
    static func clean(_ output: String, generatedSource: String?, generatedFile: String) -> String {
        let map = generatedSource.map(markdownLines) ?? [:]
        var lines: [String] = []
        let gutterWidth = String(map.values.max() ?? 0).count
        var droppingExcerpt = false
        for raw in output.components(separatedBy: "\n") {
            let line = raw
            if line.contains("command failed with exit code") { continue }
            if line.contains(generatedFile) || line.contains("main.swift:") {
                // A diagnostic inside the glue: its excerpt shows generated code, drop it too.
                droppingExcerpt = true
                continue
            }
            if let (number, text) = numbered(line) {
                guard !droppingExcerpt, let markdown = map[number] else { continue }
                lines.append(pad(String(markdown), gutterWidth) + " | " + text)
                continue
            }
            if let text = continuation(line) {
                if droppingExcerpt || map.isEmpty && generatedSource != nil { continue }
                lines.append(String(repeating: " ", count: gutterWidth) + " |" + text)
                continue
            }
            droppingExcerpt = false
            lines.append(line)
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Generated line → Markdown line, for the lines between `#sourceLocation(file:line:)` and
    /// `#sourceLocation()` (the lesson's code); directives and glue are absent.
    static func markdownLines(_ source: String) -> [Int: Int] {
        var map: [Int: Int] = [:]
        var next: Int?
        for (offset, line) in source.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#sourceLocation(") {
                next = trimmed == "#sourceLocation()" ? nil : directiveLine(trimmed)
                continue
            }
            if let markdown = next {
                map[offset + 1] = markdown
                next = markdown + 1
            }
        }
        return map
    }

    /// `line: 11` of `#sourceLocation(file: "…", line: 11)`.
    private static func directiveLine(_ directive: String) -> Int? {
        guard let range = directive.range(of: "line:", options: .backwards) else { return nil }
        return Int(directive[range.upperBound...].prefix { $0 != ")" }.trimmingCharacters(in: .whitespaces))
    }

    /// `  25 | text` → (25, "text").
    private static func numbered(_ line: String) -> (Int, String)? {
        let trimmed = line.drop { $0 == " " }
        let digits = trimmed.prefix { $0.isNumber }
        guard !digits.isEmpty, let number = Int(digits) else { return nil }
        let rest = trimmed.dropFirst(digits.count)
        guard rest.hasPrefix(" |") else { return nil }
        return (number, String(rest.dropFirst(2).drop { $0 == " " }.isEmpty ? "" : rest.dropFirst(3)))
    }

    /// `     |   `- error: …` → "   `- error: …" (what follows the bar).
    private static func continuation(_ line: String) -> String? {
        let trimmed = line.drop { $0 == " " }
        guard trimmed.hasPrefix("|"), trimmed.count < line.count || line.hasPrefix("|") else { return nil }
        return String(trimmed.dropFirst())
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
