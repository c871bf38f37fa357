import CSystemd
import Foundation
import Kernel
import LogLevels

/// One sd-journal handle reading one unit's entries (as `journalctl -u` selects
/// them), used from a single thread at a time.
final class JournalReader {
    let unit: String
    private let journal: OpaquePointer
    /// Set when positioning already read the first entry after a cursor.
    private var stashed = false

    /// Opens the journal and selects `unit`'s entries at
    /// `maxPriority` or more urgent. `watch` sets up change notification
    /// first (before anything is read), for a follower.
    init(unit: String, maxPriority: Int?, watch: Bool) throws {
        self.unit = unit
        let handle = try Self.open()
        journal = handle
        if watch, sd_journal_get_fd(handle) < 0 {
            sd_journal_close(handle)
            throw SiaxError(.backendUnavailable, "cannot watch the journal for changes")
        }
        for match in JournalMatch.terms(unit: unit, maxPriority: maxPriority) {
            switch match {
            case .field(let text): _ = text.withCString { sd_journal_add_match(handle, $0, 0) }
            case .or: _ = sd_journal_add_disjunction(handle)
            case .and: _ = sd_journal_add_conjunction(handle)
            }
        }
    }

    deinit { sd_journal_close(journal) }

    /// Whether any journal file holds the entry at `cursor`.
    static func journalHolds(_ cursor: String) throws -> Bool {
        let handle = try open()
        defer { sd_journal_close(handle) }
        return sd_journal_seek_cursor(handle, cursor) >= 0 && sd_journal_next(handle) > 0
            && sd_journal_test_cursor(handle, cursor) > 0
    }

    private static func open() throws -> OpaquePointer {
        var handle: OpaquePointer?
        let r = sd_journal_open(&handle, Int32(SD_JOURNAL_LOCAL_ONLY))
        guard r >= 0, let handle else {
            throw SiaxError(.backendUnavailable, "cannot open the journal: \(String(cString: strerror(-r)))")
        }
        return handle
    }

    // MARK: - Reading

    /// The last `query.lines` entries that pass the query, oldest first.
    func history(_ query: LogQuery) throws -> [LogEntry] {
        guard query.lines > 0 else { return [] }
        if let cursor = query.afterCursor {
            seek(after: cursor)
            return try forward(query, through: nil).entries
        }
        stashed = false
        _ = sd_journal_seek_tail(journal)
        return try backward(query)
    }

    /// What a follower joining now gets before the live entries, when the
    /// reader has read the unit's entries up to `position` (nil: none):
    /// the query's history as it stood at `position`, so that the live
    /// entries after `position` neither repeat nor skip one. nil when the
    /// query's cursor lies beyond `position` (written since it was read):
    /// ask again after the next read.
    func backlog(_ query: LogQuery, through position: String?) throws -> [LogEntry]? {
        guard let position else {
            seekHead()
            return try nextEntry() ? nil : []
        }
        guard query.lines > 0 else { return [] }
        if let cursor = query.afterCursor {
            seek(after: cursor)
            let read = try forward(query, through: position)
            return read.reachedStop ? read.entries : nil
        }
        stashed = false
        _ = sd_journal_seek_cursor(journal, position)
        return try backward(query)
    }

    /// The cursor of the unit's newest entry, if it has any.
    func newestEntryCursor() -> String? {
        stashed = false
        guard sd_journal_seek_tail(journal) >= 0, sd_journal_previous(journal) > 0 else { return nil }
        return Self.cursor(of: journal)
    }

    /// Positions the reader so that `nextEntry()` returns the first entry
    /// after `cursor` (the cursor's own entry is skipped).
    func seek(after cursor: String) {
        stashed = false
        guard sd_journal_seek_cursor(journal, cursor) >= 0, sd_journal_next(journal) > 0 else { return }
        stashed = sd_journal_test_cursor(journal, cursor) <= 0
    }

    /// Positions the reader before the first entry of the journal.
    func seekHead() {
        stashed = false
        _ = sd_journal_seek_head(journal)
    }

