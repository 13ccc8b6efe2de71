import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One `lessons` command at a time per project: run, step and check all write the result cache
/// and the report, whose atomic renames would otherwise race (two runs finishing the same lesson,
/// or one cleaning up the other's temporary folder). A second command waits for the first, as
/// cargo does for its build folder. The lock is an `flock` on `.lessons-cache/lock`: the kernel
/// drops it when the holder exits, however it exits, so a crash never leaves a stale lock.
public final class ProjectLock {
    private let descriptor: Int32

    /// Takes the lock, calling `waiting` once (with the holder's pid when known) if another
    /// command holds it, then waiting until it is free. Ctrl-C while waiting throws `Interrupted`.
    public init(_ project: ProjectFolders, interruption: Interruption = .shared, waiting: (Int32?) -> Void = { _ in }) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: project.cacheDirectory, withIntermediateDirectories: true)
        let path = project.cacheDirectory.appendingPathComponent("lock").path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ProjectLockError.cannotOpen(path, String(cString: strerror(errno)))
        }
        var announced = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw ProjectLockError.cannotOpen(path, reason)
            }
            if !announced {
                waiting(Self.holder(path))
                announced = true
            }
            if interruption.isRequested {
                close(descriptor)
                throw Interrupted()
            }
            usleep(100_000)
        }
        // Note who holds it, for the message a second command prints.
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func holder(_ path: String) -> Int32? {
        (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}

enum ProjectLockError: Error, CustomStringConvertible {
    case cannotOpen(String, String)

    var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot lock \(path): \(reason)"
        }
    }
}
