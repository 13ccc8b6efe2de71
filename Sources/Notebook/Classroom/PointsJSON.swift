import Foundation

/// The store's per-check points column: a flat JSON object of check name → points in master
/// order (`{"squares": 3, "triple": 2}`). Foundation's JSON reader forgets key order, so this
/// writes and reads the one shape the store uses itself.
///
/// Out: any other JSON (nesting, arrays, null): `decode` returns nil for it.
enum PointsJSON {
    static func encode(_ pairs: [(String, Double)]) -> String {
        "{" + pairs.map { "\(string($0.0)): \(number($0.1))" }.joined(separator: ", ") + "}"
    }

    /// The pairs in written order, or nil when the text is not such an object.
    static func decode(_ text: String) -> [(String, Double)]? {
        let s = Array(text.unicodeScalars)
        var i = 0
        func skipSpace() { while i < s.count, s[i] == " " || s[i] == "\n" || s[i] == "\t" || s[i] == "\r" { i += 1 } }
        skipSpace()
        guard i < s.count, s[i] == "{" else { return nil }
        i += 1
        var pairs: [(String, Double)] = []
        skipSpace()
        if i < s.count, s[i] == "}" { return pairs }
        while true {
            skipSpace()
            guard i < s.count, s[i] == "\"" else { return nil }
            let start = i
            i += 1
            while i < s.count, s[i] != "\"" { i += s[i] == "\\" ? 2 : 1 }
            guard i < s.count else { return nil }
            i += 1
            var literal = String.UnicodeScalarView()
            literal.append(contentsOf: s[start..<i])
            // The key's escapes are JSON's: let Foundation read the string literal alone.
            guard let key = try? JSONDecoder().decode([String].self, from: Data(("[" + String(literal) + "]").utf8)).first else { return nil }
            skipSpace()
            guard i < s.count, s[i] == ":" else { return nil }
            i += 1
            skipSpace()
            let numberStart = i
            while i < s.count, "+-.0123456789eE".unicodeScalars.contains(s[i]) { i += 1 }
            var digits = String.UnicodeScalarView()
            digits.append(contentsOf: s[numberStart..<i])
            guard let value = Double(String(digits)) else { return nil }
            pairs.append((key, value))
            skipSpace()
            guard i < s.count else { return nil }
            if s[i] == "}" { return pairs }
            guard s[i] == "," else { return nil }
            i += 1
        }
    }

    /// A JSON string literal.
    static func string(_ text: String) -> String {
        let data = (try? JSONEncoder().encode([text])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    /// `3` for whole numbers, otherwise Swift's shortest round-tripping form (`0.6666666666666666`).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
