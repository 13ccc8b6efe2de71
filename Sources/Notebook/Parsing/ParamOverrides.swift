/// A `--set name=value` from the command line, not yet checked against a lesson.
public struct ParamOverride: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Reads `name=value`; nil when there is no `=` or no name.
    public init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else { return nil }
        name = String(argument[..<equals]).trimmingCharacters(" ")
        value = String(argument[argument.index(after: equals)...])
    }
}

/// A param's effective value for one run.
public struct ParamAssignment: Sendable, Equatable {
    public var name: String
    public var value: ParamValue
    /// True when `--set` changed it.
    public var overridden: Bool

    public init(name: String, value: ParamValue, overridden: Bool) {
        self.name = name
        self.value = value
        self.overridden = overridden
    }

    /// As stored in a `LessonRun`.
    public var runParam: RunParam { RunParam(name: name, value: value.description, overridden: overridden) }
}

extension Lesson {
    /// The lesson's params with `overrides` applied, each type-checked against its default.
    /// An override naming no param of this lesson is an error unless `ignoringUnknown` (used when
    /// one `--set` is meant for some of several lessons).
    public func assigningParams(_ overrides: [ParamOverride], ignoringUnknown: Bool = false) throws -> [ParamAssignment] {
        var assignments = params.map { ParamAssignment(name: $0.name, value: $0.value, overridden: false) }
        for override in overrides {
            guard let index = params.firstIndex(where: { $0.name == override.name }) else {
                if ignoringUnknown { continue }
                let known = params.isEmpty ? "it has none" : "it has " + params.map(\.name).joined(separator: ", ")
                // Point at the params in the front matter (or its first line when there are none).
                throw LessonError(file: path, line: params.first?.line ?? 1, message: "--set \(override.name)=\(override.value): the lesson has no param `\(override.name)` (\(known))")
            }
            let param = params[index]
            guard let value = param.value.parsing(override.value) else {
                throw LessonError(file: path, line: param.line,
                                  message: "--set \(override.name)=\(override.value): `\(param.name)` is \(param.value.typeDescription) (default \(param.value))")
            }
            assignments[index].value = value
            assignments[index].overridden = value != param.value
        }
        return assignments
    }
}

extension ParamValue {
    /// `text` read as a value of the same type as `self`, or nil when it is not one.
    func parsing(_ text: String) -> ParamValue? {
        let trimmed = text.trimmingCharacters(" ")
        switch self {
        case .int: return Int(trimmed).map(ParamValue.int)
        case .float: return Double(trimmed).flatMap { $0.isFinite ? .float($0) : nil }
        case .bool:
            switch trimmed.lowercased() {
            case "true", "yes": return .bool(true)
            case "false", "no": return .bool(false)
            default: return nil
            }
        case .string: return .string(text)
        }
    }

    /// "an integer", "a number", … for messages.
    var typeDescription: String {
        switch self {
        case .int: return "an integer"
        case .float: return "a number"
        case .bool: return "true or false"
        case .string: return "a text"
        }
    }
}
