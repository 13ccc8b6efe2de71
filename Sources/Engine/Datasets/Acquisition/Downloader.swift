import Foundation

/// Fetches official files: into a temporary file next to the destination, checked
/// against the published size and MD5, then renamed into place. A failed or corrupt
/// download is deleted and reported, never used.
///
/// Transfers go through `curl` (short connect timeout, aborts a stalled transfer), so
/// a machine without network fails within seconds; after one unreachable host the
/// process stops trying. `LESSONS_OFFLINE=1` turns downloads off.
public enum Downloader {
    /// Moves the bytes of `url` into the file `destination` (which it creates), calling
    /// `progress(bytesSoFar)` now and then. Replaceable in tests; the default runs curl.
    nonisolated(unsafe) public static var transport: (_ url: String, _ destination: URL,
                                                      _ progress: (Int) -> Void) throws -> Void = curlTransport

    /// Set once a host could not be reached; later fetches fail at once with this reason.
    nonisolated(unsafe) public static var unreachable: String?

    /// Why downloads are off in this process, or nil when they may be tried.
    public static var disabledReason: String? {
        if let v = ProcessInfo.processInfo.environment["LESSONS_OFFLINE"], !v.isEmpty, v != "0" {
            return "downloads are off (LESSONS_OFFLINE is set)"
        }
        return unreachable.map { "no network (an earlier download failed: \($0))" }
    }

    /// Downloads `file` to `destination`, trying each mirror; prints progress to stderr.
    /// Throws a `DatasetError` naming the file when every mirror fails.
    public static func fetch(_ file: RemoteFile, to destination: URL) throws {
        if let reason = disabledReason { throw DatasetError(file.name, reason) }
        let folder = destination.deletingLastPathComponent()
        let fm = FileManager.default
        let folderExisted = fm.fileExists(atPath: folder.path)
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw DatasetError(folder, "cannot create the folder (\(error.localizedDescription))")
        }
        // A failed first download leaves no empty folder behind (it would read as incomplete).
        var succeeded = false
        defer {
            if !succeeded && !folderExisted && ((try? fm.contentsOfDirectory(atPath: folder.path))?.isEmpty ?? false) {
                try? fm.removeItem(at: folder)
            }
        }
        var failures: [String] = []
        for url in file.urls {
            let temp = folder.appendingPathComponent(".\(file.name).download-\(ProcessInfo.processInfo.processIdentifier)")
            defer { try? FileManager.default.removeItem(at: temp) }
            let progress = ProgressLine(name: file.name, total: file.size)
            do {
                try transport(url, temp) { progress.update($0) }
                progress.finish()
                let size = (try? FileManager.default.attributesOfItem(atPath: temp.path)[.size] as? Int) ?? -1
                guard size == file.size else {
                    throw DatasetError(url, "corrupt download: \(size) bytes, expected \(file.size); deleted")
                }
                let md5 = try MD5.hex(ofFile: temp)
                guard md5 == file.md5 else {
                    throw DatasetError(url, "corrupt download: MD5 \(md5), expected \(file.md5); deleted")
                }
                _ = try? FileManager.default.removeItem(at: destination)
                try FileManager.default.moveItem(at: temp, to: destination)
                succeeded = true
                return
            } catch let error as DatasetError {
                progress.abandon()
                failures.append(error.description)
                if unreachable != nil { break }
            } catch {
                progress.abandon()
                failures.append("\(url): \(error.localizedDescription)")
            }
        }
        throw DatasetError(file.name, "download failed: " + failures.joined(separator: "; "))
    }

    /// The default transport: `curl --fail --location`, polled for progress.
    public static func curlTransport(_ url: String, _ destination: URL, _ progress: (Int) -> Void) throws {
        let curl = ["/usr/bin/curl", "/usr/local/bin/curl", "/opt/homebrew/bin/curl"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let curl else { throw DatasetError(url, "curl not found: install curl, or put the files in the data folder") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: curl)
        process.arguments = ["--fail", "--location", "--silent", "--show-error",
                             "--connect-timeout", "10", "--speed-time", "30", "--speed-limit", "1024",
                             "--output", destination.path, url]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        while process.isRunning {
            Thread.sleep(forTimeInterval: 0.25)
            let size = (try? FileManager.default.attributesOfItem(atPath: destination.path)[.size] as? Int) ?? 0
            progress(size)
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: #"curl: \(\d+\) "#, with: "", options: .regularExpression)
        let status = process.terminationStatus
        guard status == 0 else {
            // 5, 6: cannot resolve proxy/host; 7: cannot connect; 28: timed out.
            if [5, 6, 7, 28].contains(status) { unreachable = message.isEmpty ? "curl exit \(status)" : message }
            throw DatasetError(url, message.isEmpty ? "curl failed with exit status \(status)" : message)
        }
    }
}

/// "downloading x.gz: 45% of 9.9 MB", rewritten in place on a terminal, every
/// quarter on a pipe (so captured lesson output stays short).
final class ProgressLine {
    private let name: String, total: Int
    private let tty = isatty(STDERR_FILENO) != 0
    private var lastQuarter = -1
    private var started = false

    init(name: String, total: Int) { self.name = name; self.total = total }

    func update(_ bytes: Int) {
        guard bytes > 0 else { return }  // nothing yet: say nothing (an offline failure is instant)
        let percent = total > 0 ? min(100, bytes * 100 / total) : 0
        if tty {
            write("\rdownloading \(name): \(percent)% of \(byteSize(total))")
        } else if percent / 25 > lastQuarter {
            lastQuarter = percent / 25
            write("downloading \(name): \(percent)% of \(byteSize(total))\n")
        }
        started = true
    }

    func finish() {
        if tty && started { write("\rdownloading \(name): done (\(byteSize(total)))\n") }
    }

    func abandon() { if tty && started { write("\n") } }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}
