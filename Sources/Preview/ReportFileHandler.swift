import FlyingFox
import Foundation

/// Serves the files of the report folder: `/` and `/NAME/` are their `index.html`, HTML gets the
/// live-reload script (`LiveReload`), nothing outside the folder is served, and nothing is cached
/// by the browser (pages change under it).
public struct ReportFileHandler: HTTPHandler {
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    public func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        // The path as sent (FlyingFox's `path` is standardized, without its trailing slash).
        let path = request.target.path()
        guard let file = resolve(path) else { return Self.notFound(path) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) else {
            // Browsers ask for an icon the report does not have: no content, not an error.
            if path == "/favicon.ico" { return HTTPResponse(statusCode: .noContent) }
            return Self.notFound(path)
        }
        if isDirectory.boolValue {
            // `/NAME` → `/NAME/`, so the page's relative links resolve.
            guard path.hasSuffix("/") else {
                return HTTPResponse(statusCode: .movedPermanently, headers: [.location: path + "/"])
            }
            return try serve(file.appendingPathComponent("index.html"), path: path)
        }
        return try serve(file, path: path)
    }

    /// The file a request path names, or nil when it would leave the root (`..`, a link out).
    func resolve(_ path: String) -> URL? {
        let decoded = path.removingPercentEncoding ?? path
        let parts = decoded.split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.contains(where: { $0 == ".." || $0 == "." || $0.contains("\0") }) else { return nil }
        let file = parts.reduce(root) { $0.appendingPathComponent(String($1)) }
        let resolved = file.resolvingSymlinksInPath().path
        let base = root.resolvingSymlinksInPath().path
        guard resolved == base || resolved.hasPrefix(base + "/") else { return nil }
        return file
    }

    private func serve(_ file: URL, path: String) throws -> HTTPResponse {
        guard let data = try? Data(contentsOf: file) else { return Self.notFound(path) }
        let type = Self.contentType(file.pathExtension)
        let body = type.hasPrefix("text/html") ? Data(LiveReload.inject(into: String(decoding: data, as: UTF8.self)).utf8) : data
        return HTTPResponse(statusCode: .ok, headers: [.contentType: type, HTTPHeader("Cache-Control"): "no-store"], body: body)
    }

    static func contentType(_ ext: String) -> String {
        switch ext.lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "svg": return "image/svg+xml"
        case "json", "ipynb": return "application/json"
        case "csv": return "text/csv; charset=utf-8"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "pdf": return "application/pdf"
        default: return "application/octet-stream"
        }
    }

    static func notFound(_ path: String) -> HTTPResponse {
        HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                     body: Data("Not found: \(path)\n(lessons preview serves the report folder; run the lesson first?)\n".utf8))
    }
}
