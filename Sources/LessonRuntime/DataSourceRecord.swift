import Foundation

/// Which data a lesson ran on, one record per dataset: a line for the report header and, when
/// the engine's loaders wrote it, the kind of source, so the runner can tell a synthetic
/// stand-in from the real data without reading the words. Travels as one JSON line in the file
/// named by `RuntimeEnvironment.dataSources`; the engine (which cannot import this module)
/// writes the same shape, `{"description": …, "kind": …}`, with its `DataSource.Kind` raw values.
public struct DataSourceRecord: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of source (the engine's `DataSource.Kind`).
    public enum Kind: String, Codable, Sendable {
        case folder, download, package, synthetic
    }

    /// One line: "MNIST: data/ (70,000 images)", "CIFAR-10 not found: ran on a synthetic stand-in".
    public var description: String
    /// The kind of source; nil for a line the lesson stated itself (`dataSource("…")`).
    public var kind: Kind?

    public init(description: String, kind: Kind? = nil) {
        self.description = description
        self.kind = kind
    }

    /// Results on a generated stand-in say nothing about the real dataset.
    public var isSynthetic: Bool { kind == .synthetic }

    /// The record on one line of the file: its JSON, or, for a line that is not (written by
    /// other means), the line as its description.
    public init(line: String) {
        self = (try? JSONDecoder().decode(Self.self, from: Data(line.utf8))) ?? Self(description: line)
    }

    /// The record as one line of the file.
    public var line: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? description
    }

    private enum CodingKeys: String, CodingKey { case description, kind }

    /// Also reads a bare string: runs stored before records had kinds.
    public init(from decoder: Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self.init(description: text)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(description: try container.decode(String.self, forKey: .description),
                  kind: try container.decodeIfPresent(Kind.self, forKey: .kind))
    }
}
