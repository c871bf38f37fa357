import Foundation

/// The latest status of every app, kept up to date by the monitor, so that
/// requests read memory instead of asking systemd; plus a short resource
/// history per app for the panel's sparklines.
public actor StatusCache {
    /// One point of an app's resource history.
    public struct Sample: Sendable, Equatable, Codable {
        public var at: Date
        public var cpuPercent: Double?
        public var memoryBytes: UInt64?
        public var state: AppState

        public init(at: Date, cpuPercent: Double?, memoryBytes: UInt64?, state: AppState) {
            self.at = at
            self.cpuPercent = cpuPercent
            self.memoryBytes = memoryBytes
            self.state = state
        }

        enum CodingKeys: String, CodingKey {
            case at, state
            case cpuPercent = "cpu_percent"
            case memoryBytes = "memory_bytes"
        }
    }

    private var statuses: [String: AppStatus] = [:]
    private var updatedAt: Date?
    private var history: [String: SampleHistory] = [:]
    private let historyLimit: Int

    /// - Parameter historyLimit: samples kept per app (an hour at a 2 s interval by default).
    public init(historyLimit: Int = 1800) {
        self.historyLimit = historyLimit
    }

    /// Replaces every app's status (one monitor pass) and appends a history sample each.
    public func update(_ statuses: [String: AppStatus], at time: Date = Date()) {
        self.statuses = statuses
        updatedAt = time
        for (app, status) in statuses {
            history[app, default: SampleHistory(limit: historyLimit)]
                .append(Sample(at: time, cpuPercent: status.cpuPercent, memoryBytes: status.memoryBytes, state: status.state))
        }
        for app in history.keys where statuses[app] == nil { history[app] = nil }
    }

    /// Replaces one app's status (after an operation) without a history sample.
    public func set(_ app: String, _ status: AppStatus) {
        statuses[app] = status
    }

    /// Statuses no older than `maxAge`, or nil when the cache is stale or empty.
    public func fresh(maxAge: TimeInterval, now: Date = Date()) -> [String: AppStatus]? {
        guard let updatedAt, now.timeIntervalSince(updatedAt) <= maxAge else { return nil }
        return statuses
    }

    /// An app's resource history, oldest first.
    public func samples(of app: String) -> [Sample] {
        history[app]?.samples ?? []
    }
}
