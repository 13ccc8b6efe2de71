import Foundation

/// Reads pipes chunk by chunk, waking up for an interruption or after a timeout (so callers can
/// refresh a progress display and enforce time limits).
struct PipeReader {
    enum Event {
        case data(fd: Int32, Data)
        case timeout
        /// `fd` reached end of file (it is no longer polled).
        case end(fd: Int32)
        case interrupted
    }

    private(set) var open: [Int32]
    let interruption: Interruption?
    private var buffer = [UInt8](repeating: 0, count: 65536)

    init(fds: [Int32], interruption: Interruption?) {
        open = fds
        self.interruption = interruption
    }

    /// The next thing that happens, waiting at most `timeout` seconds.
    mutating func next(timeout: Double) -> Event {
        if interruption?.isRequested == true { return .interrupted }
        guard !open.isEmpty else {
            usleep(useconds_t(max(0, timeout) * 1_000_000))
            return .timeout
        }
        var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        if let wake = interruption?.wakeDescriptor { fds.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
        let ready = poll(&fds, nfds_t(fds.count), Int32(timeout * 1000))
        if interruption?.isRequested == true { return .interrupted }
        if ready < 0 { return errno == EINTR ? .timeout : .end(fd: open.removeFirst()) }
        guard ready > 0, let index = fds.prefix(open.count).firstIndex(where: { $0.revents != 0 }) else { return .timeout }
        let fd = open[index]
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 && (errno == EINTR || errno == EAGAIN) { return .timeout }
        if count <= 0 {
            open.remove(at: index)
            return .end(fd: fd)
        }
        return .data(fd: fd, Data(buffer[0..<count]))
    }

    /// Whatever non-blocking `fd` holds right now, without waiting.
    mutating func drain(_ fd: Int32) -> Data {
        var data = Data()
        while open.contains(fd) {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { break }
            if count == 0 { open.removeAll { $0 == fd }; break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }
}
