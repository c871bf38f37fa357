import Foundation
import Logging

/// The one place that decides each app's state. It joins systemd's facts —
/// from the backend's state signals, the monitor's pass, or an operation's own
/// status read — with the monitor's last `/proc` scan, writes the
/// `StatusCache`, and turns every change of an app's state into exactly one
/// `state` event, in order, plus the alerts the change calls for.
///
/// Each fact carries the instant its query was issued; an older fact never
/// replaces a newer one, so paths racing each other cannot flip a state back.
public actor AppStateTracker {
    /// What is known of one app.
    private struct Knowledge {
        /// systemd's view; nil when systemd was unreachable.
        var unit: UnitStatus?
        var unitAskedAt: Date
        var processes: AppProcesses?
        var scannedAt: Date?
    }

    let events: EventBus
    let statusCache: StatusCache
    let logger: Logger
    /// Apps whose unit file was changed by hand (the app manager's record).
    private let unitDrifts: @Sendable () async -> [String: UnitDrift]
    private var knowledge: [String: Knowledge] = [:]
    /// The last state published per app.
    var states: [String: AppState] = [:]
    /// Whether the first full pass is done: until then states are recorded
    /// without events; afterwards an app seen for the first time was `stopped`.
    var primed = false
    var crashLoops: CrashLoopDetector
    /// systemd's reason for each app's last failed run, for crash-loop alerts.
    var lastFailures: [String: String] = [:]

    /// - Parameters:
    ///   - crashLoopThreshold: automatic restarts within `crashLoopWindow` that make a crash loop.
    ///   - unitDrifts: which apps' unit files were changed by hand, for their statuses.
    public init(
        events: EventBus, statusCache: StatusCache, logger: Logger, crashLoopThreshold: Int = 3,
        crashLoopWindow: TimeInterval = 60, unitDrifts: @escaping @Sendable () async -> [String: UnitDrift] = { [:] }
    ) {
        self.events = events
        self.statusCache = statusCache
        self.logger = logger
        self.unitDrifts = unitDrifts
        self.crashLoops = CrashLoopDetector(threshold: crashLoopThreshold, window: crashLoopWindow)
    }

    /// Folds in systemd's view of one app's unit, asked for at `askedAt` (a
    /// state signal, or the read after an operation); returns the app's status.
    @discardableResult
    public func observe(_ unit: UnitStatus, of app: String, askedAt: Date, now: Date = Date()) async -> AppStatus {
        var known = knowledge[app] ?? Knowledge(unit: nil, unitAskedAt: .distantPast)
        if askedAt >= known.unitAskedAt {
            known.unit = unit
            known.unitAskedAt = askedAt
        }
        knowledge[app] = known
        var status = Self.status(known, now: now)
        status.drift = await unitDrifts()[app]
        await statusCache.set(app, status)
        await publishChanges(app, unit: unit.unit, status: status, now: now)
        return status
    }

    /// Folds in one monitor pass: systemd's view of every registered app's
    /// unit (nil when systemd did not answer), asked for at `askedAt`, and the
    /// scan taken with it (nil when the scan failed). Apps not in `apps` are
    /// forgotten. Returns every app's status.
    @discardableResult
    public func observePass(
        _ apps: [ManagedApp], units: [String: UnitStatus]?, processes: [String: AppProcesses]?,
        askedAt: Date, now: Date = Date()
    ) async -> [String: AppStatus] {
        var statuses: [String: AppStatus] = [:]
        let drifts = await unitDrifts()
        for app in apps {
            var known = knowledge[app.name] ?? Knowledge(unit: nil, unitAskedAt: .distantPast)
            if askedAt >= known.unitAskedAt {
                known.unit = units?[app.unitName]
                known.unitAskedAt = askedAt
            }
            known.processes = processes?[app.name]
            known.scannedAt = processes == nil ? nil : askedAt
            knowledge[app.name] = known
            statuses[app.name] = Self.status(known, now: now)
            statuses[app.name]?.drift = drifts[app.name]
        }
        forget(except: Set(apps.map(\.name)))
        await statusCache.update(statuses, at: now)
        for app in apps {
            await publishChanges(app.name, unit: app.unitName, status: statuses[app.name]!, now: now)
        }
        primed = true
        return statuses
    }

    private static func status(_ known: Knowledge, now: Date) -> AppStatus {
        let scanIsCurrent = known.scannedAt.map { $0 >= known.unitAskedAt } ?? false
        return AppStatus(unit: known.unit, processes: known.processes, scanIsCurrent: scanIsCurrent, now: now)
    }

    private func forget(except names: Set<String>) {
        for app in knowledge.keys where !names.contains(app) {
            knowledge[app] = nil
            states[app] = nil
            lastFailures[app] = nil
            crashLoops.forget(app)
        }
    }
}
