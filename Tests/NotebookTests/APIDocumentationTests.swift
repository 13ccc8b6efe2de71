import Foundation
import XCTest
@testable import Notebook

/// Every public symbol of Engine and Plot has a doc comment (the API reference `make docs` renders
/// is made of them). The symbols come from `swift-symbolgraph-extract` run on the build the tests
/// run against, as DocC sees them; a failure lists each undocumented symbol at its file:line.
final class APIDocumentationTests: XCTestCase {
    func testEveryPublicSymbolOfEngineHasADocComment() throws {
        try assertDocumented(module: "Engine")
    }

    func testEveryPublicSymbolOfPlotHasADocComment() throws {
        try assertDocumented(module: "Plot")
    }

    private func assertDocumented(module: String) throws {
        let undocumented = try APISymbols.undocumented(module: module, build: TestBuild.require())
        XCTAssertTrue(undocumented.isEmpty, """
            \(undocumented.count) public symbols of \(module) have no doc comment (add a one-line `///` summary, \
            with the PyTorch name where it mirrors one):
            \(undocumented.joined(separator: "\n"))
            """)
    }
}

/// Public symbols of a module, read from the symbol graph of a LessonKit build.
enum APISymbols {
    /// The package root: three folders above this file (Tests/NotebookTests/X.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().standardizedFileURL

    /// `swift-symbolgraph-extract` next to the swiftc lessons compile with, else on PATH.
    static var extractor: String {
        let name = "swift-symbolgraph-extract"
        let beside = URL(fileURLWithPath: Compiler.swiftc).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return beside
    }

    /// "file:line: kind name" for each public symbol declared under the package's Sources/ that
    /// has no doc comment, sorted by file and line.
    static func undocumented(module: String, build: LessonKitBuild) throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("symbolgraph-\(module)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        var arguments = ["-module-name", module, "-I", build.directory.appendingPathComponent("Modules").path,
                         "-target", try targetTriple(), "-output-dir", folder.path, "-minimum-access-level", "public"]
        for map in build.moduleMaps { arguments += ["-Xcc", "-fmodule-map-file=\(map.path)"] }
        let result = try run(extractor, arguments)
        guard result.status == 0 else {
            throw APISymbolsError.extraction("\(extractor) failed (\(result.status)): \(result.output)")
        }

        // The module's own graph, plus one per module it extends (`Engine@Swift.symbols.json`).
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix(module) && $0.hasSuffix(".symbols.json") }
        guard !files.isEmpty else { throw APISymbolsError.extraction("no symbol graph for \(module) in \(folder.path)") }
        let sources = packageRoot.appendingPathComponent("Sources").path + "/"
        var found: [(file: String, line: Int, text: String)] = []
        for file in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            let graph = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            for symbol in graph?["symbols"] as? [[String: Any]] ?? [] {
                guard symbol["docComment"] == nil,
                      let location = symbol["location"] as? [String: Any],
                      let uri = location["uri"] as? String,
                      let path = URL(string: uri)?.path, path.hasPrefix(sources) else { continue }
                let line = ((location["position"] as? [String: Any])?["line"] as? Int ?? 0) + 1
                let kind = (symbol["kind"] as? [String: Any])?["displayName"] as? String ?? "symbol"
                let names = symbol["names"] as? [String: Any]
                let fragments = (names?["subHeading"] as? [[String: Any]])?.compactMap { $0["spelling"] as? String }
                let title = fragments?.joined() ?? names?["title"] as? String ?? "?"
                let relative = String(path.dropFirst(packageRoot.path.count + 1))
                found.append((relative, line, "\(relative):\(line): \(kind) \(title)"))
            }
        }
        return found.sorted { ($0.file, $0.line, $0.text) < ($1.file, $1.line, $1.text) }.map(\.text)
    }

    /// The triple swiftc builds for here (`x86_64-unknown-linux-gnu`, `aarch64-unknown-linux-gnu`).
    static func targetTriple() throws -> String {
        let result = try run(Compiler.swiftc, ["-print-target-info"])
        guard let info = try? JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any],
              let target = info["target"] as? [String: Any], let triple = target["triple"] as? String else {
            throw APISymbolsError.extraction("swiftc -print-target-info said: \(result.output)")
        }
        return triple
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

enum APISymbolsError: Error, CustomStringConvertible {
    case extraction(String)
    var description: String {
        switch self { case .extraction(let message): return message }
    }
}
