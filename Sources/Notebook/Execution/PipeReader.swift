import Foundation

/// Reads a pipe chunk by chunk, waking up for an interruption or after a timeout (so callers can
/// refresh a progress display and enforce step timeouts).
struct PipeReader {
    enum Event {
        case data(Data)
        case timeout
        case end
        case interrupted
    }

    let fd: Int32
    let interruption: Interruption?
    private var buffer = [UInt8](repeating: 0, count: 65536)

    init(fd: Int32, interruption: Interruption?) {
        self.fd = fd
        self.interruption = interruption
    }

    /// The next thing that happens, waiting at most `timeout` seconds.
    mutating func next(timeout: Double) -> Event {
        if interruption?.isRequested == true { return .interrupted }
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        if let wake = interruption?.wakeDescriptor { fds.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
        let ready = poll(&fds, nfds_t(fds.count), Int32(timeout * 1000))
        if interruption?.isRequested == true { return .interrupted }
        if ready < 0 { return errno == EINTR ? .timeout : .end }
        if ready == 0 { return .timeout }
        guard fds[0].revents != 0 else { return .timeout }
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 { return errno == EINTR || errno == EAGAIN ? .timeout : .end }
        if count == 0 { return .end }
        return .data(Data(buffer[0..<count]))
    }
}
