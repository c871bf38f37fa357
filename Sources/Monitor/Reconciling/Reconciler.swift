import Foundation
import Kernel
import Logging
import ServiceLifecycle

/// The monitor. It follows the backend's state signals (when systemd pushes
/// them) and hands each unit's new status to the Kernel's `AppStateTracker` at
/// once; and every `config.monitorIntervalS` it joins one `/proc` scan with
/// one batch status query — for what only `/proc` can tell (CPU, memory,
/// zombies, strays) and as the fallback when signals are not there. The
/// tracker decides the states and publishes the events. Runs until graceful
/// shutdown.
public actor Reconciler: Service {
    let kernel: AgentKernel
    private let scanner: any ProcessScanner
    private let interval: Duration
    private let recheckDelay: Duration
    private let logger: Logger
    private var degraded: Set<String> = []

    /// - Parameters:
    ///   - kernel: the assembled core (apps, backend, state tracker).
    ///   - scanner: the `/proc` scanner, usually `kernel.scanner`.
    ///   - recheckDelay: before a `crashed` or `zombie` verdict of a pass is confirmed by a
    ///     second look (a process may have been starting or ending between the scan and systemd's answer).
    public init(kernel: AgentKernel, scanner: any ProcessScanner, recheckDelay: Duration = .milliseconds(200)) {
        self.kernel = kernel
        self.scanner = scanner
        self.interval = .milliseconds(Int64(kernel.config.monitorIntervalS * 1000))
        self.recheckDelay = recheckDelay
        self.logger = kernel.logger
    }

    /// Follows systemd's signals and runs a pass every interval, until graceful shutdown or cancellation.
    public func run() async throws {
        logger.info("monitor: reconciling every \(kernel.config.monitorIntervalS) s\(kernel.backend.pushesStateChanges ? ", and on systemd's signals" : "")")
        await withDiscardingTaskGroup { group in
            if kernel.backend.pushesStateChanges {
                group.addTask { await self.followSignals() }
            }
            group.addTask { await self.passes() }
        }
    }

    private func passes() async {
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

    /// Hands every state change systemd signals for a registered app to the
    /// tracker; subscribes again (after a pause) if the stream ends by itself.
    private func followSignals() async {
        let kernel = self.kernel
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let changes = kernel.backend.stateChanges(of: { await kernel.apps.list().map(\.unitName) })
            for await change in changes.cancelOnGracefulShutdown() {
                guard let app = try? await kernel.apps.get(change.status.unit) else { continue }
                await kernel.states.observe(change.status, of: app.name, askedAt: change.askedAt)
            }
            guard !Task.isCancelled, !Task.isShuttingDownGracefully else { break }
            logger.warning("monitor: systemd's state signals ended; following them again in 1 s (passes go on)")
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// One reconciliation: compares the unit files with what the agent wrote
    /// (drift), scans and asks systemd, looks again before calling an app
    /// crashed or zombie, and hands the result to the state tracker; returns
    /// every app's status.
    @discardableResult
    public func pass(at now: Date = Date()) async -> [String: AppStatus] {
        await kernel.apps.checkUnitFiles()
        let apps = await kernel.apps.list()
        var observation = await observe(apps)
        if observation.suggestsDiscrepancy(apps, now: now) {
            try? await Task.sleep(for: recheckDelay)
            observation = await observe(apps)
        }
        return await kernel.states.observePass(
            apps, units: observation.units, processes: observation.processes, askedAt: observation.askedAt, now: now)
    }

    // MARK: - Observation

    /// One scan and one batch status query.
    private struct Observation {
        var units: [String: UnitStatus]?
        var processes: [String: AppProcesses]?
        var askedAt: Date

        /// Whether an app looks crashed or zombie, which a second look should confirm.
        func suggestsDiscrepancy(_ apps: [ManagedApp], now: Date) -> Bool {
            apps.contains { app in
                let status = AppStatus(unit: units?[app.unitName], processes: processes?[app.name], scanIsCurrent: true, now: now)
                return status.state.isAlert
            }
        }
    }

    /// The scan, then systemd's view of the units; each app's processes
    /// (strays only for apps whose unit is down).
    private func observe(_ apps: [ManagedApp]) async -> Observation {
        let scanned = await scan()
        let askedAt = Date()
        let units = await unitStatuses(apps.map(\.unitName))
        guard let scanned else { return Observation(units: units, processes: nil, askedAt: askedAt) }
        let index = ProcessIndex(scanned, managedUnits: Set(apps.map(\.unitName)))
        var processes: [String: AppProcesses] = [:]
        for app in apps {
            let down = units?[app.unitName].map { $0.activeState == "inactive" || $0.activeState == "failed" } ?? false
            processes[app.name] = AppProcesses(
                own: index.processes(in: app.unitName),
                strays: down ? index.strays(like: app.spec, runtime: kernel.runtimes[app.spec.runtime]) : [])
        }
        return Observation(units: units, processes: processes, askedAt: askedAt)
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
}
