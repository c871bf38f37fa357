/// An app's journal, for transports: they name the app, the Kernel knows its unit and the backend.
extension AgentKernel {
    /// A page of an app's journal, newest last; `not_found` for an unknown app.
    public func logs(of name: String, query: LogQuery) async throws -> LogPage {
        let app = try await apps.get(name)
        return try await backend.logs.history(of: app.unitName, query: query)
    }

    /// Whether the journal still holds the entry at `cursor` (a follower resuming after it
    /// may otherwise have lost entries to a rotation or vacuum).
    public func logsHold(cursor: String) async throws -> Bool {
        try await backend.logs.holds(cursor: cursor)
    }

    /// An app's journal from `query.lines` back, then live; ends when the consumer stops iterating.
    public func followLogs(of app: ManagedApp, query: LogQuery) -> AsyncThrowingStream<LogEntry, any Error> {
        backend.logs.follow(app.unitName, query: query)
    }
}
