import Foundation
import Kernel
import KernelTestSupport
import Testing

/// Hostile HTTP over real loopback sockets: malformed bodies get a clear 4xx, slow and idle
/// connections are closed, and a legitimate client is served all along.
@Suite("HTTP: hostile bodies, slow and idle sockets", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct HTTPExhaustionTests {
    static let idleTimeout = 2.0

    func post(_ api: APIHarness, _ body: [UInt8], contentLength: Int? = nil) throws -> String {
        let head = "POST /api/apps HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(APIHarness.adminToken)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(contentLength ?? body.count)\r\n\r\n"
        let socket = try LoopbackSocket(port: api.port)
        try socket.send(Array(head.utf8) + body)
        return try socket.readResponse()
    }

    @Test("repeated keys, 10,000-deep nesting, invalid UTF-8 and a short Content-Length: 400 with a message; a long one is closed")
    func hostileBodies() async throws {
        // Longer than the alone test's timeout: beside other suites, a loaded event loop may first
        // read a request seconds after accepting it, and that request must not be cut as idle.
        let api = try APIHarness(operationInterval: 0, http: { $0.httpIdleTimeoutS = 15 })
        try await api.serve(cleaningUp: []) { api in
            let duplicate = try post(api, Array(#"{"name":"a","name":"b","runtime":"nodejs"}"#.utf8))
            #expect(duplicate.hasPrefix("HTTP/1.1 400"), "\(duplicate)")
            #expect(duplicate.contains(#""field":"name""#) && duplicate.contains("repeats the key name"), "\(duplicate)")

            let deep = try post(api, Array((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8))
            #expect(deep.hasPrefix("HTTP/1.1 400"), "\(deep)")
            let invalid = try post(api, Array(#"{"name":""#.utf8) + [0xFF, 0xFE] + Array(#"","runtime":"nodejs"}"#.utf8))
            #expect(invalid.hasPrefix("HTTP/1.1 400"), "\(invalid)")
            let short = try post(api, Array(#"{"name":"x"}"#.utf8), contentLength: 5)
            #expect(short.hasPrefix("HTTP/1.1 400"), "\(short)")

            // A body that never comes: the server closes the socket after the idle timeout.
            let socket = try LoopbackSocket(port: api.port)
            try socket.send(Array("POST /api/apps HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"name\":".utf8))
            let closed = await Probe.eventually(timeout: .seconds(90)) { socket.isClosedByPeer() }
            #expect(closed)
        }
    }

    @Test("500 slow-header and 500 idle keep-alive sockets: a legitimate client is served throughout; all are closed; descriptors come back",
          .aloneOnly("counts this process's descriptors, which suites running beside it open and close too"), .timeLimit(.minutes(3)))
    func aloneSlowAndIdleSockets() async throws {
        let api = try APIHarness(operationInterval: 0, http: { $0.httpIdleTimeoutS = Self.idleTimeout })
        try await api.serve(cleaningUp: []) { api in
            let descriptorsBefore = openDescriptors()
            var sockets: [LoopbackSocket] = []
            for _ in 0..<500 {
                let socket = try LoopbackSocket(port: api.port)
                try socket.send(Array("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ".utf8))
                sockets.append(socket)
            }
            for _ in 0..<500 {
                let socket = try LoopbackSocket(port: api.port)
                try socket.send(Array("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
                #expect(try socket.readResponse().hasPrefix("HTTP/1.1 200"))
                sockets.append(socket)
            }
            // Served while the 1,000 sockets are open (the figure for people: the slowest answer).
            var slowest = Duration.zero
            // A new connection each time: a pooled keep-alive connection would itself be closed by the idle deadline.
            for _ in 0..<20 {
                let started = ContinuousClock.now
                let client = try LoopbackSocket(port: api.port)
                try client.send(Array("GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
                #expect(try client.readResponse().hasPrefix("HTTP/1.1 200"))
                slowest = max(slowest, started.duration(to: .now))
            }
            print("HTTPExhaustionTests: slowest /api/health with 1,000 hostile sockets open: \(slowest)")
            #expect(slowest < .seconds(5))

            let allClosed = await Probe.eventually(timeout: .seconds(60)) { sockets.allSatisfy { $0.isClosedByPeer() } }
            #expect(allClosed, "\(sockets.filter { !$0.isClosedByPeer() }.count) still open")
            sockets.removeAll()
            #expect(await Probe.eventually(timeout: .seconds(30)) { openDescriptors() <= descriptorsBefore + 20 },
                    "descriptors before \(descriptorsBefore), now \(openDescriptors())")
            let after = try LoopbackSocket(port: api.port)
            try after.send(Array("GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
            #expect(try after.readResponse().hasPrefix("HTTP/1.1 200"))
        }
    }

    func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
    }
}

/// A blocking client socket on 127.0.0.1, closed when released.
final class LoopbackSocket: @unchecked Sendable {
    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw POSIXError(.EPIPE) }
    }

    /// One response: its head and as much body as Content-Length says (or until the peer closes).
    func readResponse() throws -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
            let text = String(decoding: bytes, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n"),
               let line = text[..<end.lowerBound].split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
               let length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)),
               text.utf8.count - text[..<end.upperBound].utf8.count >= length {
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the server has closed its side: reads (and drops) whatever it sent, without blocking,
    /// until end of file (closed) or nothing more to read now (open).
    func isClosedByPeer() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 { continue }
            return count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)
        }
    }
}
