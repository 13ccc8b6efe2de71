/// Reads the `//| key: value` lines at the top of a step (the Quarto convention).
enum StepOptionsParser {
    /// One option line, with its line in the file.
    struct OptionLine {
        var text: Substring
        var line: Int
    }

    /// Whether `line` is an option line.
    static func isOption(_ line: Substring) -> Bool {
        line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("//|")
    }

    static func parse(_ lines: [OptionLine], file: String) throws -> StepOptions {
        var options = StepOptions()
        var pointsLine: Int?
        for option in lines {
            let content = option.text.drop(while: { $0 == " " || $0 == "\t" }).dropFirst(3)
            let fail = { (message: String) in LessonError(file: file, line: option.line, message: message) }
            guard let colon = content.firstIndex(of: ":") else {
                throw fail("a step option reads `//| key: value`, got `//|\(content)`")
            }
            let key = content[..<colon].trimmingCharacters(" \t")
            let value = content[content.index(after: colon)...].trimmingCharacters(" \t")
            guard let known = StepOption(rawValue: key) else {
                throw fail("unknown step option `\(key)` (known: \(StepOption.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            do {
                try known.read(value, into: &options)
            } catch {
                throw fail(error.message)
            }
            if known == .points { pointsLine = option.line }
        }
        if let pointsLine, options.check == nil {
            throw LessonError(file: file, line: pointsLine, message: "`points` needs a `check: NAME` option in the same step")
        }
        return options
    }
}
