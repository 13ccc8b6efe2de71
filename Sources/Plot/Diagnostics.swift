import Foundation

/// Problems with the data a lesson gives a figure: reported as one line on stderr right away
/// (so the lesson's output shows it next to the call) and kept for the panel to show.
enum Diagnostics {
    /// Writes `Plot: <message>` to stderr.
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("Plot: \(message)\n".utf8))
    }
}

extension Axes {
    /// Records and reports a problem with something this panel was asked to draw.
    func reject(_ what: String, _ why: String) {
        let message = "\(what): \(why)"
        problems.append(message)
        Diagnostics.warn(message + "; not drawn")
    }
}
