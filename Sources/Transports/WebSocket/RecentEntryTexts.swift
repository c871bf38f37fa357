import Kernel
import Synchronization

/// The JSON text of the log entries streamed last: the followers of an app
/// receive the same entries at about the same moment, so each entry is
/// encoded once between them instead of once per follower (with fifty
/// followers, encoding was a quarter of the agent's time). Keeps the last
/// `capacity` entries; a text is reused only for an equal entry.
final class RecentEntryTexts: Sendable {
    private struct State {
        var byCursor: [String: (entry: LogEntry, text: String)] = [:]
        /// Cursors in the order they were added, overwritten in a ring.
        var ring: [String?]
        var next = 0
    }

    private let state: Mutex<State>

    init(capacity: Int = 256) {
        state = Mutex(State(ring: Array(repeating: nil, count: capacity)))
    }

    /// The text of `entry`: one a follower already made, or `encode(entry)`.
    func text(of entry: LogEntry, encode: (LogEntry) throws -> String) rethrows -> String {
        if let known = state.withLock({ $0.byCursor[entry.cursor] }), known.entry == entry { return known.text }
        let text = try encode(entry)
        state.withLock { state in
            guard state.byCursor[entry.cursor] == nil else { return }
            if let oldest = state.ring[state.next] { state.byCursor[oldest] = nil }
            state.ring[state.next] = entry.cursor
            state.byCursor[entry.cursor] = (entry, text)
            state.next = (state.next + 1) % state.ring.count
        }
        return text
    }
}
