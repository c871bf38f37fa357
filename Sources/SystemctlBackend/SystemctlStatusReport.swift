import Foundation

/// The header of `systemctl status UNIT`, as a person reads it.
public struct SystemctlStatusReport: Sendable, Equatable {
    /// The unit's name from the first line (`● shop-api.service - Shop API`).
    public var unit: String
    /// The unit's description, when it has one.
    public var description: String?
    /// From `Loaded:` — `loaded`, `not-found`, `masked`, …
    public var loadState: String?
    /// From `Loaded:` — the unit file's path.
    public var unitFilePath: String?
    /// From `Loaded:` — `enabled`, `disabled`, `static`, …
    public var enablement: String?
    /// From `Active:` — `active`, `inactive`, `failed`, `activating`, …
    public var activeState: String?
    /// From `Active:` — `running`, `dead`, `auto-restart`, …
    public var subState: String?
    /// From `Active:` — `exit-code`, `signal`, … when systemd shows one.
    public var result: String?
    /// From `Active:` — when the unit entered its current state.
    public var since: Date?
    /// From `Main PID:`.
    public var mainPID: Int32?
    /// From `Main PID:` — the process name, or how it ended (`code=exited, status=3`).
    public var mainProcess: String?
    /// From `Tasks:`.
    public var tasks: Int?
    /// From `Tasks:` — the `limit:`.
    public var tasksLimit: Int?
    /// From `Memory:`, in bytes.
    public var memoryBytes: UInt64?
    /// From `CPU:`, in seconds.
    public var cpuSeconds: Double?

    /// Creates a report for a unit; every other field starts empty.
    public init(unit: String) {
        self.unit = unit
    }
}
