import Foundation
import KernelTestSupport
import Synchronization

/// A TCP listener on 127.0.0.1 for health-check tests, serving on its own
/// thread: answers HTTP requests with a settable status, or stalls (accepts
/// and never answers). `stop()` closes it.
final class LocalServer: Sendable {
    enum Mode: Sendable { case answer(String), stall }

    let port: Int
    private let fd: Int32
    private let state = Mutex<(mode: Mode, requests: Int, held: [Int32])>((.answer("200 OK"), 0, []))

    init(_ mode: Mode = .answer("200 OK")) throws {
        (fd, port) = try LoopbackListener.open(backlog: 16)
        state.withLock { $0.mode = mode }
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// Changes how later requests are answered.
    func set(_ mode: Mode) { state.withLock { $0.mode = mode } }

    /// Requests answered or held so far.
    var requests: Int { state.withLock { $0.requests } }

    /// Closes the listener and every held connection.
    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        for held in state.withLock({ $0.held }) { close(held) }
    }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            _ = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            let mode = state.withLock { s -> Mode in
                s.requests += 1
                if case .stall = s.mode { s.held.append(client) }
                return s.mode
            }
            guard case .answer(let status) = mode else { continue }
            let response = Array("HTTP/1.1 \(status)\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".utf8)
            _ = response.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(client)
        }
    }

    /// A port on 127.0.0.1 where nothing listens.
    static func closedPort() throws -> Int {
        let server = try LocalServer()
        server.stop()
        return server.port
    }
}
