import Foundation

/// Which journal entries of a unit to read.
public struct LogQuery: Sendable, Equatable {
    /// Most recent entries to return (history) or to send before following.
    public var lines: Int
    /// Only entries at this priority or more urgent (0–7).
    public var maxPriority: Int?
    /// Only entries whose message contains this text (case-sensitive).
    public var grep: String?
    /// Only entries at or after this time.
    public var since: Date?
    /// Only entries after this cursor.
    public var afterCursor: String?

    public init(lines: Int = 200, maxPriority: Int? = nil, grep: String? = nil, since: Date? = nil, afterCursor: String? = nil) {
        self.lines = lines
        self.maxPriority = maxPriority
        self.grep = grep
        self.since = since
        self.afterCursor = afterCursor
    }

    /// Whether an entry passes this query's time, priority and grep filters.
    /// (`journalctl --since` has one-second resolution and cannot be combined
    /// with `--after-cursor`, so log sources make the exact check here.)
    public func admits(_ entry: LogEntry) -> Bool {
        if let since, entry.timestamp < since { return false }
        if let maxPriority, entry.priority > maxPriority { return false }
        if let grep, !grep.isEmpty, !entry.message.contains(grep) { return false }
        return true
    }
}

/// A page of history: entries oldest first, and the cursor to resume after.
public struct LogPage: Sendable, Equatable {
    public var entries: [LogEntry]
    /// Cursor of the last entry, or the query's cursor when there were none.
    public var cursor: String?

    public init(entries: [LogEntry], cursor: String?) {
        self.entries = entries
        self.cursor = cursor
    }
}
