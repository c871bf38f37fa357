import Synchronization

/// A bounded queue between a fast producer (the journal follow, the event
/// bus) and a slow consumer (one WebSocket client): when full, the oldest
/// element is dropped and counted, and the consumer learns how many were
/// dropped before it gets the elements that follow the gap.
public final class DropOldestBuffer<Element: Sendable>: Sendable {
    /// What the consumer receives next.
    public enum Item: Sendable {
        case element(Element)
        /// `dropped` elements were lost here.
        case gap(dropped: Int)
    }

    private struct State {
        var ring: [Element?]
        var head = 0
        var count = 0
        var dropped = 0
        var finished = false
        var cancelled = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state: Mutex<State>
    /// Elements held at most.
    public let capacity: Int

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        state = Mutex(State(ring: Array(repeating: nil, count: capacity)))
    }

    /// Adds an element, dropping the oldest when full. Never waits.
    public func push(_ element: Element) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard !s.finished else { return nil }
            if s.count == capacity {
                s.head = (s.head + 1) % capacity
                s.count -= 1
                s.dropped += 1
            }
            s.ring[(s.head + s.count) % capacity] = element
            s.count += 1
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// Ends the queue: the consumer gets what is left, then nil.
    public func finish() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.finished = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// The next item; nil once finished and drained, or when the task is cancelled.
    /// One consumer at a time.
    public func next() async -> Item? {
        while true {
            if Task.isCancelled { return nil }
            if let item = take() { return item }
            if state.withLock({ $0.finished }) { return nil }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let ready = state.withLock { s -> Bool in
                        if s.count > 0 || s.dropped > 0 || s.finished || s.cancelled { return true }
                        s.waiter = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
                    s.cancelled = true
                    defer { s.waiter = nil }
                    return s.waiter
                }
                waiter?.resume()
            }
            if state.withLock({ $0.cancelled }) { return nil }
        }
    }

    /// Elements waiting now.
    public var count: Int { state.withLock { $0.count } }

    private func take() -> Item? {
        state.withLock { s in
            if s.dropped > 0 {
                defer { s.dropped = 0 }
                return .gap(dropped: s.dropped)
            }
            guard s.count > 0, let element = s.ring[s.head] else { return nil }
            s.ring[s.head] = nil
            s.head = (s.head + 1) % capacity
            s.count -= 1
            return .element(element)
        }
    }
}
