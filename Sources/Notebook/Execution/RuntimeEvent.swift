import Foundation
import LessonRuntime

// The runner's side of the event channel described in Sources/LessonRuntime/RuntimeProtocol.swift.

/// Reads the program's event pipe: splits sealed lines across arbitrary chunk boundaries, checks
/// each seal and sequence number, and stops at the first line that is not genuine. Linear in the
/// input: a line is scanned once, and one longer than `RuntimeChannel.maxLineLength` is a
/// violation rather than something to keep buffering.
struct EventChannelReader {
    /// What the channel delivered.
    enum Item: Equatable {
        case event(RuntimeEvent)
        /// The stream stopped being trustworthy here; nothing after it is read.
        case violation(String)
    }

    private let seal: EventSeal
    private var pending: [UInt8] = []
    /// How far `pending` has been searched for a newline.
    private var scanned = 0
    private var nextSeq = 0
    private(set) var broken = false

    init(key: [UInt8]) { seal = EventSeal(key: key) }

    /// The items `chunk` completes; an incomplete line waits for the next chunk.
    mutating func feed(_ chunk: Data) -> [Item] {
        guard !broken else { return [] }
        pending.append(contentsOf: chunk)
        var items: [Item] = []
        var start = 0
        while let newline = pending[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
            items.append(take(pending[start..<newline]))
            if broken { return items }
            start = newline + 1
            scanned = start
        }
        pending.removeFirst(start)
        scanned = pending.count
        if pending.count > RuntimeChannel.maxLineLength { items.append(fail("an event line longer than \(RuntimeChannel.maxLineLength) bytes")) }
        return items
    }

    /// The stream ended: a cut-off line is a violation.
    mutating func finish() -> [Item] {
        guard !broken, !pending.isEmpty else { return [] }
        return [fail("the event stream ends in the middle of a line")]
    }

    private mutating func take(_ line: ArraySlice<UInt8>) -> Item {
        guard line.count <= RuntimeChannel.maxLineLength else { return fail("an event line longer than \(RuntimeChannel.maxLineLength) bytes") }
        do {
            let (seq, event) = try seal.open(line)
            guard seq == nextSeq else { return fail("event number \(seq) arrived where number \(nextSeq) was due (repeated or forged events)") }
            nextSeq += 1
            return .event(event)
        } catch EventSeal.Failure.badSeal {
            return fail("a line on the event channel does not carry the runtime's seal (a forged event)")
        } catch {
            return fail("a malformed line on the event channel")
        }
    }

    private mutating func fail(_ reason: String) -> Item {
        broken = true
        pending.removeAll()
        return .violation(reason)
    }
}
