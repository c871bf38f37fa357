import Synchronization

/// What a status needs beyond `ListUnitsByNames` — a service's `MainPID`,
/// `NRestarts`, `Result`, `ExecMain*`, and the unit's `UnitFileState` and
/// `Slice` — fetched once per unit and then kept fresh by systemd's signals,
/// so that a status read is a single `ListUnitsByNames` round trip.
///
/// Every update runs on the bus thread, in the order messages arrive, so a
/// reply and a signal about the same property cannot be applied out of order:
/// - `PropertiesChanged` of the Service interface carries the new values
///   (systemd marks these properties "emits change"); an invalidated one is
///   dropped (fetched again).
/// - `UnitRemoved` outside a reload (the unit was garbage-collected while
///   inactive, which systemd does after every read of an unreferenced unit)
///   sets them to what the next load starts with (`freshlyLoaded`) — clearing
///   them made every read fetch them again, and that read load the unit again.
///   During a reload (between `Reloading(true)` and `Reloading(false)`) every
///   unit is removed and re-created with its state kept: the facts stay.
/// - `JobRemoved` drops them too (the job's end may come before the unit's signal).
/// - `UnitFilesChanged` and `Reloading` forget file states and slices.
/// - A disconnect forgets everything.
final class UnitFacts: Sendable {
    /// The service properties kept per unit.
    static let serviceKeys = ["MainPID", "NRestarts", "Result", "ExecMainStartTimestamp", "ExecMainStatus", "ExecMainCode"]

    /// The service properties of a unit systemd has just loaded (nothing ran yet).
    static let freshlyLoaded: [String: PropertyValue] = [
        "MainPID": .uint(0), "NRestarts": .uint(0), "Result": .string("success"),
        "ExecMainStartTimestamp": .uint(0), "ExecMainStatus": .int(0), "ExecMainCode": .int(0),
    ]

    struct Entry: Sendable {
        /// The `PropertiesChanged` match of the unit's object.
        var match: Int
        /// Service properties known to be current; a missing key is fetched.
        var service: [String: PropertyValue] = [:]
        var unitFileState: String?
        var slice: String?
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// Whether systemd is between `Reloading(true)` and `Reloading(false)` (bus thread only).
    private let reloading = Mutex(false)

    // MARK: - Reading

    /// A copy of the facts of `unit`, if it is tracked.
    func entry(_ unit: String) -> Entry? { entries.withLock { $0[unit] } }

    /// The units among `units` that are not tracked yet.
    func untracked(_ units: [String]) -> [String] {
        entries.withLock { entries in units.filter { entries[$0] == nil } }
    }

    /// Starts tracking `unit` with the given match (installed before any fetch).
    func track(_ unit: String, match: Int) {
        entries.withLock { entries in
            if entries[unit] == nil { entries[unit] = Entry(match: match) }
        }
    }

    /// Stops tracking `unit`; returns its match for removal.
    func forget(_ unit: String) -> Int? {
        entries.withLock { $0.removeValue(forKey: unit)?.match }
    }

    // MARK: - Updates (bus thread)

    /// A fetched or signalled service property.
    func setService(_ unit: String, _ key: String, _ value: PropertyValue) {
        entries.withLock { $0[unit]?.service[key] = value }
    }

    func setUnitFileState(_ unit: String, _ state: String) {
        entries.withLock { $0[unit]?.unitFileState = state }
    }

    func setSlice(_ unit: String, _ slice: String) {
        entries.withLock { $0[unit]?.slice = slice }
    }

    /// Applies a `PropertiesChanged(interface, changed, invalidated)` of `unit`.
    func apply(_ message: BusMessage, unit: String) {
        guard let interface = try? message.string(), interface == SystemdBus.serviceInterface,
              let changed = try? message.properties(only: Set(Self.serviceKeys)) else { return }
        let invalidated = (try? message.strings()) ?? []
        entries.withLock { entries in
            for (key, value) in changed { entries[unit]?.service[key] = value }
            for key in invalidated { entries[unit]?.service[key] = nil }
        }
    }

    /// Applies a manager signal (`UnitRemoved`, `UnitFilesChanged`, `Reloading`).
    func applyManagerSignal(_ message: BusMessage) {
        switch message.member {
        case "UnitRemoved":
            guard let unit = try? message.string(), !reloading.withLock({ $0 }) else { return }
            entries.withLock { $0[unit]?.service = Self.freshlyLoaded }
        case "JobRemoved":
            // systemd 252 may send a job's end before the unit's PropertiesChanged: read the unit afresh.
            guard (try? message.uint32()) != nil, (try? message.objectPath()) != nil, let unit = try? message.string() else { return }
            entries.withLock { $0[unit]?.service = [:] }
        case "Reloading":
            reloading.withLock { $0 = (try? message.bool()) ?? false }
            forgetFileStatesAndSlices()
        case "UnitFilesChanged":
            forgetFileStatesAndSlices()
        default: break
        }
    }

    /// Forgets every file state and slice (unit files may have changed).
    private func forgetFileStatesAndSlices() {
        entries.withLock { entries in
            for unit in entries.keys {
                entries[unit]?.unitFileState = nil
                entries[unit]?.slice = nil
            }
        }
    }

    /// Forgets every unit (the connection was lost); returns their matches.
    func forgetAll() -> [Int] {
        entries.withLock { entries in
            defer { entries.removeAll() }
            return entries.values.map(\.match)
        }
    }

    /// Forgets every file state (after the backend's own enable/disable).
    func forgetFileStates() {
        entries.withLock { entries in
            for unit in entries.keys { entries[unit]?.unitFileState = nil }
        }
    }
}
