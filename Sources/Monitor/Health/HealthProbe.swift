import Foundation
import Kernel
#if canImport(Glibc)
import Glibc
#endif

/// One health probe of an app on 127.0.0.1: a TCP connect, or an HTTP/1.1
/// `GET` whose status must be 2xx or 3xx.
///
/// Sockets are non-blocking and waited on with `poll(…, 0)` between short
/// sleeps, so a probe never blocks a thread of the concurrency pool, honours
/// task cancellation, and needs no HTTP library.
enum HealthProbe {
    /// A probe's outcome: `nil` error means healthy.
    struct Outcome: Sendable, Equatable {
        var error: String?
        var latency: Duration
    }

    /// Probes `port` as `check` says, within `check.timeoutSeconds`.
    static func run(_ check: HealthCheck, port: Int) async -> Outcome {
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started + .milliseconds(Int64(check.timeoutSeconds * 1000))
        let error = await probe(check, port: port, deadline: deadline)
        return Outcome(error: error, latency: clock.now - started)
    }

    private static func probe(_ check: HealthCheck, port: Int, deadline: ContinuousClock.Instant) async -> String? {
        guard (1...65535).contains(port) else { return "port \(port) is not a TCP port" }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return "socket: \(lastError())" }
        defer { close(fd) }
        if let error = await connect(fd, port: port, deadline: deadline) { return error }
        guard check.type == .http else { return nil }
        return await httpGet(fd, port: port, path: check.path, deadline: deadline)
    }

    // MARK: - TCP

    private static func connect(_ fd: Int32, port: Int, deadline: ContinuousClock.Instant) async -> String? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0, errno != EINPROGRESS { return "connect to 127.0.0.1:\(port): \(lastError())" }
        guard await wait(fd, for: Int16(POLLOUT), until: deadline) else { return "connect to 127.0.0.1:\(port): timed out" }
        var status: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &status, &length)
        return status == 0 ? nil : "connect to 127.0.0.1:\(port): \(String(cString: strerror(status)))"
    }

    // MARK: - HTTP

    private static func httpGet(_ fd: Int32, port: Int, path: String, deadline: ContinuousClock.Instant) async -> String? {
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUser-Agent: siax-agent-health\r\nAccept: */*\r\nConnection: close\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                sent += n
            } else if n < 0, errno == EAGAIN || errno == EINTR {
                guard await wait(fd, for: Int16(POLLOUT), until: deadline) else { return "GET \(path): timed out sending" }
            } else {
                return "GET \(path): \(lastError())"
            }
        }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        while !response.contains(UInt8(ascii: "\n")), response.count < 8192 {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                response += chunk[0..<n]
            } else if n == 0 {
                break
            } else if errno == EAGAIN || errno == EINTR {
                guard await wait(fd, for: Int16(POLLIN), until: deadline) else { return "GET \(path): timed out waiting for the response" }
            } else {
                return "GET \(path): \(lastError())"
            }
        }
        return verdict(statusLine: response, path: path)
    }

    /// nil for `HTTP/1.x 2xx|3xx`, else why not.
    static func verdict(statusLine bytes: [UInt8], path: String) -> String? {
        let line = String(decoding: bytes.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else {
            return line.isEmpty ? "GET \(path): connection closed without a response" : "GET \(path): not an HTTP response"
        }
        return (200..<400).contains(code) ? nil : "GET \(path): HTTP \(line.dropFirst(parts[0].count + 1))"
    }

    // MARK: - Waiting

    /// Waits until `fd` is ready for `events` (or has an error); false at the deadline or on cancellation.
    private static func wait(_ fd: Int32, for events: Int16, until deadline: ContinuousClock.Instant) async -> Bool {
        var pause = Duration.milliseconds(1)
        while true {
            var entry = pollfd(fd: fd, events: events, revents: 0)
            if poll(&entry, 1, 0) > 0 { return true }
            let now = ContinuousClock.now
            guard now < deadline, !Task.isCancelled else { return false }
            try? await Task.sleep(for: min(pause, deadline - now))
            pause = min(pause * 2, .milliseconds(50))
        }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
