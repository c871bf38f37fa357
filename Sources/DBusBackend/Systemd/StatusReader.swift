import Foundation
import Kernel

/// Reads the status of many units in one round trip: one `ListUnitsByNames`
/// (fresh load, active and sub states of every unit) plus what `UnitFacts`
/// keeps from signals; a unit's first read adds its `Get`s to the same
/// pipelined batch. `MemoryCurrent` and the CPU time are read from the unit's cgroup.
struct StatusReader: Sendable {
    let connection: DBusConnection
    let facts: UnitFacts
    /// Every unit's `PropertiesChanged`, from one match.
    let signals: UnitSignals
    /// Each running unit's memory and (cgroup v2) CPU time; nil where the host has no such file.
    let memory = CgroupFile.memory()
    let cpuTime = CgroupFile.cpuUsage()
    let cpuRates = UnitCPURates()

    /// One property to fetch.
    private struct Fetch: Sendable {
        var unit: String
        var interface: String
        var key: String
    }

    /// One reply of the batch.
    private enum Reply: Sendable {
        /// The listed units, with what the facts held when the list was answered.
        case units([ListedUnit], known: [String: UnitFacts.Entry])
        case fetched(PropertyValue)
    }

    /// One row of `ListUnitsByNames`.
    struct ListedUnit: Sendable {
        var name: String
        var loadState: String
        var activeState: String
        var subState: String
    }

    /// The status of every unit in `units`; `UnitStatus.notFound` for those systemd does not know.
    func read(_ units: [String]) async throws -> [String: UnitStatus] {
        let names = Array(Set(units)).sorted()
        guard !names.isEmpty else { return [:] }
        for unit in facts.untracked(names) {
            let subscription = signals.subscribe(unit) { [facts] message in facts.apply(message, unit: unit) }
            facts.track(unit, match: subscription)
        }
        // A job that ends (or a daemon-reload) between planning the fetches and the
        // list clears facts the plan counted on: then read again (a third try keeps what it has).
        for _ in 1..<3 {
            if let statuses = try await readOnce(names, complete: true) { return statuses }
        }
        return try await readOnce(names, complete: false) ?? [:]
    }

    /// One batch: the list plus the `Get`s the facts lack; nil when `complete`
    /// is asked and a unit's facts were cleared meanwhile.
    private func readOnce(_ names: [String], complete: Bool) async throws -> [String: UnitStatus]? {
        let fetches = names.flatMap(missingFacts)
        let calls = [SystemdBus.manager("ListUnitsByNames", [.strings(names)])] + fetches.map {
            MethodCall.getProperty(SystemdBus.destination, SystemdBus.unitPath($0.unit), $0.interface, $0.key)
        }
        // Replies are decoded on the bus thread in order, between signals: the
        // facts are copied with the list, and this batch's fetches are laid over
        // that copy, so a signal that clears the facts afterwards (a job ending)
        // cannot leave this read without them.
        let replies = await connection.callAll(calls) { [facts] index, message -> Reply in
            guard index > 0 else {
                return .units(try Self.listedUnits(message), known: names.reduce(into: [:]) { $0[$1] = facts.entry($1) })
            }
            let fetch = fetches[index - 1]
            let value = try message.variant()
            switch fetch.key {
            case "UnitFileState": facts.setUnitFileState(fetch.unit, value.stringValue ?? "")
            case "Slice": facts.setSlice(fetch.unit, value.stringValue ?? "")
            default: facts.setService(fetch.unit, fetch.key, value)
            }
            return .fetched(value)
        }
        guard case .units(let listed, var known) = try replies[0].get() else { return [:] }
        for (fetch, reply) in zip(fetches, replies.dropFirst()) {
            guard case .success(.fetched(let value)) = reply else { continue }
            switch fetch.key {
            case "UnitFileState": known[fetch.unit]?.unitFileState = value.stringValue ?? ""
            case "Slice": known[fetch.unit]?.slice = value.stringValue ?? ""
            default: known[fetch.unit]?.service[fetch.key] = value
            }
        }
        let cleared = listed.contains { row in
            guard row.loadState != "not-found", let facts = known[row.name] else { return false }
            guard row.name.hasSuffix(".service") else { return facts.unitFileState == nil }
            return facts.unitFileState == nil || facts.slice == nil || UnitFacts.serviceKeys.contains { facts.service[$0] == nil }
        }
        if complete, cleared { return nil }
        var statuses: [String: UnitStatus] = [:]
        for row in listed where row.loadState != "not-found" {
            statuses[row.name] = status(of: row, known: known[row.name])
        }
        for name in names where statuses[name] == nil {
            if let subscription = facts.forget(name) { signals.unsubscribe(subscription) }
            forgetCgroup(name)
            statuses[name] = .notFound(name)
        }
        return statuses
    }

