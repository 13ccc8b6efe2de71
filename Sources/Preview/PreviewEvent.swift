import Foundation

/// What the preview tells the open pages over its WebSocket, as one JSON object per message:
/// `{"kind": "running" | "finished" | "problem" | "idle", "title", "text", "status", "pages"}`.
public struct PreviewEvent: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// A lesson is being run: `text` says how far ("step 3 of 7 · train").
        case running
        /// A lesson's page was rewritten: the pages in `pages` reload; `status` is the run's.
        case finished
        /// Something the author must fix that no report shows: a lesson that does not parse
        /// (`text` names its file and line), a report that could not be written.
        case problem
        /// Nothing is running and nothing is wrong.
        case idle
    }

    public var kind: Kind
    /// The lesson's title (empty for `idle`).
    public var title: String
    public var text: String
    /// `ok`, `failed`, `interrupted` or `notRun`, for `finished`.
    public var status: String?
    /// Paths of the served pages that changed (`/02-mnist-mlp/`, `/`), for `finished`.
    public var pages: [String]

    public init(kind: Kind, title: String = "", text: String = "", status: String? = nil, pages: [String] = []) {
        self.kind = kind
        self.title = title
        self.text = text
        self.status = status
        self.pages = pages
    }

    /// The event as the JSON text a page receives.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
