import Kernel
import Synchronization

/// Caps live log connections per app (config `max_log_connections_per_app`).
public final class ConnectionLimiter: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    /// Connections allowed per app.
    public let limit: Int

    public init(limit: Int) {
        self.limit = limit
    }

    /// Reserves a connection for `app`, or throws `rate_limited` when it has `limit` already.
    public func reserve(_ app: String) throws -> ConnectionSlot {
        let accepted = counts.withLock { counts in
            let current = counts[app, default: 0]
            guard current < limit else { return false }
            counts[app] = current + 1
            return true
        }
        guard accepted else {
            throw SiaxError(
                .rateLimited, "'\(app)' already has \(limit) live log connections (config max_log_connections_per_app)",
                field: "name", retryAfterSeconds: 5)
        }
        return ConnectionSlot { [self] in
            counts.withLock { counts in
                let remaining = counts[app, default: 1] - 1
                counts[app] = remaining > 0 ? remaining : nil
            }
        }
    }

    /// Live connections of `app`.
    public func count(_ app: String) -> Int {
        counts.withLock { $0[app, default: 0] }
    }
}

/// A reserved connection; `release()` frees it once, however often it is called.
public final class ConnectionSlot: Sendable {
    private let onRelease: Mutex<(@Sendable () -> Void)?>

    init(_ onRelease: @escaping @Sendable () -> Void) {
        self.onRelease = Mutex(onRelease)
    }

    /// Frees the slot (idempotent).
    public func release() {
        let action = onRelease.withLock { action -> (@Sendable () -> Void)? in
            defer { action = nil }
            return action
        }
        action?()
    }

    deinit {
        release()
    }
}
