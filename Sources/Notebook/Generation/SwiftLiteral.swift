/// Swift source text for values the generated program embeds.
enum SwiftLiteral {
    /// A string literal with quotes, backslashes and control characters escaped.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A param's value as a literal of its Swift type.
    static func value(_ value: ParamValue) -> String {
        switch value {
        case .int(let v): return String(v)
        case .float(let v):
            // Double's description is a valid Swift literal for finite values ("0.001", "1e-05").
            let text = String(v)
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        case .bool(let v): return v ? "true" : "false"
        case .string(let v): return string(v)
        }
    }
}
