import Foundation
import Logging
import Synchronization

/// The agent's own recent log lines, kept in memory (a bounded ring) so the
/// panel's `/logs` page and `GET /api/system/logs` can show and follow them
/// wherever the agent runs (a unit, the sandbox, a terminal) without reading
/// its output back. `RingLogHandler` writes into it.
public final class AgentLogBook: Sendable {
    /// One line the agent logged.
    public struct Line: Sendable, Equatable {
        /// Increasing from 1 for each line of this process.
        public var sequence: UInt64
        public var realtimeUsec: UInt64
        public var level: Logger.Level
        /// The logger's label (`siax-agent`, `siax-agent.http`, …).
        public var label: String
        /// The message with its metadata (`key=value`).
        public var message: String
    }

    private struct State {
        var lines: [Line] = []
        var start = 0
        var next: UInt64 = 1
        var subscribers: [UUID: AsyncStream<Line>.Continuation] = [:]
    }

    /// The book the agent's logging system writes into.
    public static let shared = AgentLogBook()

    /// Most lines kept; older ones are forgotten.
    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int = 2000) {
        self.capacity = max(1, capacity)
    }

    /// Keeps a line and hands it to every follower.
    public func append(level: Logger.Level, label: String, message: String, at date: Date = Date()) {
        state.withLock { state in
            let line = Line(sequence: state.next, realtimeUsec: UInt64(max(0, date.timeIntervalSince1970) * 1_000_000),
                            level: level, label: label, message: message)
            state.next += 1
            if state.lines.count < capacity {
                state.lines.append(line)
            } else {
                state.lines[state.start] = line
                state.start = (state.start + 1) % capacity
            }
            for continuation in state.subscribers.values { continuation.yield(line) }
        }
    }

    /// The last `limit` lines, oldest first.
    public func recent(limit: Int) -> [Line] {
        state.withLock { state in
            let ordered = Array(state.lines[state.start...] + state.lines[..<state.start])
            return Array(ordered.suffix(max(0, limit)))
        }
    }

    /// The last `limit` lines, then every new one (a slow follower loses the oldest of at most 256 waiting).
    public func follow(history limit: Int) -> AsyncStream<Line> {
        let (stream, continuation) = AsyncStream<Line>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let id = UUID()
        state.withLock { state in
            let ordered = Array(state.lines[state.start...] + state.lines[..<state.start])
            for line in ordered.suffix(max(0, limit)) { continuation.yield(line) }
            state.subscribers[id] = continuation
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }
}
