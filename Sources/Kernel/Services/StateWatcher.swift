import Logging
import ServiceLifecycle

/// Turns the backend's unit state changes into `state` events (and `alert`
/// events for crashes) for the managed apps. Runs until graceful shutdown.
public struct StateWatcher: Service {
    private let kernel: AgentKernel

    public init(kernel: AgentKernel) {
        self.kernel = kernel
    }

    public func run() async throws {
        let apps = kernel.apps
        var last: [String: AppState] = [:]
        let changes = kernel.backend.stateChanges(of: { await apps.list().map(\.unitName) })
        for await change in changes.cancelOnGracefulShutdown() {
            let app = AppManager.appName(change.status.unit)
            let state = AppStatus(unit: change.status).state
            let previous = last[app]
            guard previous != state else { continue }
            last[app] = state
            guard let previous else { continue }
            kernel.logger.info("app \(app): \(previous.rawValue) → \(state.rawValue)")
            await kernel.events.publish(AgentEvent(type: .state, app: app, state: state, previous: previous))
            if state.isAlert || state == .failed {
                await kernel.events.publish(AgentEvent(
                    type: .alert, app: app, alert: state.rawValue,
                    detail: "systemd: \(change.status.activeState)/\(change.status.subState), result \(change.status.result)"))
            }
        }
    }
}
