import Foundation

/// Notices crash loops: an app's restart count (systemd's `NRestarts`)
/// rising `threshold` times or more within `window`.
///
/// After an alert the count starts again, so a loop that goes on alerts once
/// per `threshold` further restarts, not on every pass.
struct CrashLoopDetector: Sendable {
    let threshold: Int
    let window: TimeInterval
    private var lastCount: [String: Int] = [:]
    /// Restarts seen per pass within the window: when, and how many.
    private var rises: [String: [(at: Date, count: Int)]] = [:]

    init(threshold: Int = 3, window: TimeInterval = 60) {
        self.threshold = threshold
        self.window = window
    }

    /// Records an app's restart count; returns the number of restarts within
    /// the window when they reach the threshold (time to alert), else nil.
    mutating func observe(_ app: String, restarts: Int, at now: Date) -> Int? {
        let previous = lastCount.updateValue(restarts, forKey: app)
        guard let previous else { return nil }
        guard restarts >= previous else {
            // Started by hand: systemd reset the counter.
            rises[app] = nil
            return nil
        }
        var recent = rises[app, default: []].filter { now.timeIntervalSince($0.at) < window }
        if restarts > previous { recent.append((now, restarts - previous)) }
        let total = recent.reduce(0) { $0 + $1.count }
        guard total >= threshold else {
            rises[app] = recent.isEmpty ? nil : recent
            return nil
        }
        rises[app] = nil
        return total
    }

    /// Forgets an app that is no longer registered.
    mutating func forget(_ app: String) {
        lastCount[app] = nil
        rises[app] = nil
    }
}
