import Foundation
import Kernel
import Synchronization

/// A journal that, on follow, sends `history` entries, then `flood` more as
/// fast as it can, then stays open until the follower leaves. It counts live
/// follows, so tests can see a closed socket release its reader.
final class FloodLogSource: LogSource {
    let history: Int
    let flood: Int
    let messageSize: Int
    private let state = Mutex<(live: Int, started: Int, ended: Int)>((0, 0, 0))

    init(history: Int = 20, flood: Int = 0, messageSize: Int = 16) {
        self.history = history
        self.flood = flood
        self.messageSize = messageSize
    }

    /// Follows running now.
    var live: Int { state.withLock { $0.live } }
    /// Follows that ended (their consumer left or was cancelled).
    var ended: Int { state.withLock { $0.ended } }

    /// Every cursor it hands out stays held: this journal is never vacuumed.
    func holds(cursor: String) async throws -> Bool { true }

    func entry(_ index: Int, unit: String) -> LogEntry {
        let text = "line \(index)"
        let message = text + String(repeating: ".", count: max(0, messageSize - text.count))
        return LogEntry(
            realtimeUsec: 1_795_926_362_000_000 + UInt64(index), priority: 6, message: message, pid: 42,
            cursor: "s=\(index)", unit: unit)
    }

    func history(of unit: String, query: LogQuery) async throws -> LogPage {
        let entries = (1...max(1, history)).map { entry($0, unit: unit) }.filter(query.admits).suffix(query.lines)
        return LogPage(entries: Array(entries), cursor: entries.last?.cursor ?? query.afterCursor)
    }

    func follow(_ unit: String, query: LogQuery) -> AsyncThrowingStream<LogEntry, any Error> {
        state.withLock { $0.live += 1; $0.started += 1 }
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: LogEntry.self, bufferingPolicy: .bufferingOldest(64))
        let task = Task { [history, flood] in
            for index in max(1, history - query.lines + 1)...max(1, history) where history > 0 {
                await Self.send(entry(index, unit: unit), to: continuation)
            }
            var index = history + 1
            while index <= history + flood, !Task.isCancelled {
                await Self.send(entry(index, unit: unit), to: continuation)
                index += 1
            }
        }
        continuation.onTermination = { [weak self] _ in
            task.cancel()
            self?.state.withLock { $0.live -= 1; $0.ended += 1 }
        }
        return stream
    }

    /// Yields, waiting while the stream's small buffer is full (a journal reader waits too).
    private static func send(_ entry: LogEntry, to continuation: AsyncThrowingStream<LogEntry, any Error>.Continuation) async {
        while case .dropped = continuation.yield(entry) {
            if Task.isCancelled { return }
            try? await Task.sleep(for: .microseconds(200))
        }
    }
}
