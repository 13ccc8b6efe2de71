import Foundation

/// Where a student's copy is compiled and run: a bubblewrap sandbox (Debian's `bubblewrap`)
/// with no network, its own PID namespace (everything in it dies with it), an unprivileged
/// uid, the system, the toolchain, the LessonKit build and the data folder read-only, a
/// private empty HOME and /tmp, only the copy's own work folder writable, a scrubbed
/// environment, and rlimits on memory, processes, open files, file size and CPU time.
///
/// Deliberately out: cgroups (the machines this was built on have no writable cgroup tree; the
/// rlimits bound one copy, the uid of its slot bounds its processes) and seccomp filters.
public struct Sandbox: Sendable {
    /// A program to start, before or after wrapping.
    public struct Command: Sendable {
        public var executable: String
        public var arguments: [String]
        public var environment: [String: String]
        public var workingDirectory: URL?
    }

    /// Resource limits of one sandboxed process tree.
    public struct Limits: Sendable, Equatable {
        /// Address space per process (RLIMIT_AS).
        public var memoryBytes: UInt64 = 8 << 30
        /// Processes and threads of the sandbox's uid (RLIMIT_NPROC).
        public var processes: Int = 128
        public var openFiles: Int = 512
        /// Largest file it may write (RLIMIT_FSIZE).
        public var fileSizeBytes: UInt64 = 1 << 30
        /// CPU seconds per process (RLIMIT_CPU); the wall-clock limit is the grader's `--timeout`.
        public var cpuSeconds: Int = 3600

        public init() {}
    }

    /// Folders every sandboxed process may read (the LessonKit snapshot, the toolchain).
    public var readOnly: [URL]
    public var limits: Limits
    /// The uid and gid the sandbox runs as when the grader runs as root (each parallel slot its
    /// own, so that RLIMIT_NPROC counts one copy's processes); nil otherwise.
    public var uid: UInt32?

    /// bubblewrap; `LESSONS_BWRAP` names another (tests use it to see the refusal when it cannot run).
    static let bwrap = ProcessInfo.processInfo.environment["LESSONS_BWRAP"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/bin/bwrap"
    static let prlimit = "/usr/bin/prlimit"
    static let setpriv = "/usr/bin/setpriv"

    public init(readOnly: [URL], limits: Limits = Limits(), slot: Int = 0) {
        self.readOnly = readOnly
        self.limits = limits
        uid = getuid() == 0 ? 64000 + UInt32(slot) : nil
    }

    /// The same sandbox for parallel slot `slot`.
    public func forSlot(_ slot: Int) -> Sandbox {
        var copy = self
        if copy.uid != nil { copy.uid = 64000 + UInt32(slot) }
        return copy
    }

    /// Why the sandbox cannot run here, or nil when it can (it starts one for real).
    public static func unavailableReason() -> String? {
        for tool in [bwrap, prlimit, setpriv] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is missing (Debian: apt-get install bubblewrap util-linux; `make deps` does it)"
        }
        let probe = Sandbox(readOnly: [])
        let command = probe.wrap(Command(executable: "/usr/bin/true", arguments: [], environment: [:], workingDirectory: nil),
                                 writable: [], readable: [])
        guard let child = try? Subprocess.spawn(command.executable, arguments: command.arguments, environment: command.environment),
              let (output, termination, _) = try? child.collectOutput(interruption: nil, timeLimit: 20) else {
            return "bubblewrap could not be started"
        }
        guard termination == .exited(0) else {
            let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return "bubblewrap cannot make a sandbox here: \(text.isEmpty ? "\(termination)" : text)"
        }
        return nil
    }

    /// Makes `folders` (fresh work folders of the grader's, and everything in them) writable
    /// by the sandbox's uid.
    public func handOver(_ folders: [URL]) throws {
        guard let uid else { return }
        for folder in folders {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var paths = [folder.path]
            let enumerator = FileManager.default.enumerator(atPath: folder.path)
            while let path = enumerator?.nextObject() as? String { paths.append(folder.appendingPathComponent(path).path) }
            for path in paths where lchown(path, uid, uid) != 0 {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
    }

    /// `command` run inside the sandbox, seeing the system read-only, `readable` read-only and
    /// `writable` read-write (each at its own path), and only the environment it is given.
    /// `mounts` are further writable folders, each shown at another path.
    public func wrap(_ command: Command, writable: [URL], readable: [URL], mounts: [(source: URL, at: URL)] = []) -> Command {
        var args: [String] = [
            "--as=\(limits.memoryBytes)", "--nproc=\(limits.processes)", "--nofile=\(limits.openFiles)",
            "--fsize=\(limits.fileSizeBytes)", "--cpu=\(limits.cpuSeconds)", "--core=0", "--",
        ]
        if let uid {
            args += [Self.setpriv, "--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", "--inh-caps=-all", "--"]
        }
        args += [Self.bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv"]
        // The system, as links or read-only folders.
        for top in ["/usr", "/bin", "/lib", "/lib64", "/sbin", "/opt"] {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: top) {
                args += ["--symlink", target, top]
            } else if top != "/opt", FileManager.default.fileExists(atPath: top) {
                args += ["--ro-bind", top, top]
            }
        }
        for path in ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/fonts"]
            where FileManager.default.fileExists(atPath: path) {
            args += ["--ro-bind", path, path]
        }
        args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", "/tmp/home"]
        for folder in Self.toolchainFolders + readOnly + readable where FileManager.default.fileExists(atPath: folder.path) {
            args += ["--ro-bind", folder.path, folder.path]
        }
        for folder in writable {
            args += ["--bind", folder.path, folder.path]
        }
        for mount in mounts {
            args += ["--bind", mount.source.path, mount.at.path]
        }
        if let directory = command.workingDirectory { args += ["--chdir", directory.path] }
        var environment = command.environment
        environment["HOME"] = "/tmp/home"
        environment["TMPDIR"] = "/tmp"
        environment["PATH"] = (Self.toolchainFolders.map { $0.appendingPathComponent("usr/bin").path } + ["/usr/bin", "/bin"]).joined(separator: ":")
        environment["LANG"] = "C.UTF-8"
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) { args += ["--setenv", name, value] }
        args += ["--", command.executable] + command.arguments
        return Command(executable: Self.prlimit, arguments: args, environment: ["PATH": "/usr/bin:/bin"], workingDirectory: nil)
    }

    /// The Swift toolchain's folder when it lives outside /usr (e.g. /opt/swift).
    static let toolchainFolders: [URL] = {
        let swiftc = URL(fileURLWithPath: Compiler.swiftc).resolvingSymlinksInPath()
        // <root>/usr/bin/swiftc → <root>
        let root = swiftc.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.path.hasPrefix("/usr") || root.path == "/" ? [] : [root]
    }()

    /// Variables passed through from the grader's environment: those that change how OpenBLAS
    /// and the engine's threads behave, nothing personal. The engine's idle workers wait
    /// passively (OMP_WAIT_POLICY, unless the grader sets it): copies graded side by side share
    /// the cores, where a worker spinning for its own copy holds one another copy needs (each
    /// copy's share of the cores comes from `RunOptions.threads`).
    public static func passThrough(_ environment: [String: String]) -> [String: String] {
        var passed = environment.filter {
            $0.key.hasPrefix("OPENBLAS_") || ["OMP_NUM_THREADS", "LESSONS_THREADS", "OMP_WAIT_POLICY", "LESSONS_ISA"].contains($0.key)
        }
        if passed["OMP_WAIT_POLICY"] == nil { passed["OMP_WAIT_POLICY"] = "passive" }
        return passed
    }
}
