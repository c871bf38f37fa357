import Foundation
import Kernel

extension Reconciler {
    /// Publishes what changed for one app in this pass: a `state` event (with
    /// the previous state) on a change, an `alert` when it becomes crashed,
    /// zombie or failed, and a `crash_loop` alert; each is logged too.
    ///
    /// The first pass only records states (no `state` event), but alerts for
    /// apps that are already crashed or zombie.
    func publishChanges(_ app: ManagedApp, status: AppStatus, unit: UnitStatus?, now: Date) async {
        let name = app.name
        let state = status.state
        let previous = states.updateValue(state, forKey: name)
        let reason = unit.map { "systemd: \(StatusBuilder.reason($0))" }

        if let previous, previous != state {
            logger.info("app \(name): \(previous.rawValue) → \(state.rawValue)\(reason.map { " (\($0))" } ?? "")")
            await kernel.events.publish(AgentEvent(type: .state, app: name, at: now, state: state, previous: previous, detail: reason))
        }
        if previous != state, state.isAlert || (state == .failed && previous != nil) {
            let detail = Discrepancy(app: name, unit: app.unitName, status: status, now: now)?.detail ?? reason
            logger.warning("app \(name): \(state.rawValue): \(detail ?? "")")
            await kernel.events.publish(AgentEvent(type: .alert, app: name, at: now, alert: state.rawValue, detail: detail))
        }
        if let unit, unit.result != "success" { lastFailures[name] = reason }
        if unit != nil, let count = crashLoops.observe(name, restarts: status.restarts, at: now) {
            let window = Int(crashLoops.window)
            // Between restarts systemd reports the new run (result success); the last failure says why.
            let why = lastFailures[name].map { "; last failure: \($0)" } ?? reason.map { "; \($0)" } ?? ""
            let detail = "restarted \(count) times within \(window) s\(why)"
            logger.warning("app \(name): crash loop: \(detail)")
            await kernel.events.publish(AgentEvent(type: .alert, app: name, at: now, alert: "crash_loop", detail: detail))
        }
    }
}
