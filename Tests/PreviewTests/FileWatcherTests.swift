import Foundation
import XCTest
@testable import Preview

final class FileWatcherTests: XCTestCase {
    func testChangedNewAndDeletedFilesAreSeenOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("preview-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.md"), b = folder.appendingPathComponent("sub/b.bin")
        try Data("one".utf8).write(to: a)
        try Data("x".utf8).write(to: b)
        var watcher = FileWatcher(paths: [folder])
        XCTAssertEqual(watcher.changes(), [])

        try Data("two".utf8).write(to: a)   // same size: the modification time tells
        let c = folder.appendingPathComponent("c.md")
        try Data("new".utf8).write(to: c)
        try FileManager.default.removeItem(at: b)
        XCTAssertEqual(Set(watcher.changes().map(\.lastPathComponent)), ["a.md", "c.md", "b.bin"])
        XCTAssertEqual(watcher.changes(), [], "a change is reported once")

        try Data("hidden".utf8).write(to: folder.appendingPathComponent(".a.md.swp"))
        XCTAssertEqual(watcher.changes(), [], "editors' hidden files are not lessons")
    }

    func testAWatchedFileThatDoesNotExistYet() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("preview-watch-\(UUID().uuidString).md")
        defer { try? FileManager.default.removeItem(at: file) }
        var watcher = FileWatcher(paths: [file])
        try Data("now".utf8).write(to: file)
        XCTAssertEqual(watcher.changes().map(\.lastPathComponent), [file.lastPathComponent])
    }
}
