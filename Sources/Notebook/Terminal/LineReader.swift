import Foundation

/// Reads the user's answers line by line from a descriptor (standard input by default), giving
/// up on end of input or when Ctrl-C is pressed (so `lessons step` stops cleanly while waiting).
public final class LineReader {
    private let fd: Int32
    private let interruption: Interruption?
    private var buffered: [UInt8] = []

    public init(fd: Int32 = 0, interruption: Interruption? = .shared) {
        self.fd = fd
        self.interruption = interruption
    }

    /// The next line without its newline; nil at end of input or on interruption.
    public func readLine() -> String? {
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered.removeFirst(newline + 1)
                return line
            }
            var reader = PipeReader(fds: [fd], interruption: interruption)
            switch reader.next(timeout: 1) {
            case .data(_, let data): buffered += data
            case .timeout: continue
            case .interrupted: return nil
            case .end:
                guard !buffered.isEmpty else { return nil }
                defer { buffered.removeAll() }
                return String(decoding: buffered, as: UTF8.self)
            }
        }
    }
}
