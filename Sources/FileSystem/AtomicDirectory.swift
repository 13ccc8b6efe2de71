import Foundation
import Glibc

/// Replacing a whole folder so that readers (and a crash) see either the old folder or the
/// complete new one: the new contents are built in `.NAME.tmp-…` beside it, which then takes
/// its place. The one way the package replaces a folder.
public enum AtomicDirectory {
    /// Builds the folder's new contents in a temporary folder beside `url` (by calling `build`
    /// with it), then puts it in place of the old folder. If `build` throws, the old folder is
    /// untouched and the temporary one removed. Left-overs of an earlier crash are removed first.
    public static func replace(_ url: URL, build: (URL) throws -> Void) throws {
        let fm = FileManager.default
        let parent = url.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        removeLeftovers(of: url.lastPathComponent, in: parent)
        let temporary = parent.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        try fm.createDirectory(at: temporary, withIntermediateDirectories: false)
        do {
            try build(temporary)
            try install(temporary, at: url)
        } catch {
            try? fm.removeItem(at: temporary)
            throw error
        }
    }

    /// Moves the finished folder `built` to `url` (on the same file system), in place of what
    /// was there: swapped in one step where the kernel can (Linux's `renameat2`), else the old
    /// folder first steps aside to `.NAME.old-…`, so a crash between the two renames loses
    /// nothing. The old contents are removed.
    public static func install(_ built: URL, at url: URL) throws {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if !fm.fileExists(atPath: url.path, isDirectory: &isFolder) {
            try AtomicFile.rename(built.path, to: url.path)
        } else if isFolder.boolValue, exchange(built, url) {
            // The old contents are now at `built`.
            try? fm.removeItem(at: built)
        } else {
            let old = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).old-\(UUID().uuidString)")
            try AtomicFile.rename(url.path, to: old.path)
            do {
                try AtomicFile.rename(built.path, to: url.path)
            } catch {
                try? AtomicFile.rename(old.path, to: url.path)
                throw error
            }
            try? fm.removeItem(at: old)
        }
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// Swaps two paths atomically with Linux's `renameat2(RENAME_EXCHANGE)`; false where that
    /// is unavailable. Looked up at run time: Swift's Glibc module does not export it.
    public static func exchange(_ a: URL, _ b: URL) -> Bool {
        guard let symbol = dlsym(nil, "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let currentFolder: Int32 = -100  // AT_FDCWD
        let renameExchange: UInt32 = 1 << 1
        return renameat2(currentFolder, a.path, currentFolder, b.path, renameExchange) == 0
    }

    /// Removes `.NAME.tmp-…` and `.NAME.old-…` folders a crash may have left behind.
    private static func removeLeftovers(of name: String, in parent: URL) {
        let fm = FileManager.default
        guard let items = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for item in items where item.hasPrefix(".\(name).tmp-") || item.hasPrefix(".\(name).old-") {
            try? fm.removeItem(at: parent.appendingPathComponent(item))
        }
    }
}
