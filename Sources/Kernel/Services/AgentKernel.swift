import Foundation
import CoreMetrics
import Logging

/// The assembled core that transports work with: configuration, runtimes,
/// the backend, the app manager, the lifecycle, the event bus and the
/// metrics factory that every module records through.
public struct AgentKernel: Sendable {
    /// The agent's version.
    public static let version = "0.1.0"

    public let config: AgentConfig
    public let runtimes: RuntimeCatalog
    public let backend: any ServiceBackend
    public let apps: AppManager
    public let lifecycle: Lifecycle
    public let events: EventBus
    /// Latest statuses and resource history, written by the state tracker.
    public let statusCache: StatusCache
    /// Decides every app's state from systemd's facts and the scans; publishes state events and alerts.
    public let states: AppStateTracker
    /// Lists host processes for `GET /api/scan`, when a scanner is installed.
    public let scanner: (any ProcessScanner)?
    public let logger: Logger
    /// Where modules record metrics (swift-metrics); names and help texts are in `MetricDescription`.
    public let metrics: any MetricsFactory
    /// Whether systemd is a private sandbox rather than the machine's own (tests, containers).
    public let sandbox: Bool

    /// Wires the core services together around a backend and a registry store.
    ///
    /// - Parameter metrics: the factory metrics are recorded through; none are kept by default.
    public init(
        config: AgentConfig, runtimes: RuntimeCatalog, backend: any ServiceBackend, store: any RegistryStore,
        logger: Logger, sandbox: Bool, scanner: (any ProcessScanner)? = nil,
        metrics: any MetricsFactory = NOOPMetricsHandler.instance
    ) {
        let events = EventBus(metrics: metrics)
        let serializer = KeyedSerializer()
        let statusCache = StatusCache()
        let apps = AppManager(
            store: store, units: UnitDirectory(path: config.unitDir), backend: backend, runtimes: runtimes,
            events: events, serializer: serializer, logger: logger, allowRootApps: config.allowRootApps)
        let states = AppStateTracker(events: events, statusCache: statusCache, logger: logger, unitDrifts: { await apps.unitDrifts() })
        self.config = config
        self.runtimes = runtimes
        self.backend = backend
        self.apps = apps
        self.events = events
        self.statusCache = statusCache
        self.states = states
        self.scanner = scanner
        self.logger = logger
        self.metrics = metrics
        self.sandbox = sandbox
        self.lifecycle = Lifecycle(
            manager: apps, backend: backend, events: events, serializer: serializer, states: states,
            operationInterval: config.operationIntervalS, logger: logger)
    }

    /// Deletes an app (stop, disable, remove its unit, forget it).
    public func delete(_ name: String, actor: Requester) async throws {
        try await apps.unregister(name, actor: actor)
        await lifecycle.forget(name)
    }

    /// Writes an app's unit again from the registry (the answer to drift) and
    /// returns the app with its status, drift cleared.
    public func rewriteUnit(_ name: String, actor: Requester) async throws -> (app: ManagedApp, status: AppStatus) {
        let app = try await apps.rewriteUnit(name, actor: actor)
        let askedAt = Date()
        let unit = try await backend.status(of: app.unitName)
        return (app, await states.observe(unit, of: app.name, askedAt: askedAt))
    }

    /// An app's status asked of systemd now (right after a change, before the monitor has seen
    /// it); an unknown status when systemd cannot be asked.
    public func liveStatus(of app: ManagedApp) async -> AppStatus {
        var status = AppStatus(unit: try? await backend.status(of: app.unitName))
        status.drift = await apps.unitDrifts()[app.name]
        return status
    }

    /// Current status of every registered app: from the monitor's cache when
    /// it is fresh (two monitor intervals), else from one batch query to the backend.
    public func statuses() async throws -> [String: AppStatus] {
        let registered = await apps.list()
        if let cached = await statusCache.fresh(maxAge: 2 * config.monitorIntervalS),
           registered.allSatisfy({ cached[$0.name] != nil }) {
            return cached
        }
        let units = try await backend.status(of: registered.map(\.unitName))
        let drifts = await apps.unitDrifts()
        var result: [String: AppStatus] = [:]
        for app in registered {
            result[app.name] = AppStatus(unit: units[app.unitName])
            result[app.name]?.drift = drifts[app.name]
        }
        return result
    }
}
