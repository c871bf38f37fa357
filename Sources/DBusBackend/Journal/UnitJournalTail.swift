import Foundation
import Glibc
import Kernel
import Synchronization

/// Follows one unit's journal for all of its followers: one thread and one
/// sd-journal handle per followed unit, however many clients follow it, so
/// fifty viewers of an app cost one reader, each entry is decoded once, and a
/// follower that joins or leaves does not disturb the others.
///
/// Positions are always cursors. `position` is the unit's newest entry the
/// reader has read (nil while it has none), and every follower gets the
/// live entries after it:
///
/// - A follower joining gets its history as it stood at `position`
///   (`JournalReader.backlog`), then the live entries: nothing repeated or
///   skipped. One resuming from a cursor written after `position` waits for
///   the next read.
/// - A unit without entries is read from the journal's head, so a follow
///   that began before the app started gets its first lines.
/// - Before a change is processed, whatever the open files still hold is
///   read, so journal files rotated and deleted under the follower (a vacuum)
///   lose nothing that was in them; when files come or go the handle is
///   reopened and reading resumes after `position`.
final class UnitJournalTail: Sendable {
    /// One follower's query and stream.
    struct Follower: Sendable {
        let id: Int
        let query: LogQuery
        let output: AsyncThrowingStream<LogEntry, any Error>.Continuation

        /// Hands an entry to the consumer; false when it has gone.
        func send(_ entry: LogEntry) -> Bool {
            if case .terminated = output.yield(entry) { return false }
            return true
        }
    }

    /// What other threads hand to the tail's thread.
    struct Inbox {
        var joining: [Follower] = []
        var left: Set<Int> = []
    }

    let unit: String
    private let inbox = Mutex(Inbox())
    private let wakeUp: WakePipe
    /// Removes this tail from the registry when it has no follower left; false when one is joining.
    private let retire: @Sendable (UnitJournalTail) -> Bool

    init(unit: String, retire: @escaping @Sendable (UnitJournalTail) -> Bool) throws {
        self.unit = unit
        self.wakeUp = try WakePipe()
        self.retire = retire
    }

    /// Starts the thread.
    func start() {
        let thread = Thread { self.run() }
        thread.name = "siax-journal"
        thread.start()
    }

    /// Adds a follower; its stream ending removes it.
    func join(_ follower: Follower) {
        follower.output.onTermination = { [weak self] _ in self?.leave(follower.id) }
        inbox.withLock { $0.joining.append(follower) }
        wakeUp.wake()
    }

    /// Whether a follower is waiting to join (read under the registry's lock before retiring).
    var hasJoining: Bool { inbox.withLock { !$0.joining.isEmpty } }

    /// Takes the followers waiting to join, once the registry has retired this tail.
    func takeJoining() -> [Follower] {
        inbox.withLock { inbox in
            defer { inbox.joining = [] }
            return inbox.joining
        }
    }

    private func leave(_ id: Int) {
        inbox.withLock { _ = $0.left.insert(id) }
        wakeUp.wake()
    }

    // MARK: - Thread

    private func run() {
        var followers: [Follower] = []
        var waiting: [Follower] = []
        do {
            try JournalAccess.check()
            var reader = try JournalReader(unit: unit, maxPriority: nil, watch: true)
            var position = reader.newestEntryCursor()
            position.map(reader.seek(after:)) ?? reader.seekHead()
            while true {
                try read(reader, from: &position, to: &followers)
                let arrived = inbox.withLock { inbox in
                    defer { inbox = Inbox() }
                    return inbox
                }
                followers.removeAll { arrived.left.contains($0.id) }
                waiting = (waiting + arrived.joining).filter { !arrived.left.contains($0.id) }
                if !waiting.isEmpty {
                    waiting = try admit(waiting, reader: reader, at: position, into: &followers)
                    position.map(reader.seek(after:)) ?? reader.seekHead()
                }
                if followers.isEmpty, waiting.isEmpty, retire(self) { return }
                wait(for: reader)
                try read(reader, from: &position, to: &followers)
                if reader.process() {
                    reader = try JournalReader(unit: unit, maxPriority: nil, watch: true)
                    position.map(reader.seek(after:)) ?? reader.seekHead()
                }
            }
        } catch {
            for follower in followers + waiting { follower.output.finish(throwing: error) }
            while !retire(self) {
                for follower in takeJoining() { follower.output.finish(throwing: error) }
            }
        }
    }

    /// Reads every new entry and hands it to each follower whose query it passes.
    private func read(_ reader: JournalReader, from position: inout String?, to followers: inout [Follower]) throws {
        while try reader.nextEntry() {
            guard let entry = reader.currentEntry() else { continue }
            position = entry.cursor
            followers.removeAll { JournalReader.passes(entry, $0.query) && !$0.send(entry) }
        }
    }

    /// Sends each waiting follower its backlog and makes it live; returns
    /// those whose cursor lies beyond `position` (they wait for the next read).
    private func admit(_ waiting: [Follower], reader: JournalReader, at position: String?, into followers: inout [Follower]) throws -> [Follower] {
        var stillWaiting: [Follower] = []
        for follower in waiting {
            guard let backlog = try reader.backlog(follower.query, through: position) else {
                stillWaiting.append(follower)
                continue
            }
            if backlog.allSatisfy(follower.send) { followers.append(follower) }
        }
        return stillWaiting
    }

    /// journald announces appends through inotify only every 250 ms (its
    /// post-change timer coalesces them), which alone puts p99 write → consumer
    /// latency near 250 ms. Between notifications the tail looks at the
    /// mmapped file itself this often: a cheap `sd_journal_next`, no busy loop.
    static let recheckMilliseconds: Int32 = 10

    /// Waits for a journal change, a follower joining or leaving, or the next recheck.
    private func wait(for reader: JournalReader) {
        var fds = [
            pollfd(fd: wakeUp.readFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: reader.fd, events: reader.events, revents: 0),
        ]
        let timeout: Int32 = reader.deadline.map { deadline in
            let now = BusLoop.now()
            return deadline <= now ? 0 : Int32(clamping: (deadline - now + 999) / 1000)
        } ?? Self.recheckMilliseconds
        _ = poll(&fds, 2, min(timeout, Self.recheckMilliseconds))
        if fds[0].revents != 0 { wakeUp.drain() }
    }
}
