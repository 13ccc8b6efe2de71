import FileSystem
import Foundation

/// One readable line for a file-system error from Foundation (disk full, permission denied, a
/// read-only folder), instead of NSError's dump: what could not be done, to which file, and
/// the system's reason. A temporary path of an atomic write names the file it stood for.
public enum FileSystemErrorMessage {
    /// The message, or nil when `error` is not a file-system error.
    public static func describe(_ error: Error) -> String? {
        if let written = error as? FileWriteError { return written.description }
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return nil }
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        let verb = CocoaError.Code(rawValue: ns.code).isReading ? "cannot read" : "cannot write"
        return [verb, path.map { " " + finalPath($0) } ?? "", ": ", reason(ns)].joined()
    }

    /// The POSIX reason when there is one ("No space left on device"), else Foundation's text.
    private static func reason(_ error: NSError) -> String {
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        if let underlying = (error.userInfo[NSUnderlyingErrorKey] as? Error).map({ $0 as NSError }),
           underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if let description = error.userInfo[NSLocalizedDescriptionKey] as? String { return description }
        return error.localizedDescription
    }

    /// `/out/.04-resnet.tmp-UUID/step-5/figure-1.png` → `/out/04-resnet/step-5/figure-1.png`.
    static func finalPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part -> Substring in
            // `.NAME.tmp-…` stands for NAME; a bare `.tmp-…` (a cache work folder) for nothing else.
            guard part.hasPrefix("."), let range = part.range(of: ".tmp-"), range.lowerBound > part.startIndex else { return part }
            return part[part.index(after: part.startIndex)..<range.lowerBound]
        }.joined(separator: "/")
    }
}

private extension CocoaError.Code {
    /// Codes 256–511 are Foundation's read errors; 512–767 its write errors.
    var isReading: Bool { (256..<512).contains(rawValue) }
}