    /// Moves to the next entry; false at the end.
    func nextEntry() throws -> Bool {
        if stashed {
            stashed = false
            return true
        }
        return try step(sd_journal_next(journal))
    }

    /// The entry the reader is on.
    func currentEntry() -> LogEntry? {
        var usec: UInt64 = 0
        guard sd_journal_get_realtime_usec(journal, &usec) >= 0, let cursor = Self.cursor(of: journal) else { return nil }
        let message = field("MESSAGE").map { String(decoding: $0, as: UTF8.self) } ?? ""
        let priority = field("PRIORITY").flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 6
        let pid = field("_PID").flatMap { Int32(String(decoding: $0, as: UTF8.self)) }
        return LogEntry(
            realtimeUsec: usec, priority: priority, level: LogLineLevel.of(priority: priority, message: message),
            message: message, pid: pid, cursor: cursor, unit: unit)
    }

    // MARK: - Following

    /// The descriptor that becomes readable when the journal changes.
    var fd: Int32 { sd_journal_get_fd(journal) }
    /// The poll events to wait for on `fd`.
    var events: Int16 { Int16(truncatingIfNeeded: sd_journal_get_events(journal)) }

    /// The latest moment to call `process()` again (CLOCK_MONOTONIC µs), if any.
    var deadline: UInt64? {
        var usec: UInt64 = .max
        return sd_journal_get_timeout(journal, &usec) > 0 && usec != .max ? usec : nil
    }

    /// Handles the change that woke the follower; true when journal files were
    /// added or removed (rotation, a journald restart).
    func process() -> Bool {
        sd_journal_process(journal) == Int32(SD_JOURNAL_INVALIDATE)
    }

    // MARK: - Helpers

    /// Reads on from the current position, keeping the last `query.lines`
    /// passing entries; stops after the entry at `stop` when there is one.
    private func forward(_ query: LogQuery, through stop: String?) throws -> (entries: [LogEntry], reachedStop: Bool) {
        var kept: [LogEntry] = []
        var reachedStop = false
        while !reachedStop, try nextEntry() {
            guard let entry = currentEntry() else { continue }
            if Self.passes(entry, query) {
                kept.append(entry)
                if kept.count >= 2 * query.lines { kept.removeFirst(kept.count - query.lines) }
            }
            reachedStop = stop.map { sd_journal_test_cursor(journal, $0) > 0 } ?? false
        }
        return (Array(kept.suffix(query.lines)), reachedStop)
    }

    /// Reads back from the current position (its own entry first) up to
    /// `query.lines` passing entries, oldest first.
    private func backward(_ query: LogQuery) throws -> [LogEntry] {
        var newestFirst: [LogEntry] = []
        while newestFirst.count < query.lines, try step(sd_journal_previous(journal)) {
            guard let entry = currentEntry() else { continue }
            if let since = query.since, entry.timestamp < since { break }
            if query.admits(entry) { newestFirst.append(entry) }
        }
        return newestFirst.reversed()
    }

    /// Whether an entry passes every filter of the query, `since` included.
    static func passes(_ entry: LogEntry, _ query: LogQuery) -> Bool {
        if let since = query.since, entry.timestamp < since { return false }
        return query.admits(entry)
    }

    private func step(_ r: Int32) throws -> Bool {
        if r < 0 { throw SiaxError(.backendUnavailable, "reading the journal of \(unit): \(String(cString: strerror(-r)))") }
        return r > 0
    }

    /// The value of a field of the current entry, as bytes (MESSAGE may be binary).
    private func field(_ name: String) -> Data? {
        var data: UnsafeRawPointer?
        var length = 0
        guard sd_journal_get_data(journal, name, &data, &length) >= 0, let data else { return nil }
        let prefix = name.utf8.count + 1
        guard length >= prefix else { return nil }
        return Data(bytes: data + prefix, count: length - prefix)
    }

    private static func cursor(of journal: OpaquePointer) -> String? {
        var cursor: UnsafeMutablePointer<CChar>?
        guard sd_journal_get_cursor(journal, &cursor) >= 0, let cursor else { return nil }
        defer { free(cursor) }
        return String(cString: cursor)
    }
}
