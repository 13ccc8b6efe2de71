import FileSystem
import Foundation
import LessonRuntime
import XCTest
@testable import Notebook

/// The helpers every part of the runner shares: one way to write a file whole, to ask what is at
/// a path, to format durations and points, to print a table, to prune a cache, to say
/// which Markdown lines a step covers, and to record a data source.
final class SharedHelpersTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = try ReportFixture.tempDir()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    func testAtomicFileNamesTheTargetWhenItCannotWrite() throws {
        let target = dir.appendingPathComponent("missing/out.json")
        XCTAssertThrowsError(try AtomicFile.write(Data("x".utf8), to: target)) { error in
            XCTAssertEqual(error as? FileWriteError,
                           FileWriteError(path: target.path, reason: "the folder \(dir.path)/missing does not exist"))
            XCTAssertEqual(FileSystemErrorMessage.describe(error), "cannot write \(target.path): the folder \(dir.path)/missing does not exist")
        }
        let written = dir.appendingPathComponent("out.json")
        try AtomicFile.write([UInt8]("{}".utf8), to: written.path)
        let mode = try FileManager.default.attributesOfItem(atPath: written.path)[.posixPermissions] as? Int
        XCTAssertNotEqual(mode, 0o600, "a new file gets the usual permissions, not mkstemp's")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["out.json"], "no temporary file left")
    }

    func testFileKindNeverFollowsALink() throws {
        let file = dir.appendingPathComponent("a.png"), link = dir.appendingPathComponent("b.png")
        try Data(count: 10).write(to: file)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
        XCTAssertEqual(FileKind(of: file), .file(size: 10, links: 1))
        XCTAssertEqual(FileKind(of: link), .link)
        XCTAssertEqual(FileKind(of: dir), .folder)
        XCTAssertEqual(FileKind(of: dir.appendingPathComponent("none")), .missing)
        XCTAssertTrue(FileKind.isPlainFile(file, maxBytes: 10))
        XCTAssertFalse(FileKind.isPlainFile(file, maxBytes: 9))
        XCTAssertFalse(FileKind.isPlainFile(link))
        XCTAssertTrue(FileKind.isPlainFolder(dir))
    }

    func testPointsKeepTheirHalves() {
        // `%.2g` once made 12.5 points "12" and 123.5 points "1.2e+02" on the report.
        XCTAssertEqual(Formatting.points(12.5), "12.5")
        XCTAssertEqual(Formatting.points(123.5), "123.5")
        XCTAssertEqual(Formatting.points(3), "3")
        XCTAssertEqual(Formatting.points(2.0 / 3), "0.67")
        XCTAssertEqual(Formatting.points(0.5), "0.5")
        XCTAssertEqual(Formatting.points(0), "0")
    }

    func testDurations() {
        XCTAssertEqual(Formatting.duration(0), "0.00 s")
        XCTAssertEqual(Formatting.duration(0.42), "0.42 s")
        XCTAssertEqual(Formatting.duration(2), "2 s", "a time limit reads as the lesson wrote it")
        XCTAssertEqual(Formatting.duration(12.34), "12.3 s")
        XCTAssertEqual(Formatting.duration(245), "4 min 05 s")
        XCTAssertEqual(Formatting.duration(3720), "1 h 02 min")
        XCTAssertEqual(Formatting.duration(.nan), "–")
    }

    func testTextTableAlignsColumns() {
        XCTAssertEqual(TextTable.render([["NAME", "POINTS"], ["alice", "3"], ["bob", ""]]),
                       "NAME   POINTS\nalice  3\nbob\n")
        XCTAssertEqual(TextTable.render([]), "")
    }

    func testCachePruningKeepsTheNewestAndTheKept() throws {
        let fm = FileManager.default
        for (k, name) in ["a", "b", "c", "d", ".tmp-1", "last"].enumerated() {
            let url = dir.appendingPathComponent(name)
            try fm.createDirectory(at: url, withIntermediateDirectories: true)
            try fm.setAttributes([.modificationDate: Date(timeIntervalSince1970: Double(1000 * k))], ofItemAtPath: url.path)
        }
        CachePruning.keepNewest(2, in: dir, keeping: ["a"], ignoring: ["last"])
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: dir.path).sorted(), [".tmp-1", "a", "d", "last"])
        CachePruning.removeAbandonedWork(in: dir, olderThan: 60)
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: dir.path).sorted(), ["a", "d", "last"])
    }

    func testStepLinesEndAtTheLastLineOfCode() {
        let step = Step(index: 0, code: "let a = 1\nprint(a)\n", line: 10, options: StepOptions())
        XCTAssertEqual(step.lines, 10...11)
        XCTAssertEqual(Step(index: 0, code: "", line: 4, options: StepOptions()).lines, 4...4)
    }

    func testDataSourceRecordsCarryTheirKind() throws {
        let record = DataSourceRecord(description: "CIFAR-10 not found: ran on a synthetic stand-in", kind: .synthetic)
        XCTAssertEqual(DataSourceRecord(line: record.line), record)
        XCTAssertTrue(DataSourceRecord(line: record.line).isSynthetic)
        // A line written by other means is its own description, of no kind: not taken for a stand-in.
        XCTAssertEqual(DataSourceRecord(line: "my synthetic points"), DataSourceRecord(description: "my synthetic points"))
        XCTAssertFalse(DataSourceRecord(line: "my synthetic points").isSynthetic)
        // Runs stored before records had kinds hold bare strings.
        let old = try JSONDecoder().decode([DataSourceRecord].self, from: Data(#"["MNIST: data/ (70,000 images)"]"#.utf8))
        XCTAssertEqual(old, [DataSourceRecord(description: "MNIST: data/ (70,000 images)")])
    }
}
