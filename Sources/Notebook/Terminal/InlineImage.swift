import Foundation

/// Figures shown in the terminal itself, for terminals that draw images: kitty's graphics
/// protocol (kitty, and terminals setting `TERM=xterm-kitty`) and iTerm2's inline images
/// (iTerm2, WezTerm). Detected from `TERM`/`TERM_PROGRAM`, since asking the terminal would
/// mean reading its answer from the keyboard input the step prompts use.
public enum InlineImage: Sendable, Equatable {
    case kitty
    case iTerm2

    /// The protocol the terminal described by `environment` speaks, if any.
    public static func detect(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> InlineImage? {
        let term = environment["TERM"] ?? "", program = environment["TERM_PROGRAM"] ?? ""
        if term == "xterm-kitty" || environment["KITTY_WINDOW_ID"] != nil || program == "ghostty" { return .kitty }
        if program == "iTerm.app" || program == "WezTerm" { return .iTerm2 }
        return nil
    }

    /// The escape sequence that draws `png` at the cursor, followed by a line break.
    public func sequence(png: Data, name: String) -> String {
        let payload = png.base64EncodedString()
        switch self {
        case .iTerm2:
            let encodedName = Data(name.utf8).base64EncodedString()
            return "\u{1B}]1337;File=name=\(encodedName);size=\(png.count);inline=1;preserveAspectRatio=1:\(payload)\u{07}\n"
        case .kitty:
            // Sent in chunks of at most 4096 base64 bytes; m=1 says more follow.
            var chunks: [Substring] = []
            var rest = Substring(payload)
            while !rest.isEmpty { chunks.append(rest.prefix(4096)); rest = rest.dropFirst(4096) }
            var out = ""
            for (k, chunk) in chunks.enumerated() {
                let more = k + 1 < chunks.count ? 1 : 0
                let control = k == 0 ? "a=T,f=100,m=\(more)" : "m=\(more)"
                out += "\u{1B}_G\(control);\(chunk)\u{1B}\\"
            }
            return out + "\n"
        }
    }
}
