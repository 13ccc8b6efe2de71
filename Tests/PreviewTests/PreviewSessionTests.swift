import FlyingFox
import Foundation
import XCTest
@testable import Notebook
@testable import Preview

/// The preview's loop on a real lesson, compiled and run against LessonKit: a prose edit
/// re-renders the page without running, a code edit runs it, a compile error still writes the
/// page with its banner, a file that does not parse is told by file and line; every one tells the
/// open pages which pages to reload.
final class PreviewSessionTests: XCTestCase {
    private let lesson = "---\ntitle: Live\n---\nFirst prose.\n\n```swift\nprint(\"value 1\")\n```\n"

    private final class Pages: @unchecked Sendable {
        private let lock = NSLock()
        private var received: [PreviewEvent] = []
        var events: [PreviewEvent] { lock.lock(); defer { lock.unlock() }; return received }
        func add(_ event: PreviewEvent) { lock.lock(); received.append(event); lock.unlock() }
        func clear() { lock.lock(); received.removeAll(); lock.unlock() }
    }

    /// A page connected to `hub`, collecting what it is sent.
    private func connect(_ hub: EventHub) async throws -> Pages {
        let pages = Pages()
        let (incoming, _) = AsyncStream<WSMessage>.makeStream()
        let messages = try await hub.makeMessages(for: incoming)
        Task {
            for await message in messages {
                if case .text(let text) = message, let event = try? JSONDecoder().decode(PreviewEvent.self, from: Data(text.utf8)) { pages.add(event) }
            }
        }
        return pages
    }

    private func waitFor(_ pages: Pages, _ kind: PreviewEvent.Kind) async throws -> PreviewEvent {
        for _ in 0..<100 {
            if let event = pages.events.last(where: { $0.kind == kind }) { return event }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        XCTFail("no \(kind) event; got \(pages.events)")
        throw CancellationError()
    }

    func testEditsRerenderRerunAndReportFailures() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("preview-session-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let lessons = root.appendingPathComponent("lessons")
        try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
        let file = lessons.appendingPathComponent("01-live.md")
        try lesson.write(to: file, atomically: true, encoding: .utf8)
        let project = ProjectFolders(lessonsDirectory: lessons, environment: [:])
        let build = try LessonKitBuild.locate()
        let hub = EventHub()
        let pages = try await connect(hub)
        let session = PreviewSession(project: project, build: build, datasets: .unknown, hub: hub, names: [], dataDirectory: nil, interruption: Interruption())
        var log: [String] = []
        session.log = { log.append($0) }
        let page = project.outputDirectory.appendingPathComponent("01-live/index.html")

        session.renderAll()
        var finished = try await waitFor(pages, .finished)
        XCTAssertEqual(finished.status, "ok")
        XCTAssertEqual(finished.pages, ["/01-live/", "/"])
        XCTAssertTrue(try String(contentsOf: page, encoding: .utf8).contains("value 1"))
        XCTAssertTrue(pages.events.contains { $0.kind == .running && $0.text.hasPrefix("step 1 of 1") }, "\(pages.events)")

        // Prose only: the cached result is reused, the page shows the new text.
        pages.clear()
        try lesson.replacingOccurrences(of: "First prose.", with: "Second prose.").write(to: file, atomically: true, encoding: .utf8)
        session.rerun([file])
        finished = try await waitFor(pages, .finished)
        XCTAssertTrue(try String(contentsOf: page, encoding: .utf8).contains("Second prose."))
        XCTAssertTrue(log.last { $0.hasPrefix("01-live:") }?.contains("re-rendered; nothing to run") ?? false, "\(log)")

        // A compile error: the page is rewritten with its banner, the pages told it failed.
        pages.clear()
        try lesson.replacingOccurrences(of: "print(\"value 1\")", with: "let s: String = 1").write(to: file, atomically: true, encoding: .utf8)
        session.rerun([file])
        finished = try await waitFor(pages, .finished)
        XCTAssertEqual(finished.status, "failed")
        XCTAssertTrue(finished.text.hasPrefix("does not compile: ") && finished.text.contains("01-live.md:7:"), finished.text)
        XCTAssertTrue(try String(contentsOf: page, encoding: .utf8).contains("did not compile"))

        // A lesson that does not parse has no page to show it: the pages are told, by file and line.
        pages.clear()
        try "---\ntitle: [unclosed\n---\n".write(to: file, atomically: true, encoding: .utf8)
        session.rerun([file])
        let problem = try await waitFor(pages, .problem)
        XCTAssertTrue(problem.text.contains("01-live.md:3: bad front matter"), problem.text)
    }
}
