import Kernel

/// Fixed journal entries per unit, for unit tests of the Kernel.
public struct MemoryLogSource: LogSource {
    private let entries: [String: [LogEntry]]

    public init(entries: [String: [LogEntry]]) {
        self.entries = entries
    }

    public func history(of unit: String, query: LogQuery) async throws -> LogPage {
        var matching = (entries[unit] ?? []).filter(query.admits)
        if let cursor = query.afterCursor, let index = matching.firstIndex(where: { $0.cursor == cursor }) {
            matching = Array(matching[(index + 1)...])
        }
        let page = Array(matching.suffix(query.lines))
        return LogPage(entries: page, cursor: page.last?.cursor ?? query.afterCursor)
    }

    public func holds(cursor: String) async throws -> Bool {
        entries.values.contains { $0.contains { $0.cursor == cursor } }
    }

    public func follow(_ unit: String, query: LogQuery) -> AsyncThrowingStream<LogEntry, any Error> {
        let entries = self.entries[unit] ?? []
        return AsyncThrowingStream { continuation in
            for entry in entries.filter(query.admits).suffix(query.lines) { continuation.yield(entry) }
            continuation.finish()
        }
    }
}
