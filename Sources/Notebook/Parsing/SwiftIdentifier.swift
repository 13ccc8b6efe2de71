/// Checks that a param name can be a Swift constant in the generated program.
enum SwiftIdentifier {
    /// Words the generated program cannot declare as constants.
    static let reserved: Set<String> = [
        "params", "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import",
        "init", "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol",
        "public", "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch",
        "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat",
        "return", "throw", "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "self",
        "Self", "super", "throws", "true", "try", "async", "some", "any",
    ]

    /// Why `name` cannot be used, or nil when it can.
    static func problem(with name: String) -> String? {
        guard let first = name.unicodeScalars.first else { return "the name is empty" }
        let isStart = { (c: Unicode.Scalar) in c == "_" || (c.isASCII && c.properties.isAlphabetic) }
        let isBody = { (c: Unicode.Scalar) in isStart(c) || ("0"..."9").contains(c) }
        guard isStart(first), name.unicodeScalars.allSatisfy(isBody) else {
            return "a param name must be a Swift identifier (letters, digits and _, not starting with a digit)"
        }
        if reserved.contains(name) { return "`\(name)` is reserved" }
        return nil
    }
}
