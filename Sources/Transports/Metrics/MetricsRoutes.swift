import HTTPCore
import Hummingbird
import Kernel
import NIOCore

/// `GET /metrics`: the Prometheus text exposition (format 0.0.4) of what the
/// modules recorded (`PrometheusMetrics`) followed by the series read at
/// scrape time (`ScrapeSeries`). Viewer role, like every GET (docs/api.md).
public struct MetricsRoutes: APIRouteProvider {
    /// The Prometheus text format's content type.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let metrics: PrometheusMetrics

    /// Routes rendering `metrics`, the factory the kernel records through.
    public init(metrics: PrometheusMetrics) {
        self.metrics = metrics
    }

    public func register(on table: RouteTable) {
        let kernel = table.services.kernel
        let registry = metrics.registry
        table.add(.get, "/metrics", access: .role(.viewer),
                  doc: RouteDoc("Prometheus metrics", tag: "agent",
                                description: "Text exposition format 0.0.4: per app `siax_app_state`, `siax_app_cpu_percent`, `siax_app_memory_bytes`, `siax_app_restarts`, `siax_app_healthy`; the agent's `process_*`, API requests and latencies by route template, operations, alerts, WebSocket clients, webhook verifications and cloud reports. App series are left out while the backend cannot be asked.",
                                response: Schemas.string, contentType: "text/plain")) { _, _ in
            let statuses = (try? await kernel.statuses()) ?? [:]
            var bytes = registry.emitToBuffer()
            ScrapeSeries.registry(statuses: statuses, process: .current()).emit(into: &bytes)
            return Response(status: .ok, headers: [.contentType: Self.contentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
