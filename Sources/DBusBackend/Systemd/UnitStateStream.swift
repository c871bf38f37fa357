import Foundation
import Kernel
import Synchronization

/// `stateChanges(of:)` over D-Bus: a `PropertiesChanged` match per managed
/// unit and a match on the manager's `UnitNew`/`UnitRemoved`/`Reloading`;
/// each signal marks its unit for a (coalesced) status read, so changes are
/// seen as systemd announces them, without polling systemd. The unit list
/// itself (an in-process closure) is re-read on those signals and every
/// `listRefreshInterval`. After a reconnect every unit is read again.
struct UnitStateStream: Sendable {
    let connection: DBusConnection
    let reader: StatusReader
    var listRefreshInterval: Duration = .seconds(2)

    /// The stream; it ends (and its matches go) when the consumer stops.
    func changes(of units: @escaping @Sendable () async -> [String]) -> AsyncStream<UnitStateChange> {
        let (output, continuation) = AsyncStream<UnitStateChange>.makeStream()
        let task = Task { await run(units: units, output: continuation) }
        continuation.onTermination = { _ in task.cancel() }
        return output
    }

    // MARK: - Loop

    private func run(units: @escaping @Sendable () async -> [String], output: AsyncStream<UnitStateChange>.Continuation) async {
        let (wakes, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let pending = PendingWork()
        let managerMatch = connection.addMatch(SystemdBus.managerSignalsRule) { message, _ in
            guard ["UnitNew", "UnitRemoved", "Reloading"].contains(message.member ?? "") else { return }
            pending.update { $0.relist = true }
            wake.yield()
        }
        let ownerMatch = connection.addMatch(SystemdBus.systemdOwnerRule) { message, _ in
            guard SystemdBus.systemdAppeared(message) else { return }
            pending.update { $0.readAll = true }
            wake.yield()
        }
        let observer = connection.observe { event, _ in
            guard case .connected = event else { return }
            pending.update { $0.readAll = true }
            wake.yield()
        }
        let interval = listRefreshInterval
        let ticker = Task {
            while (try? await Task.sleep(for: interval)) != nil {
                pending.update { $0.relist = true }
                wake.yield()
            }
        }
        var tracked: [String: Int] = [:]
        var last: [String: UnitStatus] = [:]
        defer {
            ticker.cancel()
            connection.removeMatch(managerMatch)
            connection.removeMatch(ownerMatch)
            connection.removeObserver(observer)
            for match in tracked.values { connection.removeMatch(match) }
            output.finish()
        }

        pending.update { $0.relist = true }
        wake.yield()
        for await _ in wakes {
            var work = pending.take()
            if work.relist { work.units.formUnion(await relist(units, tracked: &tracked, pending: pending, wake: wake)) }
            if work.readAll { work.units.formUnion(tracked.keys) }
            let targets = work.units.filter { tracked[$0] != nil }
            guard !targets.isEmpty else { continue }
            let askedAt = Date()
            guard let statuses = try? await reader.read(Array(targets)) else {
                pending.update { $0.units.formUnion(targets) }
                continue
            }
            for unit in targets.sorted() {
                guard let status = statuses[unit], last[unit] != status else { continue }
                last[unit] = status
                output.yield(UnitStateChange(status: status, askedAt: askedAt))
            }
        }
    }

    /// Matches the units the closure now names; returns the newly tracked ones.
    private func relist(
        _ units: @Sendable () async -> [String], tracked: inout [String: Int], pending: PendingWork,
        wake: AsyncStream<Void>.Continuation
    ) async -> Set<String> {
        let wanted = Set(await units())
        for (unit, match) in tracked where !wanted.contains(unit) {
            connection.removeMatch(match)
            tracked[unit] = nil
        }
        let added = wanted.filter { tracked[$0] == nil }
        for unit in added {
            tracked[unit] = connection.addMatch(SystemdBus.propertiesChangedRule(path: SystemdBus.unitPath(unit))) { _, _ in
                pending.update { $0.units.insert(unit) }
                wake.yield()
            }
        }
        return added
    }
}

/// What the state stream must do next, filled from the bus thread.
private final class PendingWork: Sendable {
    struct Work {
        var units: Set<String> = []
        var relist = false
        var readAll = false
    }

    private let state = Mutex(Work())

    func update(_ change: (inout Work) -> Void) { state.withLock { change(&$0) } }

    func take() -> Work { state.withLock { work in defer { work = Work() }; return work } }
}
