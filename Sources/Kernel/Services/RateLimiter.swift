import Foundation

/// At most one operation per `interval` per key: an operation is refused while
/// another on the same key is in flight, and for `interval` after it finished.
/// A refused caller learns when to retry.
public struct RateLimiter: Sendable {
    private let interval: TimeInterval
    private var inFlight: Set<String> = []
    private var lastFinished: [String: Date] = [:]

    public init(interval: TimeInterval) {
        self.interval = interval
    }

    /// Accepts the operation (marking it in flight) or throws `rate_limited` with `Retry-After` seconds.
    public mutating func acquire(_ key: String, now: Date = Date()) throws {
        if inFlight.contains(key) {
            throw refusal(key, wait: interval, reason: "an operation on '\(key)' is in progress")
        }
        if let last = lastFinished[key] {
            let wait = interval - now.timeIntervalSince(last)
            if wait > 0 {
                throw refusal(key, wait: wait, reason: "at most one operation per \(Self.format(interval)) s on '\(key)'")
            }
        }
        inFlight.insert(key)
    }

    /// Marks the key's operation finished; the interval starts now.
    public mutating func release(_ key: String, now: Date = Date()) {
        inFlight.remove(key)
        lastFinished[key] = now
    }

    /// Forgets a key (the app was deleted).
    public mutating func forget(_ key: String) {
        inFlight.remove(key)
        lastFinished[key] = nil
    }

    private func refusal(_ key: String, wait: TimeInterval, reason: String) -> SiaxError {
        SiaxError(
            .rateLimited, "\(reason); retry in \(Self.format(wait)) s",
            field: "name", retryAfterSeconds: max(1, Int(wait.rounded(.up))))
    }

    private static func format(_ seconds: TimeInterval) -> String {
        String(format: "%.1f", seconds).replacingOccurrences(of: ".0", with: "")
    }
}
