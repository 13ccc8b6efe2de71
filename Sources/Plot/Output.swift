import Foundation
import ImageIO

extension Figure {
    /// The figure as an 8-bit RGB image, two pixels per point.
    public func render() -> Image {
        draw().rgbImage()
    }

    /// The figure encoded as PNG. Identical figures give identical bytes.
    public func pngData() throws -> [UInt8] {
        try PNG.encode(render())
    }

    /// Writes the figure as a PNG file at `path`, atomically (a temporary file in the same
    /// folder renamed into place). Throws a `PNGError` naming the file when it cannot.
    public func save(_ path: String) throws {
        try PNG.write(render(), path: path)
    }

    /// Puts the figure into the lesson's output: writes `figure-<n>.png` into the folder named
    /// by the environment variable `LESSONS_FIGURES` (set by the lesson runtime for each step),
    /// or, when it is unset, into the current folder and prints `saved figure-<n>.png`.
    /// n counts up from 1 in each process, skipping names already taken. Never throws:
    /// a failure is one line on stderr. Returns the path written, or nil.
    @discardableResult
    public func show() -> String? {
        let folder = ProcessInfo.processInfo.environment["LESSONS_FIGURES"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            if let folder {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
                    guard isFolder.boolValue else {
                        Diagnostics.warn("cannot show figure: LESSONS_FIGURES=\(folder) is not a folder")
                        return nil
                    }
                } else {
                    do {
                        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    } catch {
                        Diagnostics.warn("cannot show figure: cannot create LESSONS_FIGURES=\(folder)")
                        return nil
                    }
                }
            }
            let name = FigureCounter.next(in: folder ?? ".")
            let path = folder.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + name } ?? name
            try save(path)
            if folder == nil { print("saved \(name)") }
            return path
        } catch {
            Diagnostics.warn("cannot show figure: \(error)")
            return nil
        }
    }
}

/// Numbers the figures a process shows: 1, 2, 3, …, skipping files that already exist.
enum FigureCounter {
    private static var last = 0
    private static let lock = NSLock()

    static func next(in folder: String) -> String {
        lock.lock(); defer { lock.unlock() }
        var n = last + 1
        while FileManager.default.fileExists(atPath: "\(folder)/figure-\(n).png") { n += 1 }
        last = n
        return "figure-\(n).png"
    }
}
