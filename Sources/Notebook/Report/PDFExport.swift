import Foundation

/// A lesson's report page printed to PDF by headless Chromium (`chromium --headless
/// --print-to-pdf`), with the report's own print stylesheet: the course on paper.
public enum PDFExport {
    /// The browsers tried, in order, when `LESSONS_CHROMIUM` does not name one.
    static let browsers = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// Prints `page` (an HTML file of the report) to `pdf`. Throws `PDFExportError` naming what
    /// is missing or what Chromium said.
    public static func write(page: URL, to pdf: URL, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard FileManager.default.fileExists(atPath: page.path) else { throw PDFExportError.noPage(page.path) }
        guard let browser = findBrowser(environment) else { throw PDFExportError.noBrowser }
        try FileManager.default.createDirectory(at: pdf.deletingLastPathComponent(), withIntermediateDirectories: true)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let partial = pdf.deletingLastPathComponent().appendingPathComponent(".\(pdf.lastPathComponent).partial")
        try? FileManager.default.removeItem(at: partial)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
                             "--disable-background-networking", "--disable-dev-shm-usage", "--user-data-dir=\(profile.path)",
                             "--no-pdf-header-footer", "--print-to-pdf=\(partial.path)", page.standardizedFileURL.absoluteString]
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let said = log.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = try? Data(contentsOf: partial), data.starts(with: Data("%PDF".utf8)) else {
            try? FileManager.default.removeItem(at: partial)
            let lines = String(decoding: said, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: "\n")
            throw PDFExportError.browserFailed(browser, process.terminationStatus, lines)
        }
        // Only a complete PDF replaces the previous one.
        _ = try? FileManager.default.removeItem(at: pdf)
        try FileManager.default.moveItem(at: partial, to: pdf)
    }

    static func findBrowser(_ environment: [String: String]) -> String? {
        if let named = environment["LESSONS_CHROMIUM"], !named.isEmpty { return named }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in browsers {
            for folder in path where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") { return "\(folder)/\(name)" }
        }
        return nil
    }
}

public enum PDFExportError: Error, CustomStringConvertible {
    case noPage(String)
    case noBrowser
    case browserFailed(String, Int32, String)

    public var description: String {
        switch self {
        case .noPage(let path): return "no report page at \(path): run the lesson first (lessons run LESSON)"
        case .noBrowser: return "--to pdf prints with headless Chromium, and none was found: apt-get install chromium (or set LESSONS_CHROMIUM)"
        case .browserFailed(let browser, let status, let said): return "\(browser) did not print the page (exit \(status))\(said.isEmpty ? "" : ":\n\(said)")"
        }
    }
}
