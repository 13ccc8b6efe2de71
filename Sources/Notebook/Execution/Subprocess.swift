import Foundation
import LessonRuntime

/// A child process whose stdout and stderr are one pipe (so its output keeps its order), with
/// stdin from /dev/null, in its own process group (so Ctrl-C reaches only the runner, which then
/// stops the whole group: the program and any copy it forked), optionally with the lesson
/// runtime's channels (`RuntimeChannel`): control on descriptor 3, events on 4, the key on 5.
final class Subprocess {
    /// How the process ended.
    enum Termination: Equatable {
        case exited(Int32)
        case signaled(Int32)
    }

    let pid: pid_t
    /// Read end of the merged stdout/stderr pipe (non-blocking when the channels are open).
    let output: Int32
    /// Read end of the event pipe (descriptor 4 in the child), when the channels are open.
    let events: Int32?
    /// Write end of the control pipe (descriptor 3 in the child), when the channels are open.
    private(set) var control: Int32?
    private var ended: Termination?

    private init(pid: pid_t, output: Int32, events: Int32?, control: Int32?) {
        self.pid = pid
        self.output = output
        self.events = events
        self.control = control
    }

    deinit {
        close(output)
        if let events { close(events) }
        if let control { close(control) }
    }

    /// Starts `executable`. With `channelKey`, opens the runtime's channels and hands the key
    /// over (then closes that pipe). Fails only when the process cannot be started.
    static func spawn(_ executable: String, arguments: [String], environment: [String: String],
                      workingDirectory: URL? = nil, channelKey: [UInt8]? = nil) throws -> Subprocess {
        var pipes: [[Int32]] = []
        func pipeOrThrow() throws -> [Int32] {
            var fds: [Int32] = [-1, -1]
            guard makePipe(&fds) else {
                let code = errno
                pipes.flatMap { $0 }.forEach { close($0) }
                throw SubprocessError.spawn(executable, code)
            }
            pipes.append(fds)
            return fds
        }
        let outputPipe = try pipeOrThrow()
        let channels = try channelKey.map { _ in (control: try pipeOrThrow(), events: try pipeOrThrow(), key: try pipeOrThrow()) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 2)
        if let channels {
            posix_spawn_file_actions_adddup2(&actions, channels.control[0], RuntimeChannel.control)
            posix_spawn_file_actions_adddup2(&actions, channels.events[1], RuntimeChannel.events)
            posix_spawn_file_actions_adddup2(&actions, channels.key[0], RuntimeChannel.key)
        }
        if let workingDirectory { _ = spawnActionsAddChdir(&actions, workingDirectory.path) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigmask(&attributes, &noMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        // The child's ends.
        close(outputPipe[1])
        if let channels { [channels.control[0], channels.events[1], channels.key[0]].forEach { close($0) } }
        guard result == 0 else {
            close(outputPipe[0])
            if let channels { [channels.control[1], channels.events[0], channels.key[1]].forEach { close($0) } }
            throw SubprocessError.spawn(executable, result)
        }
        if let channels, let channelKey {
            // 32 bytes fit in any pipe's buffer: this write cannot block.
            _ = channelKey.withUnsafeBytes { write(channels.key[1], $0.baseAddress, $0.count) }
            close(channels.key[1])
            _ = fcntl(outputPipe[0], F_SETFL, fcntl(outputPipe[0], F_GETFL) | O_NONBLOCK)
        }
        return Subprocess(pid: pid, output: outputPipe[0], events: channels?.events[0], control: channels?.control[1])
    }

    /// Sends `signal` to the child's whole process group.
    func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }

    /// Writes a line to the control pipe; false when the program is gone.
    @discardableResult
    func sendControl(_ line: String) -> Bool {
        guard let control else { return false }
        let bytes = Array((line + "\n").utf8)
        return bytes.withUnsafeBytes { write(control, $0.baseAddress, $0.count) } == bytes.count
    }

    /// Waits for the child to end.
    func wait() -> Termination {
        if let ended { return ended }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return record(status)
    }

    /// How the child ended, if it has; does not wait.
    func poll() -> Termination? {
        if let ended { return ended }
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid ? record(status) : nil
    }

    private func record(_ status: Int32) -> Termination {
        let signal = status & 0x7f
        let termination: Termination = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
        ended = termination
        return termination
    }

    /// Reads everything the child writes until it ends (used for the compiler). An interruption
    /// stops the child's group and throws `Interrupted`; past `timeLimit` seconds the group is
    /// killed and the termination is `.signaled(SIGKILL)` with `timedOut` set.
    func collectOutput(interruption: Interruption?, timeLimit: Double = .infinity)
        throws -> (output: Data, termination: Termination, timedOut: Bool) {
        var data = Data()
        var reader = PipeReader(fds: [output], interruption: interruption)
        let deadline = Date().addingTimeInterval(timeLimit)
        while true {
            switch reader.next(timeout: max(0.01, min(1, deadline.timeIntervalSinceNow))) {
            case .data(_, let chunk): data.append(chunk)
            case .timeout:
                guard Date() >= deadline else { continue }
                signalGroup(SIGKILL)
                return (data, wait(), true)
            case .end: return (data, wait(), false)
            case .interrupted:
                signalGroup(SIGKILL)
                _ = wait()
                throw Interrupted()
            }
        }
    }
}

/// The user pressed Ctrl-C.
public struct Interrupted: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted" }
}

enum SubprocessError: Error, CustomStringConvertible {
    case spawn(String, Int32)

    var description: String {
        switch self {
        case .spawn(let executable, let code): return "cannot start \(executable): \(String(cString: strerror(code)))"
        }
    }
}

/// A pipe whose ends are closed in spawned children (they get only what `adddup2` gives them).
func makePipe(_ fds: inout [Int32], nonBlocking: Bool = false) -> Bool {
    guard pipe(&fds) == 0 else { return false }
    for fd in fds {
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        if nonBlocking { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }
    return true
}

/// glibc's posix_spawn_file_actions_addchdir_np (2.29+), which Swift's Glibc module does not
/// export because it is declared only under _GNU_SOURCE.
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func spawnActionsAddChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32
