import Foundation
import Kernel
import KernelTestSupport
import Testing

/// Hostile HTTP over real loopback sockets: malformed bodies get a clear 4xx, slow and idle
/// connections are closed, and a legitimate client is served all along.
@Suite("HTTP: hostile bodies, slow and idle sockets", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct HTTPExhaustionTests {
    static let idleTimeout = 2.0

    func post(_ api: APIHarness, _ body: [UInt8], contentLength: Int? = nil) async throws -> String {
        let head = "POST /api/apps HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(APIHarness.adminToken)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(contentLength ?? body.count)\r\n\r\n"
        let socket = try LoopbackSocket(port: api.port)
        try socket.send(Array(head.utf8) + body)
        return try await socket.response()
    }

    @Test("repeated keys, 10,000-deep nesting, invalid UTF-8 and a short Content-Length: 400 with a message; a long one is closed")
    func hostileBodies() async throws {
        let api = try APIHarness(operationInterval: 0, http: { $0.httpIdleTimeoutS = Self.idleTimeout })
        try await api.serve(cleaningUp: []) { api in
            let duplicate = try await post(api, Array(#"{"name":"a","name":"b","runtime":"nodejs"}"#.utf8))
            #expect(duplicate.hasPrefix("HTTP/1.1 400"), "\(duplicate)")
            #expect(duplicate.contains(#""field":"name""#) && duplicate.contains("repeats the key name"), "\(duplicate)")

            let deep = try await post(api, Array((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8))
            #expect(deep.hasPrefix("HTTP/1.1 400"), "\(deep)")
            let invalid = try await post(api, Array(#"{"name":""#.utf8) + [0xFF, 0xFE] + Array(#"","runtime":"nodejs"}"#.utf8))
            #expect(invalid.hasPrefix("HTTP/1.1 400"), "\(invalid)")
            let short = try await post(api, Array(#"{"name":"x"}"#.utf8), contentLength: 5)
            #expect(short.hasPrefix("HTTP/1.1 400"), "\(short)")

            // A body that never comes: the server closes the socket after the idle timeout.
            let socket = try LoopbackSocket(port: api.port)
            try socket.send(Array("POST /api/apps HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"name\":".utf8))
            let closed = await eventually { socket.isClosedByPeer() }
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
                #expect(try await socket.response().hasPrefix("HTTP/1.1 200"))
                sockets.append(socket)
            }
            // Served while the 1,000 sockets are open (the figure for people: the slowest answer).
            var slowest = Duration.zero
            // A new connection each time: a pooled keep-alive connection would itself be closed by the idle deadline.
            for _ in 0..<20 {
                let started = ContinuousClock.now
                let client = try LoopbackSocket(port: api.port)
                try client.send(Array("GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
                #expect(try await client.response().hasPrefix("HTTP/1.1 200"))
                slowest = max(slowest, started.duration(to: .now))
            }
            print("HTTPExhaustionTests: slowest /api/health with 1,000 hostile sockets open: \(slowest)")
            #expect(slowest < .seconds(5))

            let allClosed = await eventually(timeout: .seconds(60)) { sockets.allSatisfy { $0.isClosedByPeer() } }
            #expect(allClosed, "\(sockets.filter { !$0.isClosedByPeer() }.count) still open")
            sockets.removeAll()
            #expect(await eventually { openDescriptors() <= descriptorsBefore + 20 },
                    "descriptors before \(descriptorsBefore), now \(openDescriptors())")
            let after = try LoopbackSocket(port: api.port)
            try after.send(Array("GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
            #expect(try await after.response().hasPrefix("HTTP/1.1 200"))
        }
    }

    func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
    }
}
