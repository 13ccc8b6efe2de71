/// Reads the `//| key: value` lines at the top of a step (the Quarto convention).
enum StepOptionsParser {
    static let knownKeys = ["id", "echo", "cache", "exercise", "check", "points", "expect", "timeout"]

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
            let bool = { () throws -> Bool in
                switch value.lowercased() {
                case "true", "yes": return true
                case "false", "no": return false
                default: throw fail("`\(key)` must be true or false, got `\(value)`")
                }
            }
            switch key {
            case "id":
                guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                    throw fail("`id` must be a name of letters, digits, - and _, got `\(value)`")
                }
                options.id = value
            case "echo": options.echo = try bool()
            case "cache": options.cache = try bool()
            case "exercise": options.exercise = try bool()
            case "check":
                guard !value.isEmpty else { throw fail("`check` needs a name (`//| check: q1`)") }
                options.check = value
            case "points":
                guard let points = Int(value), points >= 0 else {
                    throw fail("`points` must be a whole number, got `\(value)`")
                }
                options.points = points
                pointsLine = option.line
            case "expect":
                guard value == "error" else { throw fail("`expect` can only be `error`, got `\(value)`") }
                options.expectError = true
            case "timeout":
                guard let seconds = duration(value), seconds > 0 else {
                    throw fail("`timeout` must be a positive number of seconds (`90`, `90s`, `2m`), got `\(value)`")
                }
                options.timeout = seconds
            default:
                throw fail("unknown step option `\(key)` (known: \(knownKeys.joined(separator: ", ")))")
            }
        }
        if let pointsLine, options.check == nil {
            throw LessonError(file: file, line: pointsLine, message: "`points` needs a `check: NAME` option in the same step")
        }
        return options
    }

    /// Seconds from `90`, `90s`, `2m`, `1h`.
    static func duration(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        if let last = text.last, let unit = units[last] {
            return Double(text.dropLast().trimmingCharacters(" ")).map { $0 * unit }
        }
        return Double(text)
    }
}
