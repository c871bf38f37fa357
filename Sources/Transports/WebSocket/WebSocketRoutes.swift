import HTTPCore
import Kernel

/// The `websocket` part of the `http` transport: `WS /logs/{name}`,
/// `WS /api/events/stream` and `WS /api/system/logs/stream`.
public struct WebSocketRoutes: APIRouteProvider {
    /// Live log connections per app (`max_log_connections_per_app`).
    public let limiter: ConnectionLimiter
    private let streams: StreamRoutes
    private let systemLog: SystemLogStreamRoutes

    /// - Parameter queueCapacities: messages buffered per client (log and system log streams, event stream)
    ///   before the oldest are dropped.
    public init(settings: WebSocketSettings, queueCapacities: (logs: Int, events: Int) = (1000, 256)) {
        limiter = ConnectionLimiter(limit: settings.maxLogConnectionsPerApp)
        streams = StreamRoutes(limiter: limiter, logQueueCapacity: queueCapacities.logs, eventQueueCapacity: queueCapacities.events)
        systemLog = SystemLogStreamRoutes(queueCapacity: queueCapacities.logs)
    }

    public func register(on table: RouteTable) {
        streams.register(on: table)
        systemLog.register(on: table)
    }
}
