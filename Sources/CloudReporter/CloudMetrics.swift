import CoreMetrics
import Kernel

/// What the cloud reporter records: deliveries by result and the outbox's depth.
struct CloudMetrics {
    let delivered: Counter
    let failed: Counter
    let refused: Counter
    let outbox: Gauge

    init(factory: any MetricsFactory) {
        func reports(_ result: String) -> Counter {
            Counter(label: MetricDescription.cloudReports.name, dimensions: [("result", result)], factory: factory)
        }
        delivered = reports("delivered")
        failed = reports("failed")
        refused = reports("refused")
        outbox = Gauge(label: MetricDescription.cloudOutbox.name, factory: factory)
    }
}
