import Foundation
import Kernel

/// Units' journal entries read through sd-journal (no `journalctl` subprocess):
/// history with cursors, priority and text filters, and a live follow.
public struct JournalLogSource: LogSource {
    public init() {}

    /// The last `query.lines` entries of `unit` passing the query, oldest first.
    public func history(of unit: String, query: LogQuery) async throws -> LogPage {
        let entries = try await Self.onOwnThread {
            try JournalAccess.check()
            return try JournalReader(unit: unit, maxPriority: query.maxPriority, watch: false).history(query)
        }
        return LogPage(entries: entries, cursor: entries.last?.cursor ?? query.afterCursor)
    }

    /// Whether any journal file still holds the entry at `cursor`.
    public func holds(cursor: String) async throws -> Bool {
        try await Self.onOwnThread {
            try JournalAccess.check()
            return try JournalReader.journalHolds(cursor)
        }
    }

    /// The backlog, then every new entry; ending the iteration leaves the unit's shared reader.
    public func follow(_ unit: String, query: LogQuery) -> AsyncThrowingStream<LogEntry, any Error> {
        JournalTails.shared.follow(unit, query: query)
    }

    /// Runs blocking journal reads on a thread of their own, off the cooperative pool.
    private static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.name = "siax-journal-read"
            thread.start()
        }
    }
}
