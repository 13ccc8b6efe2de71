import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writing files and folders so a reader (or a crash) never sees a half-written one.
enum AtomicWrite {
    /// Writes `data` to a temporary file beside `url`, then renames it over `url`.
    static func file(_ data: Data, to url: URL) throws {
        let tmp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        do {
            try data.write(to: tmp)
            try rename(tmp, to: url)
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw error
        }
    }

    /// Builds a folder's new contents in a temporary folder beside `url` (by calling `build` with
    /// it), then puts it in place of the old folder. If `build` throws, the old folder is untouched
    /// and the temporary one removed. Left-overs of an earlier crash are cleaned up first.
    static func directory(_ url: URL, build: (URL) throws -> Void) throws {
        let fm = FileManager.default
        let parent = url.deletingLastPathComponent()
        let name = url.lastPathComponent
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        removeLeftovers(of: name, in: parent)

        let tmp = parent.appendingPathComponent(".\(name).tmp-\(UUID().uuidString)")
        try fm.createDirectory(at: tmp, withIntermediateDirectories: false)
        do {
            try build(tmp)
        } catch {
            try? fm.removeItem(at: tmp)
            throw error
        }

        var isDir: ObjCBool = false
        if !fm.fileExists(atPath: url.path, isDirectory: &isDir) {
            try rename(tmp, to: url)
        } else if isDir.boolValue, exchange(tmp, url) {
            // The old contents are now at `tmp`.
            try? fm.removeItem(at: tmp)
        } else {
            // No atomic exchange here (old kernel or file system): move the old folder aside
            // first. A crash between the two renames leaves it in `.name.old-…`, not lost.
            let old = parent.appendingPathComponent(".\(name).old-\(UUID().uuidString)")
            try rename(url, to: old)
            do {
                try rename(tmp, to: url)
            } catch {
                try? rename(old, to: url)
                try? fm.removeItem(at: tmp)
                throw error
            }
            try? fm.removeItem(at: old)
        }
    }

    /// `rename(2)`, with a Foundation-style error.
    static func rename(_ from: URL, to: URL) throws {
        guard Foundation.rename(from.path, to.path) == 0 else {
            let code = errno
            throw CocoaError(.fileWriteUnknown, userInfo: [
                NSFilePathErrorKey: to.path,
                NSLocalizedDescriptionKey: "cannot rename \(from.path) to \(to.path): \(String(cString: strerror(code)))",
            ])
        }
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// Swaps two paths atomically with Linux's `renameat2(RENAME_EXCHANGE)`; false where that
    /// is unavailable. Looked up at run time: Swift's Glibc module does not export it.
    static func exchange(_ a: URL, _ b: URL) -> Bool {
        #if os(Linux)
        guard let sym = dlsym(nil, "renameat2") else { return false }
        let renameat2 = unsafeBitCast(sym, to: RenameAt2.self)
        let atFDCWD: Int32 = -100
        let renameExchange: UInt32 = 1 << 1
        return renameat2(atFDCWD, a.path, atFDCWD, b.path, renameExchange) == 0
        #else
        return false
        #endif
    }

    /// Removes `.name.tmp-…` and `.name.old-…` folders a crash may have left behind.
    private static func removeLeftovers(of name: String, in parent: URL) {
        let fm = FileManager.default
        guard let items = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for item in items where item.hasPrefix(".\(name).tmp-") || item.hasPrefix(".\(name).old-") {
            try? fm.removeItem(at: parent.appendingPathComponent(item))
        }
    }
}
