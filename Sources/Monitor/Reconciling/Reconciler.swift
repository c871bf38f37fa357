import Foundation
import Kernel
import Logging
import ServiceLifecycle

/// The monitor: every `config.monitorIntervalS` it joins one `/proc` scan with
/// one batch status query to systemd, derives each app's state
/// (docs/architecture.md's state table), writes the `StatusCache`, and turns changes into
/// events: `state` on every change, `alert` for `crashed`, `zombie`, `failed`
/// and crash loops. Runs until graceful shutdown.
///
/// It is the one publisher of state and alert events; the Kernel's
/// `StateWatcher` must not run beside it.
public actor Reconciler: Service {
    let kernel: AgentKernel
    private let scanner: any ProcessScanner
    private let interval: Duration
    private let recheckDelay: Duration
    let logger: Logger
    var states: [String: AppState] = [:]
    var crashLoops: CrashLoopDetector
    /// systemd's reason for each app's last failed run, for crash-loop alerts.
    var lastFailures: [String: String] = [:]
    private var tracker = DiscrepancyTracker()
    private var degraded: Set<String> = []

    /// - Parameters:
    ///   - kernel: the assembled core (apps, backend, events, status cache).
    ///   - scanner: the `/proc` scanner, usually `kernel.scanner`.
    ///   - crashLoopThreshold: restarts within `crashLoopWindow` that make a crash loop.
    ///   - recheckDelay: before a `crashed` verdict is confirmed by a second look
    ///     (a process may have been starting between the scan and systemd's answer).
    public init(
        kernel: AgentKernel, scanner: any ProcessScanner, crashLoopThreshold: Int = 3,
        crashLoopWindow: TimeInterval = 60, recheckDelay: Duration = .milliseconds(200)
    ) {
        self.kernel = kernel
        self.scanner = scanner
        self.interval = .milliseconds(Int64(kernel.config.monitorIntervalS * 1000))
        self.recheckDelay = recheckDelay
        self.logger = kernel.logger
        self.crashLoops = CrashLoopDetector(threshold: crashLoopThreshold, window: crashLoopWindow)
    }

    /// Runs a pass every interval until graceful shutdown or cancellation.
    public func run() async throws {
        logger.info("monitor: reconciling every \(kernel.config.monitorIntervalS) s")
        let interval = self.interval
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            await pass()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
        }
    }

    /// The current discrepancies (crashed and zombie apps), for the cloud reporter.
    public func discrepancies() -> [Discrepancy] {
        tracker.all
    }

    /// One reconciliation: derives every app's status, updates the cache,
    /// publishes the changes, and returns the statuses by app name.
    @discardableResult
    public func pass(at now: Date = Date()) async -> [String: AppStatus] {
        let apps = await kernel.apps.list()
        var observation = await observe(apps, now: now)
        if observation.statuses.values.contains(where: { $0.state == .crashed }) {
            try? await Task.sleep(for: recheckDelay)
            observation = await observe(apps, now: now)
        }
        let statuses = observation.statuses
        await kernel.statusCache.update(statuses, at: now)
        for app in apps {
            await publishChanges(app, status: statuses[app.name]!, unit: observation.units?[app.unitName], now: now)
        }
        forgetRemoved(apps)
        tracker.update(statuses, units: Dictionary(uniqueKeysWithValues: apps.map { ($0.name, $0.unitName) }), now: now)
        return statuses
    }

    // MARK: - Observation

    /// One scan and one batch status query, joined.
    private func observe(_ apps: [ManagedApp], now: Date) async -> (statuses: [String: AppStatus], units: [String: UnitStatus]?) {
        let processes = await scan()
        let units = await unitStatuses(apps.map(\.unitName))
        let index = processes.map { ProcessIndex($0, managedUnits: Set(apps.map(\.unitName))) }
        var statuses: [String: AppStatus] = [:]
        for app in apps {
            let unit = units?[app.unitName]
            guard let index else {
                statuses[app.name] = AppStatus(unit: unit, now: now)
                continue
            }
            statuses[app.name] = StatusBuilder.status(
                unit: unit, own: index.processes(in: app.unitName),
                strays: index.strays(like: app.spec, runtime: kernel.runtimes[app.spec.runtime]), now: now)
        }
        return (statuses, units)
    }

    /// The scan, or nil (with one warning until it works again) when it failed.
    private func scan() async -> [ScannedProcess]? {
        do {
            let processes = try await scanner.scan(runtimes: kernel.runtimes)
            recovered("scan", "the /proc scan works again")
            return processes
        } catch {
            degrade("scan", "the /proc scan failed (states from systemd alone until it works): \(error)")
            return nil
        }
    }

    /// Statuses of the units, or nil (every app `unknown`) when systemd is unreachable.
    private func unitStatuses(_ units: [String]) async -> [String: UnitStatus]? {
        guard !units.isEmpty else { return [:] }
        do {
            let statuses = try await kernel.backend.status(of: units)
            recovered("backend", "systemd answers again")
            return statuses
        } catch {
            degrade("backend", "systemd did not answer (apps are unknown until it does): \(error)")
            return nil
        }
    }

    private func degrade(_ part: String, _ message: String) {
        if degraded.insert(part).inserted { logger.warning("monitor: \(message)") }
    }

    private func recovered(_ part: String, _ message: String) {
        if degraded.remove(part) != nil { logger.notice("monitor: \(message)") }
    }

    private func forgetRemoved(_ apps: [ManagedApp]) {
        let names = Set(apps.map(\.name))
        for app in states.keys where !names.contains(app) {
            states[app] = nil
            lastFailures[app] = nil
            crashLoops.forget(app)
        }
    }
}