    /// The `Get`s a unit still needs.
    private func missingFacts(_ unit: String) -> [Fetch] {
        guard let entry = facts.entry(unit) else { return [] }
        var fetches: [Fetch] = []
        if unit.hasSuffix(".service") {
            fetches += UnitFacts.serviceKeys.filter { entry.service[$0] == nil }
                .map { Fetch(unit: unit, interface: SystemdBus.serviceInterface, key: $0) }
            if entry.slice == nil { fetches.append(Fetch(unit: unit, interface: SystemdBus.serviceInterface, key: "Slice")) }
        }
        if entry.unitFileState == nil { fetches.append(Fetch(unit: unit, interface: SystemdBus.unitInterface, key: "UnitFileState")) }
        return fetches
    }

    /// Active states in which a unit has a cgroup to read memory from.
    private static let runningStates: Set<String> = ["active", "activating", "deactivating", "reloading"]

    /// A row of `ListUnitsByNames` completed with the unit's facts, memory and CPU use.
    private func status(of row: ListedUnit, known entry: UnitFacts.Entry?) -> UnitStatus {
        var status = UnitStatus(
            unit: row.name, loadState: row.loadState, activeState: row.activeState, subState: row.subState,
            unitFileState: entry?.unitFileState ?? "")
        if let service = entry?.service { Self.apply(service, to: &status) }
        if Self.runningStates.contains(row.activeState) {
            if let slice = entry?.slice {
                status.memoryCurrent = memory?.value(unit: row.name, slice: slice)
                status.memoryIsCgroupV2 = UnitStatus.hostHasCgroupV2
                if let microseconds = cpuTime?.value(unit: row.name, slice: slice) {
                    status.cpuPercent = cpuRates.percent(unit: row.name, nanoseconds: microseconds &* 1000)
                }
            }
        } else {
            forgetCgroup(row.name)
        }
        return status
    }

    /// Drops what is kept of the cgroup of a unit that is down or unknown.
    private func forgetCgroup(_ unit: String) {
        memory?.forget(unit)
        cpuTime?.forget(unit)
        cpuRates.forget(unit)
    }

    // MARK: - Decoding (bus thread)

    /// `a(ssssssouso)`: name, description, load, active, sub, following, path, job id, type, path.
    static func listedUnits(_ message: BusMessage) throws -> [ListedUnit] {
        try message.enter("a", "(ssssssouso)")
        var rows: [ListedUnit] = []
        while try message.enter("r", "ssssssouso") {
            let name = try message.string()
            _ = try message.string()
            let load = try message.string()
            let active = try message.string()
            let sub = try message.string()
            try message.skip("souso")
            try message.exit()
            rows.append(ListedUnit(name: name, loadState: load, activeState: active, subState: sub))
        }
        try message.exit()
        return rows
    }

    // MARK: - Properties

    /// Applies service properties (`MainPID`, `Result`, …) to a status.
    static func apply(_ properties: [String: PropertyValue], to status: inout UnitStatus) {
        if let pid = properties["MainPID"]?.uintValue { status.mainPID = pid > 0 ? Int32(clamping: pid) : nil }
        if let restarts = properties["NRestarts"]?.uintValue { status.restarts = Int(clamping: restarts) }
        if let result = properties["Result"]?.stringValue { status.result = result }
        if let start = properties["ExecMainStartTimestamp"]?.uintValue {
            status.since = start > 0 ? Date(timeIntervalSince1970: Double(start) / 1_000_000) : nil
        }
        if let memory = properties["MemoryCurrent"]?.uintValue { status.memoryCurrent = memory == .max ? nil : memory }
        let code = properties["ExecMainCode"]?.intValue ?? 0
        status.execMainCode = code == 0 ? nil : ChildExitCode.name(code)
        status.execMainStatus = code == 0 ? nil : properties["ExecMainStatus"]?.intValue.map { Int32(clamping: $0) }
    }
}
