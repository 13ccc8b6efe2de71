/// The step options a lesson can set (`//| key: value`), each with how its value is read and
/// how it enters the results cache key. The parser's list of known keys and the cache key's
/// option part both come from here, in this order: adding an option is a field in
/// `StepOptions` and a case here (the compiler asks for both switches).
enum StepOption: String, CaseIterable {
    case id, echo, cache, exercise, check, points, expect, timeout

    /// Sets this option in `options` from `value` (trimmed), or throws what is wrong with it.
    func read(_ value: String, into options: inout StepOptions) throws(StepOptionProblem) {
        switch self {
        case .id:
            guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw StepOptionProblem("`id` must be a name of letters, digits, - and _, got `\(value)`")
            }
            options.id = value
        case .echo: options.echo = try bool(value)
        case .cache: options.cache = try bool(value)
        case .exercise: options.exercise = try bool(value)
        case .check:
            guard !value.isEmpty else { throw StepOptionProblem("`check` needs a name (`//| check: q1`)") }
            options.check = value
        case .points:
            guard let points = Int(value), points >= 0 else {
                throw StepOptionProblem("`points` must be a whole number, got `\(value)`")
            }
            options.points = points
        case .expect:
            guard value == "error" else { throw StepOptionProblem("`expect` can only be `error`, got `\(value)`") }
            options.expectError = true
        case .timeout:
            guard let seconds = Self.seconds(value), seconds > 0 else {
                throw StepOptionProblem("`timeout` must be a positive number of seconds (`90`, `90s`, `2m`), got `\(value)`")
            }
            options.timeout = seconds
        }
    }

    /// This option's value in the results cache key (`CacheKey.options`). The texts are those
    /// the key has always used, so stored results stay valid.
    func keyText(of options: StepOptions) -> String {
        switch self {
        case .id: return options.id ?? ""
        case .echo: return "\(options.echo)"
        case .cache: return "\(options.cache)"
        case .exercise: return "\(options.exercise)"
        case .check: return options.check ?? ""
        case .points: return options.points.map(String.init) ?? ""
        case .expect: return "\(options.expectError)"
        case .timeout: return options.timeout.map { "\($0)" } ?? ""
        }
    }

    private func bool(_ value: String) throws(StepOptionProblem) -> Bool {
        switch value.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw StepOptionProblem("`\(rawValue)` must be true or false, got `\(value)`")
        }
    }

    /// Seconds from `90`, `90s`, `2m`, `1h`.
    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        if let last = text.last, let unit = units[last] {
            return Double(text.dropLast().trimmingCharacters(" ")).map { $0 * unit }
        }
        return Double(text)
    }
}

/// What is wrong with a step option's value; the parser adds the file and line.
struct StepOptionProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
