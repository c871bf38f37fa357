import Foundation
import Kernel
import Synchronization

/// One app's journal shared by every follower, written by the test: each follow
/// gets every entry appended after it began (no history), as a journal reader
/// would. The test paces the writes, so it decides who can fall behind.
final class SharedLogSource: LogSource {
    private let followers = Mutex<[UUID: AsyncThrowingStream<LogEntry, any Error>.Continuation]>([:])

    /// Follows running now.
    var live: Int { followers.withLock { $0.count } }

    /// Entry `index` of `unit`: the message `line <index>` padded to `size` bytes, the cursor `s=<index>`.
    static func entry(_ index: Int, unit: String, size: Int) -> LogEntry {
        let text = "line \(index) "
        return LogEntry(
            realtimeUsec: 1_795_926_362_000_000 + UInt64(index), priority: 6,
            message: text + String(repeating: "x", count: max(0, size - text.count)), pid: 42, cursor: "s=\(index)", unit: unit)
    }

    /// Hands `entry` to every follower.
    func append(_ entry: LogEntry) {
        for continuation in followers.withLock({ Array($0.values) }) { continuation.yield(entry) }
    }

    func history(of unit: String, query: LogQuery) async throws -> LogPage {
        LogPage(entries: [], cursor: query.afterCursor)
    }

    /// Every cursor it hands out stays held: this journal is never vacuumed.
    func holds(cursor: String) async throws -> Bool { true }

    func follow(_ unit: String, query: LogQuery) -> AsyncThrowingStream<LogEntry, any Error> {
        let id = UUID()
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: LogEntry.self)
        continuation.onTermination = { [weak self] _ in _ = self?.followers.withLock { $0.removeValue(forKey: id) } }
        followers.withLock { $0[id] = continuation }
        return stream
    }
}
