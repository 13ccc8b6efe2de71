import Foundation
import XCTest

/// The built `lessons` executable, run in a folder as a user would.
enum LessonsTool {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in folder: URL, input: String = "", environment extra: [String: String] = [:]) throws -> Result {
        let tool = try TestBuild.require().directory.appendingPathComponent("lessons")
        guard FileManager.default.isExecutableFile(atPath: tool.path) else {
            XCTFail("no `lessons` executable in \(tool.deletingLastPathComponent().path): run `swift build` first")
            throw CocoaError(.fileNoSuchFile)
        }
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["LESSONS_CACHE_DIR"] = nil
        environment.merge(extra) { $1 }
        process.environment = environment
        // Output goes to files, so neither stream can fill up and block the tool.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outFile = folder.appendingPathComponent("out"), errFile = folder.appendingPathComponent("err")
        for file in [outFile, errFile] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let stdout = try FileHandle(forWritingTo: outFile), stderr = try FileHandle(forWritingTo: errFile), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        stdin.fileHandleForWriting.closeFile()
        process.waitUntilExit()
        stdout.closeFile()
        stderr.closeFile()
        let out = try Data(contentsOf: outFile), err = try Data(contentsOf: errFile)
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }
}
