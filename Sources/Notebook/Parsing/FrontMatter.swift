import Yams

/// The YAML block between `---` lines at the top of a lesson.
struct FrontMatter {
    var title: String?
    var params: [LessonParam] = []
    var data: [String] = []
    /// Line of the `params:` key (for messages about params in general).
    var paramsLine: Int?
    var dataLine: Int?
    /// First line of the Markdown body (1-based, in the whole file).
    var bodyStartLine = 1

    /// Keys a front matter may have; anything else is most likely a typo.
    static let knownKeys = ["title", "params", "data"]

    /// Reads the front matter of `source`, if it has one.
    static func parse(_ source: SourceText, file: String) throws -> FrontMatter {
        var matter = FrontMatter()
        guard source.count > 0, source[1].trimmingTrailingSpaces == "---" else { return matter }
        guard let close = (2...max(2, source.count)).first(where: {
            $0 <= source.count && ["---", "..."].contains(source[$0].trimmingTrailingSpaces)
        }) else {
            throw LessonError(file: file, line: 1, message: "front matter is never closed: add a line `---` after it")
        }
        matter.bodyStartLine = close + 1
        let yaml = source.slice(2, close - 1)
        // Line n of the YAML text is line n+1 of the file.
        let fileLine = { (mark: Mark?) in (mark?.line ?? 1) + 1 }

        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw LessonError(file: file, line: Self.line(of: error).map { $0 + 1 } ?? 1,
                              message: "bad front matter: \(Self.problem(of: error))")
        }
        guard let root else { return matter }
        guard case .mapping(let mapping) = root else {
            throw LessonError(file: file, line: fileLine(root.mark), message: "front matter must be a mapping (`title: …`, `params: …`)")
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let line = fileLine(keyNode.mark)
            switch key {
            case "title":
                guard case .scalar = value, let title = value.string, !title.isEmpty else {
                    throw LessonError(file: file, line: line, message: "`title` must be a text")
                }
                matter.title = title
            case "params":
                matter.paramsLine = line
                matter.params = try parseParams(value, file: file, line: line, fileLine: fileLine)
            case "data":
                matter.dataLine = line
                matter.data = try parseData(value, file: file, line: line)
            default:
                throw LessonError(file: file, line: line,
                                  message: "unknown front matter key `\(key)` (known: \(knownKeys.joined(separator: ", ")))")
            }
        }
        return matter
    }

    private static func parseParams(_ node: Node, file: String, line: Int, fileLine: (Mark?) -> Int) throws -> [LessonParam] {
        if case .scalar = node, node.tag.description == Tag.Name.null.rawValue { return [] }
        guard case .mapping(let mapping) = node else {
            throw LessonError(file: file, line: line, message: "`params` must map names to default values (`epochs: 1`)")
        }
        var params: [LessonParam] = []
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? ""
            let line = fileLine(keyNode.mark)
            if let problem = SwiftIdentifier.problem(with: name) {
                throw LessonError(file: file, line: line, message: "param `\(name)`: \(problem)")
            }
            params.append(LessonParam(name: name, value: try paramValue(value, name: name, file: file, line: line), line: line))
        }
        return params
    }

    private static func paramValue(_ node: Node, name: String, file: String, line: Int) throws -> ParamValue {
        guard case .scalar = node else {
            throw LessonError(file: file, line: line, message: "param `\(name)` must have a single default value (a number, true/false or a text)")
        }
        switch Tag.Name(rawValue: node.tag.description) {
        case .int: if let v = node.int { return .int(v) }
        case .float: if let v = node.float, v.isFinite { return .float(v) }
        case .bool: if let v = node.bool { return .bool(v) }
        case .str: return .string(node.string ?? "")
        case .null: throw LessonError(file: file, line: line, message: "param `\(name)` has no default value")
        default: break
        }
        throw LessonError(file: file, line: line, message: "param `\(name)`: unsupported default `\(node.string ?? "")` (use an integer, a decimal number, true/false or a text)")
    }

    private static func parseData(_ node: Node, file: String, line: Int) throws -> [String] {
        switch node {
        case .scalar: return node.string.map { $0.isEmpty ? [] : [$0] } ?? []
        case .sequence(let items):
            return try items.map { item in
                guard case .scalar = item, let name = item.string, !name.isEmpty else {
                    throw LessonError(file: file, line: line, message: "`data` must list dataset names (`data: [mnist]`)")
                }
                return name
            }
        case .mapping:
            throw LessonError(file: file, line: line, message: "`data` must list dataset names (`data: [mnist]`)")
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.joined(separator: ": ")
        default: return String(describing: error)
        }
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
    }
}
