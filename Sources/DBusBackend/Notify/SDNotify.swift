import Foundation
import Glibc

/// The agent's own service notifications to systemd (the `sd_notify`
/// protocol): `READY=1` once transports listen, `STATUS=` one-line summaries,
/// `WATCHDOG=1` pings at half of `WATCHDOG_USEC`, `STOPPING=1` on shutdown.
/// Every call is a no-op without `NOTIFY_SOCKET` (the agent was not started
/// by systemd with `Type=notify`).
///
/// The settings are read from an environment given once (the process's by
/// default), so tests never change the process's own environment.
public struct SDNotify: Sendable {
    /// `NOTIFY_SOCKET`: a path, or an abstract name starting with `@`.
    let socket: String?
    /// Half of `WATCHDOG_USEC` when systemd's watchdog is on for this process.
    public let watchdogInterval: Duration?

    /// The settings in `environment`, for the process `pid`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, pid: pid_t = getpid()) {
        socket = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        let watchedPID = environment["WATCHDOG_PID"].flatMap { pid_t($0) }
        if socket != nil, let usec = environment["WATCHDOG_USEC"].flatMap(UInt64.init), usec > 0, watchedPID == nil || watchedPID == pid {
            watchdogInterval = .microseconds(Int64(clamping: usec / 2))
        } else {
            watchdogInterval = nil
        }
    }

    /// Whether systemd listens for notifications from this process.
    public var isEnabled: Bool { socket != nil }

    /// `READY=1`, with an optional status line.
    public func ready(status: String? = nil) {
        send(["READY=1"] + (status.map { ["STATUS=\(Self.oneLine($0))"] } ?? []))
    }

    /// `STATUS=…`: what `systemctl status` shows for the agent.
    public func status(_ text: String) {
        send(["STATUS=\(Self.oneLine(text))"])
    }

    /// `STOPPING=1`, with an optional status line.
    public func stopping(status: String? = nil) {
        send(["STOPPING=1"] + (status.map { ["STATUS=\(Self.oneLine($0))"] } ?? []))
    }

    /// `WATCHDOG=1`: one keep-alive ping.
    public func watchdogPing() {
        send(["WATCHDOG=1"])
    }

    /// Pings the watchdog every `watchdogInterval` until the task is cancelled;
    /// returns at once when the watchdog is off.
    public func runWatchdog() async {
        guard let interval = watchdogInterval else { return }
        watchdogPing()
        while (try? await Task.sleep(for: interval)) != nil { watchdogPing() }
    }

    // MARK: - Sending

    /// One datagram of newline-separated assignments to the socket.
    private func send(_ assignments: [String]) {
        guard let socket else { return }
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        // An abstract socket's name starts with a NUL where the `@` is.
        let path = Array(socket.utf8).enumerated().map { $0.offset == 0 && $0.element == UInt8(ascii: "@") ? 0 : $0.element }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (path.first == 0 ? 0 : 1))
        let message = Array(assignments.joined(separator: "\n").utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                message.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), address, length) }
            }
        }
    }

    /// The text on one line: notifications are newline-separated assignments.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
