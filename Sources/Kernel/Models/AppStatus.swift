import Foundation

/// The `status` object of an app (docs/api.md). Every key is always encoded,
/// `null` where the value is unknown, so typed clients can require them all.
public struct AppStatus: Sendable, Equatable, Codable {
    public var state: AppState
    public var activeState: String
    public var subState: String
    public var unitFileState: String
    public var pid: Int32?
    public var cpuPercent: Double?
    public var memoryBytes: UInt64?
    public var uptimeSeconds: Int?
    public var restarts: Int
    public var since: Date?
    /// systemd's `Result` of the last run (e.g. `exit-code`, `start-limit-hit`).
    public var result: String?
    /// Why the app is `crashed`, `failed` or `restarting`, for people (`killed by SIGKILL`, `exit code 1`).
    public var reason: String?
    /// How the unit file differs from what the agent wrote (changed by hand), if it does.
    public var drift: UnitDrift?

    public init(
        state: AppState, activeState: String, subState: String, unitFileState: String,
        pid: Int32? = nil, cpuPercent: Double? = nil, memoryBytes: UInt64? = nil,
        uptimeSeconds: Int? = nil, restarts: Int = 0, since: Date? = nil, result: String? = nil, reason: String? = nil,
        drift: UnitDrift? = nil
    ) {
        self.state = state
        self.activeState = activeState
        self.subState = subState
        self.unitFileState = unitFileState
        self.pid = pid
        self.cpuPercent = cpuPercent
        self.memoryBytes = memoryBytes
        self.uptimeSeconds = uptimeSeconds
        self.restarts = restarts
        self.since = since
        self.result = result
        self.reason = reason
        self.drift = drift
    }

    /// The status of an app whose unit systemd did not report (unreachable).
    public static let unknown = AppStatus(state: .unknown, activeState: "unknown", subState: "unknown", unitFileState: "unknown")

    enum CodingKeys: String, CodingKey {
        case state, pid, restarts, since, result, reason, drift
        case activeState = "active_state"
        case subState = "sub_state"
        case unitFileState = "unit_file_state"
        case cpuPercent = "cpu_percent"
        case memoryBytes = "memory_bytes"
        case uptimeSeconds = "uptime_seconds"
    }

    /// Encodes every key, unknown values as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
        try container.encode(activeState, forKey: .activeState)
        try container.encode(subState, forKey: .subState)
        try container.encode(unitFileState, forKey: .unitFileState)
        try container.encode(pid, forKey: .pid)
        try container.encode(cpuPercent, forKey: .cpuPercent)
        try container.encode(memoryBytes, forKey: .memoryBytes)
        try container.encode(uptimeSeconds, forKey: .uptimeSeconds)
        try container.encode(restarts, forKey: .restarts)
        try container.encode(since, forKey: .since)
        try container.encode(result, forKey: .result)
        try container.encode(reason, forKey: .reason)
        try container.encode(drift, forKey: .drift)
    }
}
