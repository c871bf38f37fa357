import Foundation
import Kernel

/// Builds an app's status from systemd's view and the app's processes,
/// per docs/architecture.md's state table.
enum StatusBuilder {
    /// - Parameters:
    ///   - unit: systemd's view, nil when systemd was unreachable.
    ///   - own: the processes in the unit's cgroup.
    ///   - strays: matching processes outside the unit (only looked for while the unit is not active).
    static func status(unit: UnitStatus?, own: [ScannedProcess], strays: @autoclosure () -> [ScannedProcess], now: Date) -> AppStatus {
        guard let unit else { return AppStatus(unit: nil) }
        let down = unit.activeState == "inactive" || unit.activeState == "failed"
        let members = down ? own + strays() : own
        let state = AppState.derive(status: unit, processAlive: !members.isEmpty)
        return AppStatus(
            state: state, activeState: unit.activeState, subState: unit.subState, unitFileState: unit.unitFileState,
            pid: unit.mainPID ?? members.map(\.pid).min(),
            cpuPercent: sum(members.compactMap(\.cpuPercent)),
            memoryBytes: members.isEmpty ? unit.memoryCurrent : sum(members.compactMap(\.memoryBytes)),
            uptimeSeconds: uptime(state: state, unit: unit, members: members, now: now),
            restarts: unit.restarts, since: unit.since, result: unit.result)
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

    /// systemd's reason for a unit's state, for events: `failed/failed, result exit-code (exited, status 3)`.
    static func reason(_ unit: UnitStatus) -> String {
        var text = "\(unit.activeState)/\(unit.subState), result \(unit.result)"
        if let code = unit.execMainCode, let status = unit.execMainStatus {
            text += " (\(code), status \(status))"
        }
        return text
    }
}
