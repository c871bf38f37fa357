/// A metric the agent exposes: its Prometheus name and help text.
///
/// Every metric that the modules record through swift-metrics (the factory
/// is `AgentKernel.metrics`) is listed in `all`, so that an exporter can
/// describe each one (swift-metrics itself carries no help text).
public struct MetricDescription: Sendable, Hashable {
    /// The Prometheus name, e.g. `siax_operations_total`.
    public let name: String
    /// One sentence for the `# HELP` line.
    public let help: String

    public init(_ name: String, help: String) {
        self.name = name
        self.help = help
    }
}

extension MetricDescription {
    /// Counter: operations on apps by `operation` and `result` (`ok` or an API error code).
    public static let operations = MetricDescription(
        "siax_operations_total", help: "App operations (start, stop, register, ...) by operation and result (ok or an API error code).")
    /// Counter: alerts by `alert` kind.
    public static let alerts = MetricDescription(
        "siax_alerts_total", help: "Alerts raised, by kind (crashed, zombie, crash_loop, unhealthy, healthy).")
    /// Counter: API requests by `route` template, `method` and `status`.
    public static let httpRequests = MetricDescription(
        "siax_http_requests_total", help: "API requests by route template, method and response status.")
    /// Timer: API request latency by `route` template, `method` and `status`.
    public static let httpRequestDuration = MetricDescription(
        "siax_http_request_duration_seconds", help: "API request latency in seconds by route template, method and response status.")
    /// Meter: open WebSocket clients by `stream` (`logs`, `events`).
    public static let webSocketClients = MetricDescription(
        "siax_websocket_clients", help: "Open WebSocket clients by stream (logs, events).")
    /// Counter: signed webhook deliveries by verification `result`.
    public static let webhookVerifications = MetricDescription(
        "siax_webhook_verifications_total", help: "Signed webhook deliveries by verification result (ok, rejected, replayed, disabled).")
    /// Counter: cloud report deliveries by `result` (`delivered`, `failed`, `refused`).
    public static let cloudReports = MetricDescription(
        "siax_cloud_reports_total", help: "Cloud report delivery attempts by result (delivered, failed, refused).")
    /// Gauge: reports waiting in the cloud outbox.
    public static let cloudOutbox = MetricDescription(
        "siax_cloud_outbox_reports", help: "Reports waiting in the on-disk cloud outbox.")
    /// Gauge: 1 while an app's health check passes, 0 while it is unhealthy, absent while unknown.
    public static let appHealthy = MetricDescription(
        "siax_app_healthy", help: "1 while the app's health check passes, 0 while it is unhealthy; absent while unknown.")

    /// Every metric the modules record through `AgentKernel.metrics`.
    public static let all: [MetricDescription] = [
        operations, alerts, httpRequests, httpRequestDuration, webSocketClients, webhookVerifications,
        cloudReports, cloudOutbox, appHealthy,
    ]
}
