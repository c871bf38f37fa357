import Foundation
import Kernel
import Logging

/// A unit's journal read through `journalctl -o json` subprocesses
/// (optionally through `sudo -n`, as the runner is configured).
public struct JournalctlLogSource: LogSource {
    private let runner: CommandRunner
    private let journalctlPath: String
    private let classifier: ErrorClassifier
    let logger: Logger

    /// Creates a log source; `runner` decides about sudo and time limits.
    public init(runner: CommandRunner, journalctlPath: String = "/usr/bin/journalctl", logger: Logger) {
        self.runner = runner
        self.journalctlPath = journalctlPath
        self.classifier = ErrorClassifier(hints: .current())
        self.logger = logger
    }

    init(runner: CommandRunner, journalctlPath: String, classifier: ErrorClassifier, logger: Logger) {
        self.runner = runner
        self.journalctlPath = journalctlPath
        self.classifier = classifier
        self.logger = logger
    }

    // MARK: - History

    /// The last `query.lines` entries of the unit that pass the query, oldest first.
    public func history(of unit: String, query: LogQuery) async throws -> LogPage {
        guard query.lines > 0 else { return LogPage(entries: [], cursor: query.afterCursor) }
        var entries: [LogEntry] = []
        if let cursor = query.afterCursor {
            // Forward from the cursor, keeping the newest `lines`.
            try await read(JournalctlArguments.after(cursor: cursor, unit: unit, query: query), unit: unit, timeout: runner.timeout) {
                if $0.cursor != cursor, query.admits($0) { entries.append($0) }
                if entries.count > 2 * query.lines { entries.removeFirst(entries.count - query.lines) }
                return true
            }
            entries = Array(entries.suffix(query.lines))
        } else {
            try await read(JournalctlArguments.newest(unit: unit, query: query), unit: unit, timeout: runner.timeout) {
                if query.admits($0) { entries.append($0) }
                return entries.count < query.lines
            }
            entries.reverse()
        }
        return LogPage(entries: entries, cursor: entries.last?.cursor ?? query.afterCursor)
    }

    // MARK: - Reading

    /// Runs `journalctl` with `arguments` and hands each entry to `onEntry`
    /// until it returns false or the output ends; throws what a failure means.
    func read(
        _ arguments: [String], unit: String, timeout: Duration?, onEntry: (LogEntry) async throws -> Bool
    ) async throws {
        let result = try await runner.streamLines(journalctlPath, arguments, timeout: timeout) { line in
            guard let entry = JournalJSONParser.entry(from: line, unit: unit) else { return true }
            return try await onEntry(entry)
        }
        if JournalctlArguments.foundNoMatch(arguments, result) { return }
        try check(result, action: "reading the journal of \(unit)")
    }

    /// The cursor of the newest entry in the whole journal, if it has any.
    func journalTailCursor() async throws -> String? {
        let result = try await runner.run(journalctlPath, JournalctlArguments.journalTail)
        try check(result, action: "reading the journal's tail")
        return result.standardOutput.split(separator: "\n").lazy.compactMap {
            JournalJSONParser.entry(from: Array($0.utf8))?.cursor
        }.first
    }

    /// Whether the journal still holds the entry at `cursor`: the first entry
    /// from it is itself (journalctl seeks to the next one when it is gone).
    public func holds(cursor: String) async throws -> Bool {
        let result = try await runner.run(journalctlPath, JournalctlArguments.first(from: cursor))
        try check(result, action: "looking up a journal cursor")
        return result.standardOutput.split(separator: "\n").lazy.compactMap {
            JournalJSONParser.entry(from: Array($0.utf8))?.cursor
        }.first == cursor
    }

    /// Throws when `journalctl` failed, or succeeded while hiding other users' entries.
    private func check(_ result: CommandResult, action: String) throws {
        let hidden = ErrorClassifier.journalRefusals.contains { result.standardError.contains($0) }
        guard !result.succeeded || hidden else { return }
        if result.succeeded, hidden {
            throw SiaxError(.permissionDenied, "\(action): \(result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)); \(classifier.hints.journalAdvice)")
        }
        if result.termination == .signaled(SIGTERM) { return }
        switch classifier.classify(result, action: action) {
        case .error(let error): throw error
        case .jobFailed: throw SiaxError(.operationFailed, "\(action) failed: \(result.standardError)")
        }
    }
}

