import Foundation
import Glibc
import Kernel

/// Follows one unit's journal on a dedicated thread: sends the backlog, then
/// waits on the journal's inotify fd (`poll`, not a busy loop) and sends each
/// new entry. Positions are always cursors:
///
/// - The start is anchored after the last backlog entry or, when there is
///   none, after the newest entry of the whole journal taken *before* the
///   unit's entries were selected. `seek_tail` on a match with no entries
///   leaves sd-journal at "the tail" and the next `sd_journal_next` returns
///   only the *last* entry of the first batch — which is how a follower
///   attached before a new unit started lost its first lines.
/// - When journal files come or go (rotation, a journald restart) the handle
///   is reopened and reading resumes after the last entry read: nothing is
///   lost or repeated.
final class JournalFollower: Sendable {
    private let unit: String
    private let query: LogQuery
    private let output: AsyncThrowingStream<LogEntry, any Error>.Continuation
    private let stop: WakePipe

    private init(unit: String, query: LogQuery, output: AsyncThrowingStream<LogEntry, any Error>.Continuation, stop: WakePipe) {
        self.unit = unit
        self.query = query
        self.output = output
        self.stop = stop
    }

    /// The stream of `unit`'s entries; ending the iteration stops the thread and closes the journal.
    static func stream(_ unit: String, query: LogQuery) -> AsyncThrowingStream<LogEntry, any Error> {
        let (stream, output) = AsyncThrowingStream.makeStream(of: LogEntry.self)
        let stop: WakePipe
        do {
            stop = try WakePipe()
        } catch {
            output.finish(throwing: error)
            return stream
        }
        let follower = JournalFollower(unit: unit, query: query, output: output, stop: stop)
        output.onTermination = { _ in stop.wake() }
        let thread = Thread { follower.run() }
        thread.name = "siax-journal"
        thread.start()
        return stream
    }

    // MARK: - Thread

    private func run() {
        do {
            try JournalAccess.check()
            var reader = try JournalReader(unit: unit, maxPriority: query.maxPriority, watch: true)
            let backlog = try reader.history(query)
            for entry in backlog where !send(entry) { return }
            var position = backlog.last?.cursor ?? query.afterCursor ?? reader.journalTail
            position.map(reader.seek(after:)) ?? reader.seekHead()
            while true {
                while try reader.nextEntry() {
                    guard let entry = reader.currentEntry() else { continue }
                    position = entry.cursor
                    if JournalReader.passes(entry, query), !send(entry) { return }
                }
                guard wait(for: reader) else { break }
                if reader.process() {
                    reader = try JournalReader(unit: unit, maxPriority: query.maxPriority, watch: true)
                    position.map(reader.seek(after:)) ?? reader.seekHead()
                }
            }
            output.finish()
        } catch {
            output.finish(throwing: error)
        }
    }

    /// Hands an entry to the consumer; false when it has gone.
    private func send(_ entry: LogEntry) -> Bool {
        if case .terminated = output.yield(entry) { return false }
        return true
    }

    /// journald announces appends through inotify only every 250 ms (its
    /// post-change timer coalesces them), which alone puts p99 write → consumer
    /// latency near 250 ms. Between notifications the follower looks at the
    /// mmapped file itself this often: a cheap `sd_journal_next`, no busy loop.
    static let recheckMilliseconds: Int32 = 10

    /// Waits for a journal change (or the next recheck); false when the consumer has gone.
    private func wait(for reader: JournalReader) -> Bool {
        var fds = [
            pollfd(fd: stop.readFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: reader.fd, events: reader.events, revents: 0),
        ]
        let timeout: Int32 = reader.deadline.map { deadline in
            let now = BusLoop.now()
            return deadline <= now ? 0 : Int32(clamping: (deadline - now + 999) / 1000)
        } ?? Self.recheckMilliseconds
        _ = poll(&fds, 2, min(timeout, Self.recheckMilliseconds))
        return fds[0].revents == 0
    }
}
