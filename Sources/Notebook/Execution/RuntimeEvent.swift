import Foundation
import LessonRuntime

// The runner's side of the channel described in Sources/LessonRuntime/RuntimeProtocol.swift
// (whose RuntimeEvent, RuntimeEnvironment and eventMarker this file uses): one pipe carries the
// program's stdout and stderr, with events in-band as lines `<RS>lessons:{json}\n`.

/// Splits the program's byte stream into output and events, across arbitrary chunk boundaries.
struct EventStreamSplitter {
    enum Piece: Equatable {
        case output(Data)
        case event(RuntimeEvent)
    }

    static let marker = Array(eventMarker.utf8)
    private var pending: [UInt8] = []

    /// The pieces `chunk` completes; an incomplete event line waits for the next chunk.
    mutating func feed(_ chunk: Data) -> [Piece] {
        pending.append(contentsOf: chunk)
        var pieces: [Piece] = []
        var outputStart = 0
        var i = 0
        let marker = Self.marker
        while i < pending.count {
            guard pending[i] == marker[0] else { i += 1; continue }
            let available = pending.count - i
            if available < marker.count {
                // Maybe the start of a marker: wait for more, unless it already differs.
                if Array(pending[i...]) == Array(marker.prefix(available)) { break }
                i += 1; continue
            }
            guard Array(pending[i..<(i + marker.count)]) == marker else { i += 1; continue }
            guard let newline = pending[(i + marker.count)...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            if outputStart < i { pieces.append(.output(Data(pending[outputStart..<i]))) }
            let json = Data(pending[(i + marker.count)..<newline])
            if let event = try? JSONDecoder().decode(RuntimeEvent.self, from: json) {
                pieces.append(.event(event))
            }
            i = newline + 1
            outputStart = i
        }
        // Output before a possible partial marker is complete; keep the rest.
        let keepFrom = i < pending.count ? i : pending.count
        if outputStart < keepFrom { pieces.append(.output(Data(pending[outputStart..<keepFrom]))) }
        pending.removeFirst(keepFrom)
        return pieces
    }

    /// Whatever is left when the stream ends (a cut-off event line counts as output).
    mutating func finish() -> [Piece] {
        defer { pending.removeAll() }
        return pending.isEmpty ? [] : [.output(Data(pending))]
    }
}
