import FlyingFox
import Foundation
import XCTest
@testable import Preview

/// The hub is the WebSocket's message handler: what a connected page receives, in order.
final class EventHubTests: XCTestCase {
    /// Connects a page that never sends anything and returns its next `count` events.
    private func receive(_ hub: EventHub, count: Int, after: () -> Void = {}) async throws -> [PreviewEvent] {
        let (incoming, _) = AsyncStream<WSMessage>.makeStream()
        let messages = try await hub.makeMessages(for: incoming)
        after()
        var events: [PreviewEvent] = []
        for await message in messages {
            guard case .text(let text) = message else { continue }
            events.append(try JSONDecoder().decode(PreviewEvent.self, from: Data(text.utf8)))
            if events.count == count { break }
        }
        return events
    }

    func testAPageOpenedMidRunIsToldHowFarItIs() async throws {
        let hub = EventHub()
        hub.send(PreviewEvent(kind: .running, title: "MLP", text: "step 2 of 5 · train"))
        let events = try await receive(hub, count: 2) {
            hub.send(PreviewEvent(kind: .finished, title: "MLP", status: "ok", pages: ["/02-mlp/", "/"]))
        }
        XCTAssertEqual(events.map(\.kind), [.running, .finished])
        XCTAssertEqual(events[0].text, "step 2 of 5 · train")
        XCTAssertEqual(events[1].pages, ["/02-mlp/", "/"])
    }

    func testAFinishedRunLeavesNothingToReplay() async throws {
        let hub = EventHub()
        hub.send(PreviewEvent(kind: .running, title: "MLP", text: "compiling…"))
        hub.send(PreviewEvent(kind: .finished, title: "MLP", status: "ok"))
        let events = try await receive(hub, count: 1) { hub.send(PreviewEvent(kind: .idle)) }
        XCTAssertEqual(events.map(\.kind), [.idle])
    }
}
