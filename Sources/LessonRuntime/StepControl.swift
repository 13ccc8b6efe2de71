import Foundation

/// Step mode (`lessons step`): before each step the program tells the runner it is ready and
/// reads one line from the control descriptor: `run` goes on, `quit` (or end of file) ends the
/// program cleanly.
enum StepControl {
    static let fd: Int32? = ProcessInfo.processInfo.environment[RuntimeEnvironment.controlFD].flatMap { Int32($0) }

    static func waitForGoAhead(step index: Int) {
        guard let fd else { return }
        var event = RuntimeEvent("ready")
        event.step = index
        EventWriter.send(event)
        var line = [UInt8]()
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 || byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        if String(decoding: line, as: UTF8.self) != "run" {
            EventWriter.send(RuntimeEvent("done"))
            exit(0)
        }
    }
}
