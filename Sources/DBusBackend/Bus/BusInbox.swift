import Synchronization

/// Work handed to the bus thread, and the pipe that wakes its `poll`.
final class BusInbox: Sendable {
    /// A piece of work that runs on the bus thread.
    typealias Work = @Sendable (BusLoop) -> Void

    private struct State {
        var work: [Work] = []
        var stopped = false
    }

    private let state = Mutex(State())
    private let pipe: WakePipe

    /// Readable when work is waiting.
    var wakeFD: Int32 { pipe.readFD }

    init() throws {
        pipe = try WakePipe()
    }

    /// Queues `work` for the bus thread; false once the inbox is stopped.
    func submit(_ work: @escaping Work) -> Bool {
        let accepted = state.withLock { state in
            guard !state.stopped else { return false }
            state.work.append(work)
            return true
        }
        if accepted { pipe.wake() }
        return accepted
    }

    /// Asks the bus thread to close the connection and end.
    func stop() {
        state.withLock { $0.stopped = true }
        pipe.wake()
    }

    /// The queued work (oldest first), and whether the thread should stop after it.
    func take() -> (work: [Work], stopped: Bool) {
        pipe.drain()
        return state.withLock { state in
            defer { state.work.removeAll(keepingCapacity: true) }
            return (state.work, state.stopped)
        }
    }
}
