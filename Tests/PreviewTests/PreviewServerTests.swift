import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import FlyingFox
import XCTest
@testable import Preview

/// The real server on 127.0.0.1, asked over HTTP: pages get the reload script, other files come
/// as they are, folders redirect to their slash, nothing outside the report folder is served.
final class PreviewServerTests: XCTestCase {
    private var folder: URL!
    private var server: PreviewServer!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("preview-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("01-one"), withIntermediateDirectories: true)
        try Data("<html><body><h1>Index</h1></body></html>".utf8).write(to: folder.appendingPathComponent("index.html"))
        try Data("<html><body><h1>One</h1></body></html>".utf8).write(to: folder.appendingPathComponent("01-one/index.html"))
        try Data("body { color: red }".utf8).write(to: folder.appendingPathComponent("style.css"))
        server = PreviewServer(root: folder, hub: EventHub())
        try server.start(port: 0)
    }

    override func tearDown() {
        server?.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    private func get(_ path: String) throws -> (status: Int, type: String, body: String) {
        let done = DispatchSemaphore(value: 0)
        var result: (Int, String, String)?
        var failure: Error?
        let task = URLSession.shared.dataTask(with: URL(string: server.url(path))!) { data, response, error in
            let http = response as? HTTPURLResponse
            result = (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Content-Type") ?? "", String(decoding: data ?? Data(), as: UTF8.self))
            failure = error
            done.signal()
        }
        task.resume()
        XCTAssertEqual(done.wait(timeout: .now() + 10), .success, "no answer for \(path)")
        if let failure { throw failure }
        return result!
    }

    func testPagesGetTheScriptAndOtherFilesDoNot() throws {
        XCTAssertNotEqual(server.port, 0)
        let index = try get("/")
        XCTAssertEqual(index.status, 200)
        XCTAssertTrue(index.type.hasPrefix("text/html"))
        XCTAssertTrue(index.body.contains("<h1>Index</h1>"))
        XCTAssertTrue(index.body.contains(LiveReload.socketPath))
        // The file on disk is untouched.
        XCTAssertFalse(try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8).contains("<script"))

        let page = try get("/01-one/")
        XCTAssertTrue(page.body.contains("<h1>One</h1>") && page.body.contains("<script>"))
        let css = try get("/style.css")
        XCTAssertEqual(css.type, "text/css; charset=utf-8")
        XCTAssertEqual(css.body, "body { color: red }")
        XCTAssertEqual(try get("/nothing-here/").status, 404)
    }

    func testAFolderWithoutItsSlashRedirects() async throws {
        // `/01-one` → `/01-one/`, so the page's relative links resolve.
        let handler = ReportFileHandler(root: folder)
        let response = try await handler.handleRequest(HTTPRequest(method: .GET, version: .http11, path: "/01-one", query: [], headers: [:], body: Data()))
        XCTAssertEqual(response.statusCode, .movedPermanently)
        XCTAssertEqual(response.headers[.location], "/01-one/")
    }

    func testNothingOutsideTheFolderIsServed() {
        let handler = ReportFileHandler(root: folder)
        XCTAssertNil(handler.resolve("/../etc/passwd"))
        XCTAssertNil(handler.resolve("/%2e%2e/etc/passwd"))
        XCTAssertEqual(handler.resolve("/01-one/index.html")?.lastPathComponent, "index.html")
    }

    func testATakenPortIsAClearError() throws {
        let second = PreviewServer(root: folder, hub: EventHub())
        XCTAssertThrowsError(try second.start(port: server.port)) { error in
            XCTAssertTrue("\(error)".contains("cannot listen on 127.0.0.1:\(self.server.port)"), "\(error)")
        }
    }
}
