import Foundation

/// Runs an `expect: error` step in a forked copy of the program, so that the failure it is
/// meant to show (a trap, a `fatalError`, a thrown error) ends only the copy. The generated code
/// reads:
///
///     if LessonRuntime::LessonProgram.forkExpectingError(step: k, session) {   // true in the copy
///         do { <step code> } catch { LessonRuntime::LessonProgram.stepThrew(error, session) }
///         LessonRuntime::LessonProgram.expectedErrorStepCompleted(session)
///     }
///
/// The original waits for the copy and reports how it ended. The copy sends no events (it would
/// repeat the original's sequence numbers); a thrown error's message reaches the original on a
/// pipe of its own. Consequences, by design: the step's code sits in its own scope (later steps
/// cannot use its declarations), and whatever it changes in shared state is discarded with the copy.
extension LessonProgram {
    /// Exit status of a copy whose step threw a Swift error.
    static let threwStatus: Int32 = 86
    /// In the copy: where a thrown error's message goes.
    nonisolated(unsafe) private static var thrownMessageFD: Int32 = -1

    /// Forks; returns true in the copy, which runs the step. In the original, waits for the copy,
    /// sends an `expectedError` event describing how it ended and returns false.
    public static func forkExpectingError(step index: Int, _ session: LessonSession) -> Bool {
        fflush(stdout)
        fflush(stderr)
        var message: [Int32] = [-1, -1]
        guard pipe(&message) == 0 else {
            EventWriter.send(.expectedError(step: index, outcome: .notRun(reason: "could not make a pipe: \(String(cString: strerror(errno)))")), by: session)
            return false
        }
        let pid = fork()
        if pid == 0 {
            EventWriter.isolate()
            close(message[0])
            thrownMessageFD = message[1]
            return true
        }
        close(message[1])
        guard pid > 0 else {
            close(message[0])
            EventWriter.send(.expectedError(step: index, outcome: .notRun(reason: "could not fork to isolate the step: \(String(cString: strerror(errno)))")), by: session)
            return false
        }
        // Read the copy's message (if any) until it ends, then collect its status.
        var text = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(message[0], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            if text.count < 65536 { text += buffer[0..<n] }
        }
        close(message[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let outcome: ExpectedErrorOutcome
        let signal = status & 0x7f
        if signal != 0 {
            outcome = .crashed(signal: signal, pid: pid)
        } else {
            let code = (status >> 8) & 0xff
            outcome = code == 0 ? .completed
                : code == threwStatus ? .threw(message: String(decoding: text, as: UTF8.self))
                : .exited(status: code)
        }
        EventWriter.send(.expectedError(step: index, outcome: outcome), by: session)
        return false
    }

    /// In the copy: the step threw; hand the error's description to the original and end.
    public static func stepThrew(_ error: any Error, _ session: LessonSession) -> Never {
        let bytes = Array(String(describing: error).utf8)
        _ = bytes.withUnsafeBytes { write(thrownMessageFD, $0.baseAddress, $0.count) }
        fflush(stdout)
        _exit(threwStatus)
    }

    /// In the copy: the step ran to its end without failing.
    public static func expectedErrorStepCompleted(_ session: LessonSession) -> Never {
        fflush(stdout)
        fflush(stderr)
        _exit(0)
    }
}
