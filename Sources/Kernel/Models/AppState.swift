/// An app's derived state: systemd's view joined with the `/proc` scan.
public enum AppState: String, Sendable, Codable, CaseIterable {
    case running, stopped, starting, stopping, restarting, crashed, failed, zombie, unknown

    /// Derives the state per docs/architecture.md's state table.
    ///
    /// - Parameters:
    ///   - status: systemd's view of the unit, nil when systemd was unreachable.
    ///   - processAlive: whether a process of the app is alive (in its unit's
    ///     cgroup, or — for a stopped unit — a matching process outside it).
    public static func derive(status: UnitStatus?, processAlive: Bool) -> AppState {
        guard let status else { return .unknown }
        if status.subState == "auto-restart" { return .restarting }
        switch status.activeState {
        case "activating": return .starting
        case "deactivating": return .stopping
        case "reloading": return processAlive ? .running : .crashed
        case "active": return processAlive ? .running : .crashed
        case "failed": return processAlive ? .zombie : .failed
        case "inactive": return processAlive ? .zombie : .stopped
        default: return .unknown
        }
    }

    /// Whether this state is a discrepancy worth an alert.
    public var isAlert: Bool { self == .crashed || self == .zombie }
}
