import XCTest
@testable import Notebook

/// What a command hands the runner instead of global hooks: the engine's datasets as a value,
/// and the one rule for the data folder.
final class RunSetupTests: XCTestCase {
    private func lesson(data: String) throws -> Lesson {
        try LessonParser.parse(text: "---\ntitle: T\ndata: [\(data)]\n---\n# T\n\n```swift\nprint(1)\n```\n", path: "lessons/09-t.md")
    }

    func testTheDataFingerprintComesFromTheDatasetsHandedIn() throws {
        let mnist = try lesson(data: "mnist")
        XCTAssertEqual(KnownDatasets.unknown.fingerprint(of: mnist, dataDirectory: "/d"), "datasets=mnist folder=/d")
        let known = KnownDatasets(names: ["mnist"]) { names, folder in "\(names.joined())@\(folder ?? "default")" }
        XCTAssertEqual(known.fingerprint(of: mnist, dataDirectory: nil), "datasets=mnist folder= files=mnist@default")
        XCTAssertEqual(known.fingerprint(of: try lesson(data: ""), dataDirectory: "/d"), "datasets= folder=/d",
                       "a lesson without datasets reads no dataset files")
        XCTAssertEqual(DataWarnings.unknownDatasets(try lesson(data: "mnits"), known: known.names).count, 1)
    }

    func testTheDataFolderIsDataThenTheVariableThenTheProjectsOwn() {
        let project = ProjectFolders(lessonsDirectory: URL(fileURLWithPath: "/course/lessons"), environment: [:])
        XCTAssertEqual(project.dataFolder("/given/../data", environment: ["LESSONS_DATA": "/env"]).path, "/data")
        XCTAssertEqual(project.dataFolder(nil, environment: ["LESSONS_DATA": "/env"]).path, "/env")
        XCTAssertEqual(project.dataFolder(nil, environment: ["LESSONS_DATA": ""]).path, "/course/data")
        XCTAssertEqual(project.dataFolder(nil, environment: [:]).path, "/course/data")
    }

    func testAStudentNameCannotMoveTheCursor() {
        XCTAssertEqual(ScoreTable.printable("eve\u{1B}[2Kmallory"), "eve\\u{1b}[2Kmallory")
        XCTAssertEqual(ScoreTable.printable("zoë"), "zoë")
    }
}
