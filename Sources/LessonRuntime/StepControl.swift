import Foundation

/// The go-ahead after each `begin`: the runner answers `run` once it has taken in everything
/// the program printed before, or `quit` (step mode) to end the program cleanly.
enum StepControl {
    static func waitForGoAhead() {
        guard EventWriter.connected else { return }
        var line = [UInt8]()
        var byte: UInt8 = 0
        while true {
            let n = read(RuntimeChannel.control, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 || byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        if String(decoding: line, as: UTF8.self) != "run" {
            fflush(stdout)
            exit(0)
        }
    }
}
