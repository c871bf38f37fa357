import Foundation
import Kernel
import Synchronization

/// Failed-authentication throttling per client address: after `maxFailures`
/// failures within `window` seconds an address is refused (429 with
/// `Retry-After`) until the window that started with its first failure ends.
public final class AuthThrottle: Sendable {
    private struct Window: Sendable {
        var start: Date
        var failures: Int
    }

    private let windows = Mutex<[String: Window]>([:])
    private let maxFailures: Int
    private let window: TimeInterval
    private let trackedLimit: Int

    /// - Parameters:
    ///   - maxFailures: failures allowed per window.
    ///   - window: seconds.
    ///   - trackedLimit: most addresses remembered (expired ones are pruned first).
    public init(maxFailures: Int = 10, window: TimeInterval = 60, trackedLimit: Int = 10_000) {
        self.maxFailures = maxFailures
        self.window = window
        self.trackedLimit = trackedLimit
    }

    /// Throws `rate_limited` when `address` failed too often recently.
    public func check(_ address: String, now: Date = Date()) throws {
        let retryAfter: TimeInterval? = windows.withLock { windows in
            guard let entry = windows[address] else { return nil }
            let end = entry.start.addingTimeInterval(window)
            if end <= now {
                windows[address] = nil
                return nil
            }
            return entry.failures >= maxFailures ? end.timeIntervalSince(now) : nil
        }
        if let retryAfter {
            throw SiaxError(
                .rateLimited, "too many failed authentication attempts from \(address); retry later",
                retryAfterSeconds: max(1, Int(retryAfter.rounded(.up))))
        }
    }

    /// Records a failed attempt from `address`.
    public func recordFailure(_ address: String, now: Date = Date()) {
        windows.withLock { windows in
            if var entry = windows[address], entry.start.addingTimeInterval(window) > now {
                entry.failures += 1
                windows[address] = entry
                return
            }
            if windows.count >= trackedLimit {
                windows = windows.filter { $0.value.start.addingTimeInterval(window) > now }
                if windows.count >= trackedLimit, let oldest = windows.min(by: { $0.value.start < $1.value.start }) {
                    windows[oldest.key] = nil
                }
            }
            windows[address] = Window(start: now, failures: 1)
        }
    }
}
