import Foundation
import Glibc

/// What is at a path, seen with `lstat(2)`: a link is reported as a link, never followed. The
/// runner reads folders a program or a student could have filled with links to anywhere, so
/// every such check goes through here.
public enum FileKind: Equatable, Sendable {
    /// A regular file of `size` bytes with `links` hard links.
    case file(size: Int, links: Int)
    /// A folder.
    case folder
    /// A symbolic link (to anything, or to nothing).
    case link
    /// A socket, device, FIFO…
    case other
    /// Nothing there (or nothing that can be seen).
    case missing

    /// What is at `url`, without following a link.
    public init(of url: URL) {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { self = .missing; return }
        switch info.st_mode & S_IFMT {
        case S_IFREG: self = .file(size: Int(info.st_size), links: Int(info.st_nlink))
        case S_IFDIR: self = .folder
        case S_IFLNK: self = .link
        default: self = .other
        }
    }

    /// A regular file (not a link to one) of at most `maxBytes`.
    public static func isPlainFile(_ url: URL, maxBytes: Int = .max) -> Bool {
        if case .file(let size, _) = FileKind(of: url) { return size <= maxBytes }
        return false
    }

    /// A folder (not a link to one).
    public static func isPlainFolder(_ url: URL) -> Bool {
        FileKind(of: url) == .folder
    }
}
