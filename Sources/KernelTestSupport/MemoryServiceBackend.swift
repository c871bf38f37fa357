import Foundation
import Kernel
import Synchronization

/// An in-memory stand-in for systemd, for unit tests of the Kernel only.
/// It keeps unit states, records every call, and can be told to fail.
public final class MemoryServiceBackend: ServiceBackend {
    public let name = "memory"
    public let logs: any LogSource

    fileprivate struct State {
        var units: [String: UnitStatus] = [:]
        var calls: [String] = []
        var failures: [String: SiaxError] = [:]
        var nextPID: Int32 = 1000
    }
    private let state = Mutex(State())

    public init(logs: [String: [LogEntry]] = [:]) {
        self.logs = MemoryLogSource(entries: logs)
    }

    /// A backend whose journal is `logSource`.
    public init(logSource: any LogSource) {
        self.logs = logSource
    }

    /// Every call made, as `"start x.service"`, `"reload"`, …
    public var calls: [String] { state.withLock { $0.calls } }

    /// Makes the next call of `operation` (e.g. `"start"`, `"reload"`) throw `error`.
    public func fail(_ operation: String, with error: SiaxError) { state.withLock { $0.failures[operation] = error } }

    /// Declares a unit systemd "knows" (e.g. a vendor unit the agent did not write).
    public func addUnit(_ status: UnitStatus) { state.withLock { $0.units[status.unit] = status } }

    public func reload() async throws { try record("reload", unit: nil) }
    public func start(_ unit: String) async throws { try record("start", unit: unit) { $0.run(unit) } }
    public func stop(_ unit: String) async throws { try record("stop", unit: unit) { $0.stopUnit(unit) } }
    public func restart(_ unit: String) async throws { try record("restart", unit: unit) { $0.run(unit) } }
    public func enable(_ unit: String) async throws { try record("enable", unit: unit) { $0.setFileState(unit, "enabled") } }
    public func disable(_ unit: String) async throws { try record("disable", unit: unit) { $0.setFileState(unit, "disabled") } }
    public func resetFailed(_ unit: String) async throws { try record("reset-failed", unit: unit) }

    public func status(of units: [String]) async throws -> [String: UnitStatus] {
        try record("status", unit: units.joined(separator: " "))
        return state.withLock { s in
            Dictionary(units.map { ($0, s.units[$0] ?? .notFound($0)) }, uniquingKeysWith: { a, _ in a })
        }
    }

    public func stateChanges(of units: @escaping @Sendable () async -> [String]) -> AsyncStream<UnitStateChange> {
        AsyncStream { $0.finish() }
    }

    public func checkPrivileges() async -> PrivilegeCheck { PrivilegeCheck(ok: true, detail: "in-memory backend") }

    private func record(_ operation: String, unit: String?, change: (inout State) -> Void = { _ in }) throws {
        try state.withLock { s in
            s.calls.append(unit.map { "\(operation) \($0)" } ?? operation)
            if let error = s.failures.removeValue(forKey: operation) { throw error }
            change(&s)
        }
    }
}

extension MemoryServiceBackend.State {
    fileprivate mutating func run(_ unit: String) {
        var status = units[unit] ?? UnitStatus(unit: unit, activeState: "inactive", subState: "dead", unitFileState: "disabled")
        status.activeState = "active"
        status.subState = "running"
        status.mainPID = nextPID
        status.since = Date()
        nextPID += 1
        units[unit] = status
    }

    fileprivate mutating func stopUnit(_ unit: String) {
        guard var status = units[unit] else { return }
        status.activeState = "inactive"
        status.subState = "dead"
        status.mainPID = nil
        units[unit] = status
    }

    fileprivate mutating func setFileState(_ unit: String, _ fileState: String) {
        var status = units[unit] ?? UnitStatus(unit: unit, activeState: "inactive", subState: "dead")
        status.unitFileState = fileState
        units[unit] = status
    }
}
