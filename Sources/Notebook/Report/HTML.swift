import Foundation

/// Escaping for text that goes into HTML: everything from lesson output, params, file names
/// and diagnostics passes through here, so a step printing `<script>` shows that text.
enum HTML {
    /// Escapes `&`, `<`, `>`, `"` and `'`, so the result is safe both as element text and
    /// inside a quoted attribute value.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // C0 controls other than tab, newline and carriage return are not allowed in HTML;
            // a step printing raw bytes must not make the page invalid.
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{7F}":
                out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A fragment identifier / `id` built from arbitrary text: lowercase letters (of any script),
    /// digits and hyphens only, never empty. `ascii` keeps only ASCII (for file names).
    static func slugify(_ text: String, fallback: String = "section", ascii: Bool = false) -> String {
        var out = ""
        var lastHyphen = true
        for scalar in text.lowercased().unicodeScalars {
            let asciiAlnum = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            let other = !ascii && scalar.value > 0x7F && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
            if asciiAlnum || other {
                out.unicodeScalars.append(scalar)
                lastHyphen = false
            } else if !lastHyphen {
                out += "-"
                lastHyphen = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? fallback : out
    }

    /// Percent-encodes one relative path for an `href`/`src` (each segment separately, so `/` stays).
    static func urlPath(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%;")
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0) }
            .joined(separator: "/")
    }
}
