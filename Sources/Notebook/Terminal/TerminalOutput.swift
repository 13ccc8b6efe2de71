import Foundation

/// Where the command line writes: a file descriptor, knowing whether it is a terminal.
public final class TerminalOutput: @unchecked Sendable {
    public let fd: Int32
    /// True for an interactive terminal (live status line); false for pipes and files (plain lines).
    public let isTerminal: Bool

    public init(fd: Int32, isTerminal: Bool? = nil) {
        self.fd = fd
        self.isTerminal = isTerminal ?? (isatty(fd) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb")
    }

    public static let standardOutput = TerminalOutput(fd: 1)
    public static let standardError = TerminalOutput(fd: 2)

    public func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }
}
