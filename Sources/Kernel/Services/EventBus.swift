import CoreMetrics

/// Fans events out to live subscribers (WebSocket clients, the cloud reporter,
/// the audit log) and keeps the most recent ones for `GET /api/events`.
///
/// A slow subscriber never grows memory without bound: each subscription
/// buffers at most `subscriberBuffer` events and drops the oldest.
///
/// Every operation and alert passes through here, so here they are counted
/// (`MetricDescription.operations`, `.alerts`).
public actor EventBus {
    private var subscribers: [Int: AsyncStream<AgentEvent>.Continuation] = [:]
    private var nextID = 0
    private var recentEvents: [AgentEvent] = []
    private let historyLimit: Int
    private let subscriberBuffer: Int
    private let metrics: any MetricsFactory

    public init(historyLimit: Int = 1000, subscriberBuffer: Int = 256, metrics: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.historyLimit = historyLimit
        self.subscriberBuffer = subscriberBuffer
        self.metrics = metrics
    }

    /// Records an event, counts it, and hands it to every subscriber.
    public func publish(_ event: AgentEvent) {
        count(event)
        recentEvents.append(event)
        if recentEvents.count > historyLimit { recentEvents.removeFirst(recentEvents.count - historyLimit) }
        for continuation in subscribers.values { continuation.yield(event) }
    }

    /// Records an operation's outcome: `ok`, or the error's code (`internal`
    /// for an error that is not a `SiaxError`) with its text in `detail`.
    public func publishOperation(_ operation: String, on app: String, by requester: Requester, error: (any Error)?) {
        let result = error.map { ($0 as? SiaxError)?.code.rawValue ?? SiaxError.Code.internal.rawValue } ?? "ok"
        publish(AgentEvent(
            type: .operation, app: app, operation: operation, result: result, actor: requester.name, detail: error.map { "\($0)" }))
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

    private func count(_ event: AgentEvent) {
        switch event.type {
        case .operation:
            Counter(label: MetricDescription.operations.name,
                    dimensions: [("operation", event.operation ?? "unknown"), ("result", event.result ?? "unknown")],
                    factory: metrics).increment()
        case .alert:
            Counter(label: MetricDescription.alerts.name, dimensions: [("alert", event.alert ?? "unknown")], factory: metrics).increment()
        case .state:
            break
        }
    }

    private func unsubscribe(_ id: Int) {
        subscribers[id] = nil
    }
}
