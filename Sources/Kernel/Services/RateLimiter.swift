import Foundation

/// At most one operation per `interval` per key; a refused caller learns when to retry.
public struct RateLimiter: Sendable {
    private let interval: TimeInterval
    private var lastAccepted: [String: Date] = [:]

    public init(interval: TimeInterval) {
        self.interval = interval
    }

    /// Accepts the operation (recording it) or throws `rate_limited` with `Retry-After` seconds.
    public mutating func acquire(_ key: String, now: Date = Date()) throws {
        if let last = lastAccepted[key] {
            let wait = interval - now.timeIntervalSince(last)
            if wait > 0 {
                throw SiaxError(
                    .rateLimited,
                    "at most one operation per \(Self.format(interval)) s on '\(key)'; retry in \(Self.format(wait)) s",
                    field: "name", retryAfterSeconds: max(1, Int(wait.rounded(.up))))
            }
        }
        lastAccepted[key] = now
    }

    /// Forgets a key (the app was deleted).
    public mutating func forget(_ key: String) {
        lastAccepted[key] = nil
    }

    private static func format(_ seconds: TimeInterval) -> String {
        String(format: "%.1f", seconds).replacingOccurrences(of: ".0", with: "")
    }
}
