import Foundation

/// The one derivation of an app's status from systemd's view and the app's
/// processes, per the state table in docs/architecture.md.
extension AppStatus {
    /// CPU and memory are the unit's cgroup v2 figures where systemd has them, else the sum of
    /// the app's processes.
    ///
    /// - Parameters:
    ///   - unit: systemd's view, nil when systemd was unreachable.
    ///   - processes: the last scan of the app's processes, nil when there is none.
    ///   - scanIsCurrent: whether the scan was taken with `unit` (the monitor's pass).
    ///     When systemd's view is newer than the scan, systemd alone says whether the
    ///     app's process is alive (its main PID), and the scan only lends the figures
    ///     of that same process and any strays it saw while the unit was down.
    public init(unit: UnitStatus?, processes: AppProcesses?, scanIsCurrent: Bool, now: Date = Date()) {
        guard let unit else {
            self = .unknown
            return
        }
        let down = unit.activeState == "inactive" || unit.activeState == "failed"
        let strays = down ? processes?.strays ?? [] : []
        let own = processes?.own ?? []
        let members: [ScannedProcess]
        let alive: Bool
        if scanIsCurrent {
            members = own + strays
            alive = !members.isEmpty || processes?.mainProcessExists == true
        } else {
            members = own.filter { $0.pid == unit.mainPID } + strays
            alive = unit.mainPID != nil || !strays.isEmpty
        }
        let state = AppState.derive(status: unit, processAlive: alive)
        self.init(
            state: state, activeState: unit.activeState, subState: unit.subState, unitFileState: unit.unitFileState,
            pid: unit.mainPID ?? members.map(\.pid).min(),
            cpuPercent: unit.cpuPercent ?? Self.sum(members.compactMap(\.cpuPercent)),
            memoryBytes: members.isEmpty || (unit.memoryIsCgroupV2 && unit.memoryCurrent != nil)
                ? unit.memoryCurrent : Self.sum(members.compactMap(\.memoryBytes)),
            uptimeSeconds: Self.uptime(state: state, unit: unit, members: members, now: now),
            restarts: unit.restarts, since: unit.since, result: unit.result,
            reason: Self.reason(state: state, unit: unit))
    }

    /// The status from systemd's view alone (no scan): the main PID stands for
    /// "a process of the app is alive".
    public init(unit: UnitStatus?, now: Date = Date()) {
        self.init(unit: unit, processes: nil, scanIsCurrent: false, now: now)
    }

    /// systemd's reason while the app is down or coming back after a failure.
    private static func reason(state: AppState, unit: UnitStatus) -> String? {
        switch state {
        case .failed, .restarting: unit.failureReason
        case .crashed: unit.failureReason ?? "systemd reports the unit \(unit.activeState) but no process of the app is alive"
        default: nil
        }
    }

    /// Seconds since the unit started (running) or since the oldest stray started (zombie).
    private static func uptime(state: AppState, unit: UnitStatus, members: [ScannedProcess], now: Date) -> Int? {
        let start: Date? = switch state {
        case .running: unit.since ?? members.compactMap(\.startedAt).min()
        case .zombie: members.compactMap(\.startedAt).min()
        default: nil
        }
        return start.map { max(0, Int(now.timeIntervalSince($0))) }
    }

    private static func sum<T: AdditiveArithmetic>(_ values: [T]) -> T? {
        values.isEmpty ? nil : values.reduce(.zero, +)
    }
}
