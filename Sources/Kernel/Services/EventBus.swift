/// Fans events out to live subscribers (WebSocket clients, the cloud reporter,
/// the audit log) and keeps the most recent ones for `GET /api/events`.
///
/// A slow subscriber never grows memory without bound: each subscription
/// buffers at most `subscriberBuffer` events and drops the oldest.
public actor EventBus {
    private var subscribers: [Int: AsyncStream<AgentEvent>.Continuation] = [:]
    private var nextID = 0
    private var recentEvents: [AgentEvent] = []
    private let historyLimit: Int
    private let subscriberBuffer: Int

    public init(historyLimit: Int = 1000, subscriberBuffer: Int = 256) {
        self.historyLimit = historyLimit
        self.subscriberBuffer = subscriberBuffer
    }

    /// Records an event and hands it to every subscriber.
    public func publish(_ event: AgentEvent) {
        recentEvents.append(event)
        if recentEvents.count > historyLimit { recentEvents.removeFirst(recentEvents.count - historyLimit) }
        for continuation in subscribers.values { continuation.yield(event) }
    }

    /// Events from now on; the subscription ends when the consumer stops iterating.
    public func subscribe() -> AsyncStream<AgentEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: AgentEvent.self, bufferingPolicy: .bufferingNewest(subscriberBuffer))
        let id = nextID
        nextID += 1
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    /// The most recent events, oldest first.
    public func recent(limit: Int) -> [AgentEvent] {
        Array(recentEvents.suffix(max(0, limit)))
    }

    /// Live subscriber count.
    public var subscriberCount: Int { subscribers.count }

    private func unsubscribe(_ id: Int) {
        subscribers[id] = nil
    }
}
