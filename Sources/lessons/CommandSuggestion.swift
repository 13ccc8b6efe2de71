import Foundation

/// "Did you mean": a mistyped command (`lessons stpe`) gets the nearest real one, since
/// ArgumentParser alone would only say the argument is unexpected.
enum CommandSuggestion {
    /// The message for `word` when it is not one of `commands` but close to one; nil otherwise.
    static func message(for word: String, commands: [String]) -> String? {
        guard !word.hasPrefix("-"), !commands.contains(word) else { return nil }
        let ranked = commands.map { (command: $0, distance: distance(word.lowercased(), $0)) }.sorted { $0.distance < $1.distance }
        guard let best = ranked.first, best.distance <= max(1, word.count / 2) else {
            return "lessons: unknown command `\(word)` (commands: \(commands.joined(separator: ", ")))"
        }
        return "lessons: unknown command `\(word)`; did you mean `\(best.command)`?"
    }

    /// Edit distance with adjacent swaps (Damerau–Levenshtein, optimal string alignment).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
