import Foundation

/// Runs an `expect: error` step in a forked copy of the program, so that the failure it is
/// meant to show (a trap, a `fatalError`, a thrown error) ends only the copy. The generated code
/// reads:
///
///     if LessonProgram.forkExpectingError(step: k) {      // true in the copy
///         do { <step code> } catch { LessonProgram.stepThrew(error) }
///         LessonProgram.expectedErrorStepCompleted()
///     }
///
/// The original waits for the copy and reports how it ended. Consequences, by design: the step's
/// code sits in its own scope (later steps cannot use its declarations), and whatever it changes
/// in shared state is discarded with the copy.
extension LessonProgram {
    /// Exit status of a copy whose step threw a Swift error (the message was already sent).
    static let threwStatus: Int32 = 86

    /// Forks; returns true in the copy, which runs the step. In the original, waits for the copy,
    /// sends an `expected-error` event describing how it ended and returns false.
    public static func forkExpectingError(step index: Int) -> Bool {
        fflush(stdout)
        fflush(stderr)
        let pid = fork()
        if pid == 0 { return true }
        var event = RuntimeEvent("expected-error")
        event.step = index
        guard pid > 0 else {
            event.outcome = "not-run"
            event.message = "could not fork to isolate the step: \(String(cString: strerror(errno)))"
            EventWriter.send(event)
            return false
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        event.pid = pid
        let signal = status & 0x7f
        if signal != 0 {
            event.outcome = "crashed"
            event.signal = signal
        } else {
            let code = (status >> 8) & 0xff
            event.status = code
            event.outcome = code == 0 ? "completed" : code == threwStatus ? "threw" : "exited"
        }
        EventWriter.send(event)
        return false
    }

    /// In the copy: the step threw; report the error and end the copy.
    public static func stepThrew(_ error: any Error) -> Never {
        var event = RuntimeEvent("thrown")
        event.step = currentStep
        event.message = String(describing: error)
        EventWriter.send(event)
        fflush(stdout)
        _exit(threwStatus)
    }

    /// In the copy: the step ran to its end without failing.
    public static func expectedErrorStepCompleted() -> Never {
        fflush(stdout)
        fflush(stderr)
        _exit(0)
    }
}
