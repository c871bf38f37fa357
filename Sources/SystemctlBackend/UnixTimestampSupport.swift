import Synchronization

/// Remembers whether `systemctl` understands `--timestamp=unix` (systemd ≥ 248).
final class UnixTimestampSupport: Sendable {
    private let supported = Mutex(true)

    /// Whether to pass `--timestamp=unix`.
    var isSupported: Bool { supported.withLock { $0 } }

    /// Stops passing it after systemctl refused it.
    func markUnsupported() { supported.withLock { $0 = false } }
}
