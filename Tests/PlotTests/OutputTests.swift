import XCTest
@testable import Plot
import ImageIO

/// Saving and showing figures.
final class OutputTests: XCTestCase {
    var folder: String!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "plot-output-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        unsetenv("LESSONS_FIGURES")
        try? FileManager.default.removeItem(atPath: folder)
    }

    func testSaveWritesADecodablePNG() throws {
        let path = folder + "/loss.png"
        try Gallery.lossCurves.save(path)
        let image = try PNG.read(path: path)
        XCTAssertEqual(image.width, 1280)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["loss.png"], "no temporary file left")
    }

    func testSaveIntoAMissingFolderThrowsNamingTheFile() {
        let path = folder + "/missing/loss.png"
        XCTAssertThrowsError(try Figure().line([1.0]).save(path)) { error in
            XCTAssertTrue("\(error)".hasPrefix(path + ": "), "\(error)")
        }
    }

    func testShowNumbersFiguresInTheStepFolder() throws {
        let step = folder + "/step-3"
        setenv("LESSONS_FIGURES", step, 1)
        let first = try XCTUnwrap(Figure().line([1.0, 2]).show())
        let n = Int(first.split(separator: "-").last!.dropLast(4))!
        XCTAssertEqual(first, "\(step)/figure-\(n).png")
        // A name already taken is skipped.
        XCTAssertTrue(FileManager.default.createFile(atPath: "\(step)/figure-\(n + 1).png", contents: Data()))
        let second = try XCTUnwrap(Figure().line([2.0, 1]).show())
        XCTAssertEqual(second, "\(step)/figure-\(n + 2).png")
        XCTAssertEqual(try PNG.read(path: second).width, 1280)

        // The variable is read at each call.
        let other = folder + "/step-4"
        setenv("LESSONS_FIGURES", other, 1)
        XCTAssertEqual(Figure().line([1.0]).show(), "\(other)/figure-\(n + 3).png")
    }

    func testShowWithoutTheVariableWritesInTheCurrentFolder() throws {
        unsetenv("LESSONS_FIGURES")
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(folder))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        let name = try XCTUnwrap(Figure().line([1.0]).show())
        XCTAssertTrue(name.hasPrefix("figure-") && name.hasSuffix(".png"), name)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/" + name))
    }

    func testShowNeverThrows() {
        // LESSONS_FIGURES names a file, not a folder: one line on stderr, nil, no crash.
        let file = folder + "/not-a-folder"
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        setenv("LESSONS_FIGURES", file, 1)
        XCTAssertNil(Figure().line([1.0]).show())
    }
}
