import Foundation
import Kernel
import Logging

extension JournalctlLogSource {
    // MARK: - Follow

    /// The last `query.lines` entries, then every new one, in journal order.
    ///
    /// `journalctl -f -u UNIT` started while the unit has no entry yet has no
    /// position in the journal: it first shows whatever is newest when it
    /// next wakes, and loses everything written before that (1,000–6,400 of
    /// 20,000 lines in every measured run). So the follow is anchored: it
    /// starts `journalctl --follow` from C (see `JournalctlArguments`), where C is the last
    /// history entry, or — when there is none — the newest entry of the whole
    /// journal taken before the history was read (or the query's own cursor
    /// when nothing came after it). Nothing after C is missed and nothing
    /// before it is repeated.
    ///
    /// Ending the iteration terminates the `journalctl` subprocess.
    public func follow(_ unit: String, query: LogQuery) -> AsyncThrowingStream<LogEntry, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: LogEntry.self)
        let task = Task {
            do {
                try await run(unit, query: query, into: continuation)
                continuation.finish()
            } catch is CancellationError {
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func run(_ unit: String, query: LogQuery, into continuation: AsyncThrowingStream<LogEntry, any Error>.Continuation) async throws {
        let anchor = try await journalTailCursor()
        let page = try await history(of: unit, query: query)
        for entry in page.entries { continuation.yield(entry) }
        guard var cursor = page.cursor ?? anchor else {
            throw SiaxError(.backendUnavailable, "the journal is empty: journald is not running or not readable")
        }
        // `journalctl --follow` only ends on its own when the journal goes away; resume after the last entry.
        while !Task.isCancelled {
            let start = cursor
            try await read(JournalctlArguments.after(cursor: start, unit: unit, query: query, follow: true), unit: unit, timeout: nil) {
                guard $0.cursor != start else { return true }
                cursor = $0.cursor
                if query.admits($0) { continuation.yield($0) }
                return true
            }
            guard !Task.isCancelled else { break }
            logger.warning("journalctl --follow for \(unit) ended; resuming after the last entry")
            try await Task.sleep(for: .seconds(1))
        }
    }
}
