import Foundation

/// An app whose processes disagree with systemd: `crashed` (systemd says
/// active, no process is alive) or `zombie` (a process of the app runs
/// outside its unit while the unit is not active). Reported to the cloud.
public struct Discrepancy: Sendable, Equatable, Codable {
    /// What disagrees.
    public enum Kind: String, Sendable, Codable {
        /// systemd says the unit is active, but no process of the app is alive.
        case crashed
        /// A process of the app runs outside its unit while the unit is not active.
        case zombie
        /// The app's unit file was changed by hand (`UnitDrift`).
        case drift
    }

    /// The app's name.
    public var appName: String
    /// What disagrees.
    public var kind: Kind
    /// What was seen, for people.
    public var detail: String
    /// When the discrepancy was first seen.
    public var since: Date

    /// A discrepancy with every field given.
    public init(appName: String, kind: Kind, detail: String, since: Date) {
        self.appName = appName
        self.kind = kind
        self.detail = detail
        self.since = since
    }

    /// The drift an app's status shows, if any (`since` = `now`).
    public init?(app: String, unitPath: String, drift: UnitDrift?, now: Date) {
        guard let drift else { return nil }
        self.init(appName: app, kind: .drift, detail: drift.detail(path: unitPath, app: app), since: now)
    }

    /// The discrepancy an app's state shows, if any (`since` = `now`).
    public init?(app: String, unit: String, status: AppStatus, now: Date) {
        switch status.state {
        case .crashed:
            let main = status.pid.map { " (main PID \($0))" } ?? ""
            self.init(
                appName: app, kind: .crashed,
                detail: "systemd reports \(unit) \(status.activeState)/\(status.subState)\(main) but no process of the app is alive",
                since: now)
        case .zombie:
            let pid = status.pid.map { "PID \($0)" } ?? "a process"
            self.init(
                appName: app, kind: .zombie,
                detail: "\(pid) of the app runs outside \(unit) while the unit is \(status.activeState)",
                since: now)
        default:
            return nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case kind, detail, since
        case appName = "app_name"
    }
}

/// The current discrepancies, keeping each one's first `since` for as long
/// as it lasts. Feed it every pass's statuses.
public struct DiscrepancyTracker: Sendable {
    private var current: [String: Discrepancy] = [:]

    /// An empty tracker.
    public init() {}

    /// Updates from one pass: `statuses` by app name, with each app's unit; drift
    /// (the unit file's path is named) is a discrepancy of its own beside the state's.
    public mutating func update(_ statuses: [String: AppStatus], units: [String: String], unitDir: String = "/etc/systemd/system", now: Date) {
        var next: [String: Discrepancy] = [:]
        for (app, status) in statuses {
            let unit = units[app] ?? AppSpec.unitName(for: app)
            let found = [
                Discrepancy(app: app, unit: unit, status: status, now: now),
                Discrepancy(app: app, unitPath: "\(unitDir)/\(unit)", drift: status.drift, now: now),
            ]
            for case var discrepancy? in found {
                let key = "\(app)/\(discrepancy.kind.rawValue)"
                if let previous = current[key] { discrepancy.since = previous.since }
                next[key] = discrepancy
            }
        }
        current = next
    }

    /// The discrepancies, by app name, then kind.
    public var all: [Discrepancy] {
        current.values.sorted { ($0.appName, $0.kind.rawValue) < ($1.appName, $1.kind.rawValue) }
    }
}
