import Foundation

/// The outcome of an app's health checks so far.
public struct AppHealth: Sendable, Equatable, Codable {
    /// Whether the app answers.
    public enum Status: String, Sendable, Codable {
        /// Not checked yet, or the app is not running (nothing to check).
        case unknown
        /// The last probe succeeded.
        case healthy
        /// `failure_threshold` consecutive probes failed.
        case unhealthy
    }

    /// The verdict so far.
    public var status: Status
    /// Failed probes in a row.
    public var consecutiveFailures: Int
    /// When the last probe finished.
    public var checkedAt: Date?
    /// Why the last probe failed, nil when it succeeded.
    public var lastError: String?
    /// How long the last probe took, in seconds.
    public var latencySeconds: Double?

    /// A health record; the default is "not checked yet".
    public init(
        status: Status = .unknown, consecutiveFailures: Int = 0, checkedAt: Date? = nil,
        lastError: String? = nil, latencySeconds: Double? = nil
    ) {
        self.status = status
        self.consecutiveFailures = consecutiveFailures
        self.checkedAt = checkedAt
        self.lastError = lastError
        self.latencySeconds = latencySeconds
    }

    enum CodingKeys: String, CodingKey {
        case status
        case consecutiveFailures = "consecutive_failures"
        case checkedAt = "checked_at"
        case lastError = "last_error"
        case latencySeconds = "latency_seconds"
    }
}
