import Foundation
import Kernel

/// The `journalctl` command lines of `JournalctlLogSource`.
///
/// Notes from systemd 252, checked against a real journal:
/// - `--after-cursor=C` with `--unit` skips two entries from C: C's own and the
///   next, meaning the first entry after C. When C is not one of the unit's
///   entries (a follow anchored at the journal's newest entry), that drops the
///   unit's first entry after it. So a cursor query asks for `--cursor=C`,
///   which starts at C when it is the unit's, else at the unit's first entry
///   after it, and the reader drops C's own entry (`JournalctlLogSource`).
/// - `--lines=N` with a cursor gives the FIRST N after the cursor, and
///   `--lines` with `--grep` silently implies `--reverse` (which then reads
///   *before* a cursor); so a cursor query reads forward without `--lines`.
/// - `--since` and a cursor are mutually exclusive.
/// - `--follow` implies `--lines=10`, which with a cursor would skip
///   all but the last 10 entries written after the cursor: `--lines=all`;
///   but any `--lines` with `--grep` implies `--reverse`, which `--follow`
///   refuses (exit 1): a follow filters by text itself.
/// - `--grep` is a PCRE, case-insensitive for lowercase patterns; the text is
///   quoted as a literal (`\Q…\E`) and matched case-sensitively. A space is
///   written `\x20`, so that no argument holds a space (`SudoersRules`).
/// - With `--grep`, no matching entry exits 1 with nothing on stderr (like grep).
/// - Without `--all`, fields over 4096 bytes come out as `null`.
/// - `--output-fields` keeps the JSON to what `LogEntry` needs (the cursor and
///   timestamps are always printed): a fifth of the bytes to read and parse.
enum JournalctlArguments {
    /// The journal fields `JournalJSONParser` reads, besides `__CURSOR` and `__REALTIME_TIMESTAMP`.
    static let fields = ["MESSAGE", "PRIORITY", "_PID", "_SYSTEMD_UNIT", "UNIT"]

    /// Entries of `unit` as JSON, one per line.
    static func base(unit: String) -> [String] {
        ["--no-pager", "--output=json", "--all", "--output-fields=\(fields.joined(separator: ","))", "--unit=\(unit)"]
    }

    /// The priority and grep filters of a query.
    static func filters(_ query: LogQuery) -> [String] {
        priorityFilter(query) + grepFilter(query)
    }

    static func priorityFilter(_ query: LogQuery) -> [String] {
        query.maxPriority.map { ["--priority=0..\(min(max($0, 0), 7))"] } ?? []
    }

    static func grepFilter(_ query: LogQuery) -> [String] {
        guard let grep = query.grep, !grep.isEmpty else { return [] }
        return ["--grep=\(literalPattern(grep))", "--case-sensitive=true"]
    }

    /// Whether `result` is `--grep`'s "nothing matched" (exit 1, silent), which is an empty answer, not a failure.
    static func foundNoMatch(_ arguments: [String], _ result: CommandResult) -> Bool {
        result.termination == .exited(1)
            && result.standardError.allSatisfy(\.isWhitespace)
            && arguments.contains { $0.hasPrefix("--grep=") }
    }

    /// The last `lines` entries passing the query, newest first.
    static func newest(unit: String, query: LogQuery) -> [String] {
        var arguments = base(unit: unit) + filters(query) + ["--lines=\(query.lines)", "--reverse"]
        if let since = query.since { arguments.append("--since=@\(Int(since.timeIntervalSince1970.rounded(.down)))") }
        return arguments
    }

    /// Every entry from `cursor` on passing the query's priority and grep filters, oldest first;
    /// the entry at `cursor` itself comes first when it is the unit's (the reader drops it).
    /// A follow leaves grep to the caller (`LogQuery.admits`): with `--lines=all` it would imply `--reverse`.
    static func after(cursor: String, unit: String, query: LogQuery, follow: Bool = false) -> [String] {
        let position = ["--cursor=\(cursor)"]
        guard follow else { return base(unit: unit) + filters(query) + position }
        return base(unit: unit) + priorityFilter(query) + position + ["--follow", "--lines=all"]
    }

    /// The newest entry of the whole journal (its cursor anchors a follow).
    static let journalTail = ["--no-pager", "--output=json", "--lines=1", "--output-fields=MESSAGE"]

    /// The first entry of the whole journal at or after `cursor` (`--lines` with a cursor counts forward).
    static func first(from cursor: String) -> [String] {
        ["--no-pager", "--output=json", "--cursor=\(cursor)", "--lines=1", "--output-fields=MESSAGE"]
    }

    /// A PCRE pattern matching `text` literally, without a space in it: each space is `\x20`
    /// between quoted runs, so the sudoers drop-in can tell the pattern from the next argument.
    static func literalPattern(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { run in
            run.isEmpty ? "" : "\\Q" + run.replacingOccurrences(of: "\\E", with: "\\E\\\\E\\Q") + "\\E"
        }.joined(separator: "\\x20")
    }
}
