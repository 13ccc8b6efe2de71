import FlyingFox
import Foundation

/// Sends preview events to every connected page. It is the WebSocket's message handler: each
/// page that connects gets its own stream, starting with the state of things now (a run in
/// progress, a problem), so a page opened or reloaded mid-run shows the run's progress too.
/// `send` is synchronous and ordered, so it can be called from the runner's thread.
public final class EventHub: WSMessageHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var clients: [UUID: AsyncStream<WSMessage>.Continuation] = [:]
    /// The last `running` or `problem` event, until a `finished` or `idle` one replaces it.
    private var current: PreviewEvent?

    public init() {}

    /// How many pages are connected now.
    public var clientCount: Int {
        lock.lock(); defer { lock.unlock() }
        return clients.count
    }

    /// Sends `event` to every connected page.
    public func send(_ event: PreviewEvent) {
        lock.lock()
        switch event.kind {
        case .running, .problem: current = event
        case .finished, .idle: current = nil
        }
        let targets = Array(clients.values)
        lock.unlock()
        let message = WSMessage.text(event.json)
        for client in targets { client.yield(message) }
    }

    /// Closes every page's connection (the preview is stopping).
    public func closeAll() {
        lock.lock()
        let targets = Array(clients.values)
        clients.removeAll()
        lock.unlock()
        for client in targets {
            client.yield(.close(.normalClosure))
            client.finish()
        }
    }

    public func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
        let id = UUID()
        var continuation: AsyncStream<WSMessage>.Continuation!
        let stream = AsyncStream<WSMessage> { continuation = $0 }
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        if let now = register(id, continuation) { continuation.yield(.text(now.json)) }
        // Pages send nothing but pings (answered by FlyingFox); when they leave, forget them.
        Task { [weak self] in
            for await _ in client {}
            self?.remove(id)
            continuation.finish()
        }
        return stream
    }

    /// Adds a page; returns the event it must be told first, if any.
    private func register(_ id: UUID, _ continuation: AsyncStream<WSMessage>.Continuation) -> PreviewEvent? {
        lock.lock(); defer { lock.unlock() }
        clients[id] = continuation
        return current
    }

    private func remove(_ id: UUID) {
        lock.lock()
        clients[id] = nil
        lock.unlock()
    }
}
