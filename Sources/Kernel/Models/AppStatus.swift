import Foundation

/// The `status` object of an app (docs/api.md).
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

    public init(
        state: AppState, activeState: String, subState: String, unitFileState: String,
        pid: Int32? = nil, cpuPercent: Double? = nil, memoryBytes: UInt64? = nil,
        uptimeSeconds: Int? = nil, restarts: Int = 0, since: Date? = nil, result: String? = nil
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
    }

    /// Builds the status from systemd's view alone (no process scan): the main
    /// PID stands for "a process of the app is alive".
    public init(unit: UnitStatus?, now: Date = Date()) {
        guard let unit else {
            self.init(state: .unknown, activeState: "unknown", subState: "unknown", unitFileState: "unknown")
            return
        }
        let alive = unit.mainPID != nil
        let uptime = unit.activeState == "active" ? unit.since.map { max(0, Int(now.timeIntervalSince($0))) } : nil
        self.init(
            state: AppState.derive(status: unit, processAlive: alive),
            activeState: unit.activeState, subState: unit.subState, unitFileState: unit.unitFileState,
            pid: unit.mainPID, memoryBytes: unit.memoryCurrent, uptimeSeconds: uptime,
            restarts: unit.restarts, since: unit.since, result: unit.result
        )
    }

    enum CodingKeys: String, CodingKey {
        case state, pid, restarts, since, result
        case activeState = "active_state"
        case subState = "sub_state"
        case unitFileState = "unit_file_state"
        case cpuPercent = "cpu_percent"
        case memoryBytes = "memory_bytes"
        case uptimeSeconds = "uptime_seconds"
    }
}
