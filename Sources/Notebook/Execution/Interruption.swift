import Foundation

/// Ctrl-C, turned from a signal into something the runner's loops can wait on: the SIGINT
/// handler sets a flag and writes a byte to a pipe that the loops poll alongside the child's
/// output. Tests call `request()` to interrupt deterministically.
public final class Interruption: @unchecked Sendable {
    /// The instance the SIGINT handler signals.
    public static let shared = Interruption()

    private let pipeFDs: [Int32]
    private let lock = NSLock()
    private var requested = false

    public init() {
        var fds: [Int32] = [-1, -1]
        _ = makePipe(&fds, nonBlocking: true)
        pipeFDs = fds
    }

    /// Descriptor that becomes readable once an interruption is requested.
    var wakeDescriptor: Int32 { pipeFDs[0] }

    public var isRequested: Bool {
        if self === Interruption.shared && signalFlag != 0 { return true }
        lock.lock(); defer { lock.unlock() }
        return requested
    }

    /// Asks every loop waiting on this instance to stop.
    public func request() {
        lock.lock()
        requested = true
        lock.unlock()
        var byte: UInt8 = 1
        _ = write(pipeFDs[1], &byte, 1)
    }

    /// Routes SIGINT to `shared` instead of ending the process.
    public static func installSignalHandler() {
        signalWakeFD = shared.pipeFDs[1]
        signal(SIGINT) { _ in
            // Only async-signal-safe work here: a flag and a write.
            signalFlag = 1
            var byte: UInt8 = 1
            _ = write(signalWakeFD, &byte, 1)
        }
    }
}

nonisolated(unsafe) private var signalWakeFD: Int32 = -1
nonisolated(unsafe) private var signalFlag: sig_atomic_t = 0
