import Kernel
import Synchronization

/// The `UnitJournalTail` of each unit being followed: the first follower of
/// a unit starts its tail, the tail retires when its last follower has gone.
final class JournalTails: Sendable {
    /// The process's tails: one per unit, whichever backend instance asks.
    static let shared = JournalTails()

    private struct State {
        var byUnit: [String: UnitJournalTail] = [:]
        var lastFollowerID = 0
    }

    private let state = Mutex(State())

    /// The backlog, then every new entry of `unit`; ending the iteration leaves the unit's tail.
    func follow(_ unit: String, query: LogQuery) -> AsyncThrowingStream<LogEntry, any Error> {
        let (stream, output) = AsyncThrowingStream.makeStream(of: LogEntry.self)
        do {
            try state.withLock { state in
                state.lastFollowerID += 1
                let tail = try state.byUnit[unit] ?? startTail(of: unit)
                state.byUnit[unit] = tail
                tail.join(.init(id: state.lastFollowerID, query: query, output: output))
            }
        } catch {
            output.finish(throwing: error)
        }
        return stream
    }

    private func startTail(of unit: String) throws -> UnitJournalTail {
        let tail = try UnitJournalTail(unit: unit) { [weak self] tail in self?.retire(tail) ?? true }
        tail.start()
        return tail
    }

    /// Forgets a tail without followers; false when one is joining it.
    private func retire(_ tail: UnitJournalTail) -> Bool {
        state.withLock { state in
            guard !tail.hasJoining else { return false }
            if state.byUnit[tail.unit] === tail { state.byUnit[tail.unit] = nil }
            return true
        }
    }
}
