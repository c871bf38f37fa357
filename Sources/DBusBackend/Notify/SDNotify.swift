import CSystemd
import Glibc

/// The agent's own service notifications to systemd (`sd_notify`): `READY=1`
/// once transports listen, `STATUS=` one-line summaries, `WATCHDOG=1` pings at
/// half of `WATCHDOG_USEC`, `STOPPING=1` on shutdown. Every call is a no-op
/// when `NOTIFY_SOCKET` is unset (the agent was not started by systemd with
/// `Type=notify`).
public enum SDNotify {
    /// Whether systemd listens for notifications from this process.
    public static var isEnabled: Bool { getenv("NOTIFY_SOCKET") != nil }

    /// `READY=1`, with an optional status line.
    public static func ready(status: String? = nil) {
        send(["READY=1"] + (status.map { ["STATUS=\(oneLine($0))"] } ?? []))
    }

    /// `STATUS=…`: what `systemctl status` shows for the agent.
    public static func status(_ text: String) {
        send(["STATUS=\(oneLine(text))"])
    }

    /// `STOPPING=1`, with an optional status line.
    public static func stopping(status: String? = nil) {
        send(["STOPPING=1"] + (status.map { ["STATUS=\(oneLine($0))"] } ?? []))
    }

    /// `WATCHDOG=1`: one keep-alive ping.
    public static func watchdogPing() {
        send(["WATCHDOG=1"])
    }

    // MARK: - Watchdog

    /// Half of `WATCHDOG_USEC` when systemd's watchdog is on for this process; nil otherwise.
    public static var watchdogInterval: Duration? {
        var usec: UInt64 = 0
        guard isEnabled, sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(clamping: usec / 2))
    }

    /// Pings the watchdog every `watchdogInterval` until the task is cancelled;
    /// returns at once when the watchdog is off.
    public static func runWatchdog() async {
        guard let interval = watchdogInterval else { return }
        watchdogPing()
        while (try? await Task.sleep(for: interval)) != nil { watchdogPing() }
    }

    // MARK: - Sending

    private static func send(_ assignments: [String]) {
        guard isEnabled else { return }
        _ = sd_notify(0, assignments.joined(separator: "\n"))
    }

    /// The text on one line: notifications are newline-separated assignments.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
