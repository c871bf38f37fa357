/// A unit's journal: history with a cursor, and a live follow.
public protocol LogSource: Sendable {
    /// The last `query.lines` entries of a unit that pass the query, oldest first.
    func history(of unit: String, query: LogQuery) async throws -> LogPage

    /// Whether the journal still holds the entry at `cursor`: false once the
    /// file that held it was rotated away or vacuumed, so entries written
    /// after it may be gone too.
    func holds(cursor: String) async throws -> Bool

    /// The last `query.lines` entries, then every new entry as it is written,
    /// including an app's first lines when the follow began before it started.
    /// Ending the iteration releases every resource (subprocess, journal handle).
    func follow(_ unit: String, query: LogQuery) -> AsyncThrowingStream<LogEntry, any Error>
}
