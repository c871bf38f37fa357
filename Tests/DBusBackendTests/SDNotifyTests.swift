import Foundation
import Testing
@testable import DBusBackend

/// `SDNotify` against a datagram socket standing in for systemd's `NOTIFY_SOCKET`.
@Suite("sd_notify", .serialized)
struct SDNotifyTests {
    /// A bound `AF_UNIX` datagram socket; receives what `sd_notify` sends.
    final class Listener {
        let path = "/tmp/siax-notify-\(UUID().uuidString.prefix(8))"
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)

        init() throws {
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit {
            close(fd)
            unlink(path)
        }

        func receive() -> String? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, 0)
            return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
        }
    }

    @Test("READY, STATUS, WATCHDOG and STOPPING reach NOTIFY_SOCKET")
    func notifications() throws {
        let listener = try Listener()
        let notify = SDNotify(environment: ["NOTIFY_SOCKET": listener.path])
        #expect(notify.isEnabled)
        notify.ready(status: "3 apps\nrunning")
        #expect(listener.receive() == "READY=1\nSTATUS=3 apps running")
        notify.status("serving on :8080")
        #expect(listener.receive() == "STATUS=serving on :8080")
        notify.watchdogPing()
        #expect(listener.receive() == "WATCHDOG=1")
        notify.stopping()
        #expect(listener.receive() == "STOPPING=1")
    }

    @Test("the watchdog pings at half of WATCHDOG_USEC, only for this PID")
    func watchdogInterval() throws {
        let listener = try Listener()
        let environment = ["NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "3000000", "WATCHDOG_PID": "\(getpid())"]
        #expect(SDNotify(environment: environment).watchdogInterval == .milliseconds(1500))
        #expect(SDNotify(environment: environment.merging(["WATCHDOG_PID": "1"]) { $1 }).watchdogInterval == nil)
        #expect(SDNotify(environment: environment.filter { $0.key != "WATCHDOG_PID" }).watchdogInterval == .milliseconds(1500))
    }

    @Test("without NOTIFY_SOCKET every call is a no-op")
    func disabled() {
        let notify = SDNotify(environment: ["WATCHDOG_USEC": "3000000"])
        #expect(!notify.isEnabled)
        #expect(notify.watchdogInterval == nil)
        notify.ready()
        notify.stopping()
    }
}
