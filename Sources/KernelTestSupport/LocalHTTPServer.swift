import Foundation
import Synchronization

/// A local HTTP server on 127.0.0.1, serving on a thread of its own, for tests of
/// HTTP clients (the cloud reporter, health checks): records every request and
/// answers as told — a status, or not at all (stall: it accepts and never answers).
public final class LocalHTTPServer: Sendable {
    /// How requests are answered.
    public enum Mode: Sendable {
        /// `HTTP/1.1 STATUS REASON` and an empty body.
        case answer(Int, reason: String = "")
        /// `429 Too Many Requests` with `Retry-After: seconds`.
        case tooManyRequests(retryAfter: Int)
        /// Accepts the connection, reads the request and never answers.
        case stall
    }

    /// One request as received.
    public struct Request: Sendable {
        public var requestLine: String
        /// Header names in lower case.
        public var headers: [String: String]
        public var body: Data

        /// The body as a JSON object, if it is one.
        public var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    }

    /// The port it listens on.
    public let port: Int
    private let fd: Int32
    private let state = Mutex<(mode: Mode, received: [Request], times: [ContinuousClock.Instant], held: [Int32])>(
        (.answer(200), [], [], []))

    /// When each request came, in order.
    public var receivedAt: [ContinuousClock.Instant] { state.withLock { $0.times } }

    /// Listens on 127.0.0.1 (`port`, or a free one) and answers as `mode` says until told otherwise.
    public init(_ mode: Mode = .answer(200, reason: "OK"), port: Int = 0) throws {
        (fd, self.port) = try LoopbackListener.open(backlog: 64, port: port)
        state.withLock { $0.mode = mode }
        Thread { [self] in serve() }.start()
    }

    /// A port on 127.0.0.1 where nothing listens (one a server has just closed).
    public static func closedPort() throws -> Int {
        let server = try LocalHTTPServer()
        server.stop()
        return server.port
    }

    /// `http://127.0.0.1:PORT`.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Changes how later requests are answered; returns how many were received before.
    @discardableResult
    public func set(_ mode: Mode) -> Int {
        state.withLock {
            $0.mode = mode
            return $0.received.count
        }
    }

    /// Requests answered (or held) so far, in order.
    public var received: [Request] { state.withLock { $0.received } }

    /// Stops listening and closes held connections.
    public func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        for held in state.withLock({ $0.held }) { close(held) }
    }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            guard let request = Self.read(client) else {
                close(client)
                continue
            }
            let mode = state.withLock { s -> Mode in
                s.received.append(request)
                s.times.append(.now)
                if case .stall = s.mode { s.held.append(client) }
                return s.mode
            }
            let head: String
            switch mode {
            case .answer(let status, let reason): head = "HTTP/1.1 \(status) \(reason)\r\n"
            case .tooManyRequests(let seconds): head = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: \(seconds)\r\n"
            case .stall: continue
            }
            let response = Array((head + "Content-Length: 0\r\nConnection: close\r\n\r\n").utf8)
            _ = response.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(client)
        }
    }

    /// Reads one request: headers, then `Content-Length` bytes of body.
    private static func read(_ client: Int32) -> Request? {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Range<Data.Index>?
        var expected = Int.max
        while data.count < expected {
            let n = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return nil }
            data.append(contentsOf: chunk[0..<n])
            if headerEnd == nil, let end = data.range(of: Data("\r\n\r\n".utf8)) {
                headerEnd = end
                let head = String(decoding: data[..<end.lowerBound], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                expected = end.upperBound + length
            }
        }
        guard let headerEnd else { return nil }
        let lines = String(decoding: data[..<headerEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Request(requestLine: lines.first ?? "", headers: headers, body: Data(data[headerEnd.upperBound...]))
    }
}
