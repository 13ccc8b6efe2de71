import FileSystem
import Foundation

/// The static HTML report in `output/`: an index of lessons and one page per lesson, with one
/// shared stylesheet (`Report/style.css`) and the figures as PNG. No scripts, no network, relative links only, so
/// it works from `file://` and any static host. Every file and folder is written atomically.
public enum Report {
    /// Writes <output>/<lesson.slug>/index.html plus the figures (copied from `artifacts`, where
    /// StepResult.figures' relative paths resolve), atomically (build in a temp folder beside it, then rename over the old one,
    /// so a crash while rendering leaves the previous report intact); also writes <output>/style.css.
    public static func writeLessonPage(lesson: Lesson, run: LessonRun, artifacts: URL, previous: Lesson?, next: Lesson?, output: URL) throws {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try writeStylesheet(output: output)
        try AtomicDirectory.replace(output.appendingPathComponent(lesson.slug, isDirectory: true)) { folder in
            let figures = try copyFigures(run.steps.flatMap(\.figures), from: artifacts, to: folder)
            var page = LessonPage(lesson: lesson, run: run, previous: previous, next: next, figures: figures)
            page.proseImage = proseImageCopier(lesson: lesson, folder: folder)
            try Data(page.html().utf8).write(to: folder.appendingPathComponent("index.html"))
        }
    }

    /// Writes <output>/index.html listing every lesson in order (run nil = never run), atomically.
    ///
    /// A lesson that was never run and has no page yet gets one showing its prose and code,
    /// so the index and the previous/next links never point at a missing page.
    public static func writeIndex(entries: [(lesson: Lesson, run: LessonRun?)], output: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: output, withIntermediateDirectories: true)
        try writeStylesheet(output: output)
        for (k, entry) in entries.enumerated() where entry.run == nil {
            // Keep a page from a real run; refresh one that only shows the text (it may have changed).
            let page = output.appendingPathComponent(entry.lesson.slug).appendingPathComponent("index.html")
            if fm.fileExists(atPath: page.path),
               !((try? String(contentsOf: page, encoding: .utf8))?.contains(LessonPage.notRunMarker) ?? false) { continue }
            try AtomicDirectory.replace(output.appendingPathComponent(entry.lesson.slug, isDirectory: true)) { folder in
                var page = LessonPage(lesson: entry.lesson, run: nil,
                                      previous: k > 0 ? entries[k - 1].lesson : nil,
                                      next: k + 1 < entries.count ? entries[k + 1].lesson : nil)
                page.proseImage = proseImageCopier(lesson: entry.lesson, folder: folder)
                let html = page.html()
                try Data(html.utf8).write(to: folder.appendingPathComponent("index.html"))
            }
        }
        let present = Set(entries.map(\.lesson.slug).filter {
            fm.fileExists(atPath: output.appendingPathComponent($0).appendingPathComponent("index.html").path)
        })
        let html = IndexPage(entries: entries, pagesPresent: present).html()
        try AtomicFile.write(Data(html.utf8), to: output.appendingPathComponent("index.html"))
    }

    /// Writes <output>/style.css (only when its content changed, so it is not rewritten per page).
    static func writeStylesheet(output: URL) throws {
        let url = output.appendingPathComponent("style.css")
        let data = Data(PackageResources.style_css)
        if (try? Data(contentsOf: url)) == data { return }
        try AtomicFile.write(data, to: url)
    }

    /// Copies an image the prose refers to (relative to the lesson's Markdown file) into
    /// `folder/assets/` and returns its URL from the page; nil when it is not there, or when it
    /// is not a plain file inside the lesson's own folder (`../secret`, an absolute path, or a
    /// link pointing out of it: a lesson must not be able to publish files beside it).
    static func proseImageCopier(lesson: Lesson, folder: URL) -> (String) -> String? {
        let base = URL(fileURLWithPath: lesson.path).deletingLastPathComponent().standardizedFileURL
        let realBase = base.resolvingSymlinksInPath().path
        var copied: [String: String] = [:]
        return { url in
            if let done = copied[url] { return done }
            let path = url.split(separator: "#").first.map(String.init)?.removingPercentEncoding ?? url
            let source = base.appendingPathComponent(path).standardizedFileURL
            let real = source.resolvingSymlinksInPath().path
            guard !path.isEmpty, !path.hasPrefix("/"), real.hasPrefix(realBase + "/"),
                  FileKind.isPlainFile(URL(fileURLWithPath: real)) else { return nil }
            let stem = HTML.slugify(source.deletingPathExtension().lastPathComponent, fallback: "image", ascii: true)
            let name = "assets/\(copied.count + 1)-\(stem).\(HTML.slugify(source.pathExtension, fallback: "img", ascii: true))"
            do {
                try FileManager.default.createDirectory(at: folder.appendingPathComponent("assets"), withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent(name))
            } catch {
                return nil
            }
            copied[url] = name
            return name
        }
    }

    /// Copies each figure from `artifacts` to the same relative path under `folder`, and says what
    /// each one is. A missing figure is shown as missing on the page; one that exists but cannot
    /// be read or written is an error (the report is then not replaced).
    static func copyFigures(_ paths: [String], from artifacts: URL, to folder: URL) throws -> [String: FigureFile] {
        let fm = FileManager.default
        var result: [String: FigureFile] = [:]
        for path in paths where result[path] == nil {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard !path.isEmpty, !path.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
                  path != "index.html" else {
                result[path] = .invalid
                continue
            }
            let source = artifacts.appendingPathComponent(path)
            // Never through a link (it could point anywhere), never an oversized file.
            let kind = FileKind(of: source)
            let oversized = if case .file(let size, _) = kind { size > Executor.maxFigureBytes } else { false }
            guard FileKind.isPlainFolder(artifacts), FileKind.isPlainFolder(source.deletingLastPathComponent()),
                  kind != .link, kind != .missing, !oversized else {
                result[path] = .missing
                continue
            }
            let bytes: Data
            do {
                bytes = try Data(contentsOf: source)
            } catch {
                throw ReportError.unreadableFigure(path: source.path, reason: "\(error.localizedDescription)")
            }
            let target = folder.appendingPathComponent(path)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try bytes.write(to: target)
            let size = PNGSize.read([UInt8](bytes.prefix(24)))
            result[path] = .present(width: size?.width, height: size?.height)
        }
        return result
    }
}

/// Why a report could not be written.
public enum ReportError: Error, CustomStringConvertible {
    /// A figure the run produced exists but could not be read.
    case unreadableFigure(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableFigure(let path, let reason): return "\(path): cannot read figure: \(reason)"
        }
    }
}
