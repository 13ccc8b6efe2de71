import XCTest

/// The module boundaries of ARCHITECTURE.md: each module imports only what it may. SwiftPM does
/// not stop a target from importing a sibling it does not declare when the sibling happens to be
/// built first, so this reads the sources.
final class ArchitectureTests: XCTestCase {
    static let system: Set<String> = ["Foundation", "Glibc", "Darwin", "Dispatch", "FoundationEssentials", "Synchronization"]
    static let allowed: [String: Set<String>] = [
        "CKernels": [],
        "FileSystem": [],
        "ImageIO": ["CPNG", "FileSystem"],
        "Engine": ["CBLAS", "CZlib", "CKernels", "ImageIO", "FileSystem"],
        "Plot": ["CCairo", "ImageIO"],
        "LessonRuntime": [],
        "CourseModels": ["Engine"],
        "Notebook": ["CMark", "Yams", "CSQLite", "LessonRuntime", "FileSystem", "Mustache"],
        "Preview": ["Notebook", "FileSystem", "FlyingFox", "FlyingSocks"],
        "lessons": ["Notebook", "Engine", "CourseModels", "Preview", "ArgumentParser", "FileSystem"],
    ]

    func testEveryModuleImportsOnlyWhatItMay() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        var checked = 0
        for (module, allowed) in Self.allowed {
            let folder = sources.appendingPathComponent(module)
            let enumerator = FileManager.default.enumerator(atPath: folder.path)
            while let path = enumerator?.nextObject() as? String {
                guard path.hasSuffix(".swift") else { continue }
                let text = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
                // Imports start their line; an indented `import` is text in a string (the generated program's).
                for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("@") {
                    let words = line.split(separator: " ").map(String.init)
                    guard let at = words.firstIndex(of: "import"), words[..<at].allSatisfy({ $0.hasPrefix("@") }),
                          words.count > at + 1 else { continue }
                    let imported = words[at + 1].split(separator: ".").first.map(String.init) ?? ""
                    checked += 1
                    XCTAssertTrue(Self.system.contains(imported) || allowed.contains(imported),
                                  "Sources/\(module)/\(path) imports \(imported), which \(module) may not (see ARCHITECTURE.md)")
                }
            }
        }
        XCTAssertGreaterThan(checked, 50, "the sources were found")
    }
}
