import Foundation
import Logging

/// Starts, stops, restarts, enables and disables apps: one operation at a
/// time per app (a second one while it runs is refused), then a pause of
/// `operationInterval` before the next; each waits for systemd's job result.
public actor Lifecycle {
    private let manager: AppManager
    private let backend: any ServiceBackend
    private let events: EventBus
    private let serializer: KeyedSerializer
    private let states: AppStateTracker
    private let logger: Logger
    private var limiter: RateLimiter

    public init(
        manager: AppManager, backend: any ServiceBackend, events: EventBus, serializer: KeyedSerializer,
        states: AppStateTracker, operationInterval: TimeInterval, logger: Logger
    ) {
        self.manager = manager
        self.backend = backend
        self.events = events
        self.serializer = serializer
        self.states = states
        self.logger = logger
        self.limiter = RateLimiter(interval: operationInterval)
    }

    /// Performs `operation` on the app named `name` (or `name.service`) and returns its status afterwards.
    ///
    /// Throws `not_found`, `rate_limited` (with retry-after), or the backend's
    /// error (`operation_failed` with systemd's reason, `timeout`, `permission_denied`, …).
    public func perform(_ operation: Operation, on name: String, actor: Requester) async throws -> AppStatus {
        let app = try await manager.get(name)
        try limiter.acquire(app.name)
        defer { limiter.release(app.name) }
        let unit = app.unitName
        do {
            let status = try await serializer.run(app.name) {
                try await self.execute(operation, unit: unit, app: app.name, requester: actor)
            }
            logger.info("\(operation.rawValue) \(app.name) by \(actor.name): ok")
            await events.publishOperation(operation.rawValue, on: app.name, by: actor, error: nil)
            return status
        } catch {
            logger.warning("\(operation.rawValue) \(app.name) by \(actor.name) failed: \(error)")
            await events.publishOperation(operation.rawValue, on: app.name, by: actor, error: error)
            throw error
        }
    }

    /// Forgets an app's rate-limit history (after it was deleted).
    public func forget(_ name: String) {
        limiter.forget(AppManager.appName(name))
    }

    /// Runs the operation, then reads the unit's status and hands it to the
    /// state tracker (which publishes the state change) before returning.
    private func execute(_ operation: Operation, unit: String, app: String, requester: Requester) async throws -> AppStatus {
        switch operation {
        case .start, .restart:
            // An operator's start is deliberate: clear a failed state and the
            // start-limit counter, so only automatic restarts count towards it.
            // The agent's own restarts (health checks) must respect the limit.
            if !requester.isAutomatic { try? await backend.resetFailed(unit) }
            try await operation == .start ? backend.start(unit) : backend.restart(unit)
        case .stop:
            try await backend.stop(unit)
        case .enable:
            try await backend.enable(unit)
            try await manager.recordEnabled(app, true)
        case .disable:
            try await backend.disable(unit)
            try await manager.recordEnabled(app, false)
        }
        let askedAt = Date()
        return await states.observe(try await backend.status(of: unit), of: app, askedAt: askedAt)
    }
}
