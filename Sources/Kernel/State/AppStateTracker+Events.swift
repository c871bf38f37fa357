import Foundation

extension AppStateTracker {
    /// Publishes what changed for one app: a `state` event (with the previous
    /// state and systemd's reason) on a change; an alert when it becomes
    /// `crashed` or `zombie`, comes back `restarting` after a failure
    /// (`crashed`), or ends `failed` (`failed`, or `start_limit`); and a
    /// `crash_loop` alert. Each is logged too.
    ///
    /// Before the first pass, states are only recorded (no `state` event), but
    /// apps that are already crashed or zombie are alerted.
    func publishChanges(_ name: String, unit: String, status: AppStatus, now: Date) async {
        let state = status.state
        let previous = states.updateValue(state, forKey: name) ?? (primed ? .stopped : nil)
        if let previous, previous != state {
            logger.info("app \(name): \(previous.rawValue) → \(state.rawValue)\(status.reason.map { " (\($0))" } ?? "")")
            await events.publish(AgentEvent(type: .state, app: name, at: now, state: state, previous: previous, detail: status.reason))
        }
        if previous != state, let alert = Self.alert(entering: state, from: previous, status: status) {
            let detail = Discrepancy(app: name, unit: unit, status: status, now: now)?.detail ?? status.reason
            logger.warning("app \(name): \(alert): \(detail ?? "")")
            await events.publish(AgentEvent(type: .alert, app: name, at: now, alert: alert, detail: detail))
        }
        if let reason = status.reason, state != .crashed { lastFailures[name] = reason }
        if state != .unknown, let count = crashLoops.observe(name, restarts: status.restarts, at: now) {
            // Between restarts systemd reports the new run (result success); the last failure says why.
            let why = lastFailures[name].map { "; last failure: \($0)" } ?? ""
            let detail = "restarted \(count) times within \(Int(crashLoops.window)) s\(why)"
            logger.warning("app \(name): crash loop: \(detail)")
            await events.publish(AgentEvent(type: .alert, app: name, at: now, alert: "crash_loop", detail: detail))
        }
    }

    /// The alert for entering `state`, if it calls for one.
    private static func alert(entering state: AppState, from previous: AppState?, status: AppStatus) -> String? {
        switch state {
        case .crashed, .zombie: state.rawValue
        case .restarting where status.reason != nil && previous != nil: AppState.crashed.rawValue
        case .failed where previous != nil: status.result == "start-limit-hit" ? "start_limit" : AppState.failed.rawValue
        default: nil
        }
    }
}
