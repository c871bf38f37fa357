import Foundation

/// What systemd reports about one unit, independent of the backend that asked.
public struct UnitStatus: Sendable, Equatable {
    /// The unit's name, e.g. `shop-api.service`.
    public var unit: String
    /// `LoadState`: `loaded`, `not-found`, `masked`, `bad-setting`, `error`.
    public var loadState: String
    /// `ActiveState`: `active`, `inactive`, `failed`, `activating`, `deactivating`, `reloading`.
    public var activeState: String
    /// `SubState`, e.g. `running`, `dead`, `auto-restart`, `exited`.
    public var subState: String
    /// `UnitFileState`: `enabled`, `disabled`, `static`, … or empty.
    public var unitFileState: String
    /// `MainPID`, nil when 0.
    public var mainPID: Int32?
    /// `NRestarts`: automatic restarts since the unit was last started by hand.
    public var restarts: Int
    /// `Result`: `success`, `exit-code`, `signal`, `start-limit-hit`, …
    public var result: String
    /// `ExecMainStartTimestamp` (or `ActiveEnterTimestamp`), when known.
    public var since: Date?
    /// `MemoryCurrent` in bytes, when accounting is on.
    public var memoryCurrent: UInt64?
    /// Whether `memoryCurrent` is the unit's cgroup v2 charge (`memory.current`): then it
    /// is the app's memory, as systemd reports it; else processes' memory is summed.
    public var memoryIsCgroupV2 = false
    /// The unit's CPU use in percent of one core, from its cgroup v2 CPU time between two
    /// reads (`UnitCPURates`); nil on cgroup v1, while the unit is down, and on its first read.
    public var cpuPercent: Double?
    /// `ExecMainStatus`: exit status of the main process, when it exited.
    public var execMainStatus: Int32?
    /// `ExecMainCode` as systemd names it (`exited`, `killed`, `dumped`), when known.
    public var execMainCode: String?

    public init(
        unit: String, loadState: String = "loaded", activeState: String, subState: String,
        unitFileState: String = "", mainPID: Int32? = nil, restarts: Int = 0,
        result: String = "success", since: Date? = nil, memoryCurrent: UInt64? = nil,
        execMainStatus: Int32? = nil, execMainCode: String? = nil
    ) {
        self.unit = unit
        self.loadState = loadState
        self.activeState = activeState
        self.subState = subState
        self.unitFileState = unitFileState
        self.mainPID = mainPID
        self.restarts = restarts
        self.result = result
        self.since = since
        self.memoryCurrent = memoryCurrent
        self.execMainStatus = execMainStatus
        self.execMainCode = execMainCode
    }

    /// Whether this host's cgroups are v2 (unified), where systemd's `MemoryCurrent` is `memory.current`.
    public static let hostHasCgroupV2 = FileManager.default.fileExists(atPath: "/sys/fs/cgroup/cgroup.controllers")

    /// Whether systemd knows the unit at all.
    public var isLoaded: Bool { loadState != "not-found" }

    /// A status for a unit systemd does not know.
    public static func notFound(_ unit: String) -> UnitStatus {
        UnitStatus(unit: unit, loadState: "not-found", activeState: "inactive", subState: "dead")
    }
}

/// A change of one unit's state, as a backend's state stream reports it.
public struct UnitStateChange: Sendable, Equatable {
    /// The unit's new status.
    public var status: UnitStatus
    /// When the status was asked for (before the read), so that observations
    /// from several paths can be ordered.
    public var askedAt: Date

    public init(status: UnitStatus, askedAt: Date = Date()) {
        self.status = status
        self.askedAt = askedAt
    }
}
