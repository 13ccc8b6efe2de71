import FlyingFox
import FlyingSocks
import Foundation

/// The HTTP server of `lessons preview`, on 127.0.0.1 only: the report folder (`ReportFileHandler`)
/// and the WebSocket the pages listen on (`LiveReload.socketPath`, fed by an `EventHub`).
public final class PreviewServer: @unchecked Sendable {
    public let root: URL
    public let hub: EventHub
    private var server: HTTPServer?
    private var task: Task<Void, Error>?
    /// The port it listens on, once started.
    public private(set) var port: UInt16 = 0

    public init(root: URL, hub: EventHub) {
        self.root = root
        self.hub = hub
    }

    /// The address of a page: `http://127.0.0.1:PORT/path`.
    public func url(_ path: String = "/") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Starts listening on `port` (0: one the system picks) and returns once it does.
    /// Throws `PreviewServerError.cannotListen` when the port is taken or not allowed.
    public func start(port requested: UInt16) throws {
        let address: sockaddr_in
        do { address = try .inet(ip4: "127.0.0.1", port: requested) } catch { throw PreviewServerError.cannotListen(requested, "\(error)") }
        let server = HTTPServer(address: address, timeout: 30, logger: .disabled)
        let hub = self.hub, root = self.root
        let outcome = Blocking<Result<UInt16, Error>>()
        task = Task {
            await server.appendRoute(HTTPRoute("GET \(LiveReload.socketPath)"), to: WebSocketHTTPHandler(handler: MessageFrameWSHandler(handler: hub)))
            await server.appendRoute("GET *", to: ReportFileHandler(root: root))
            let listening = Task {
                do {
                    try await server.waitUntilListening(timeout: 10)
                    if case .ip4(_, let port)? = await server.listeningAddress { outcome.put(.success(port)) }
                    else { outcome.put(.failure(PreviewServerError.cannotListen(requested, "no address"))) }
                } catch { outcome.put(.failure(error)) }
            }
            do { try await server.run() } catch {
                listening.cancel()
                outcome.put(.failure(error))
                throw error
            }
        }
        self.server = server
        switch outcome.take() {
        case .success(let port): self.port = port
        case .failure(let error):
            task?.cancel()
            throw PreviewServerError.cannotListen(requested, "\(error)")
        }
    }

    /// Closes the pages' connections and stops listening; returns once the server has stopped.
    public func stop() {
        hub.closeAll()
        guard let server else { return }
        let done = Blocking<Void>()
        Task {
            await server.stop(timeout: 1)
            done.put(())
        }
        done.take()
        task?.cancel()
        self.server = nil
    }
}

public enum PreviewServerError: Error, CustomStringConvertible {
    case cannotListen(UInt16, String)

    public var description: String {
        switch self {
        case .cannotListen(let port, let why):
            return port == 0 ? "cannot listen on 127.0.0.1: \(why)"
                : "cannot listen on 127.0.0.1:\(port) (\(why)); is another preview running? Try another --port, or leave it out."
        }
    }
}

/// A value handed from async code to a thread that waits for it (the first `put` wins).
final class Blocking<Value>: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var value: Value?

    func put(_ value: Value) {
        lock.lock()
        let first = self.value == nil
        if first { self.value = value }
        lock.unlock()
        if first { semaphore.signal() }
    }

    func take() -> Value {
        semaphore.wait()
        lock.lock(); defer { lock.unlock() }
        return value!
    }
}
