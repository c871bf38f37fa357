import CoreMetrics
import Kernel
import Prometheus

/// The agent's metrics in Prometheus form: the swift-metrics factory that the
/// modules record through (hand it to `AgentKernel` as `metrics`), backed by
/// one collector registry that `GET /metrics` renders.
///
/// Unlike swift-prometheus's own factory it gives every series the help text
/// of its `MetricDescription`, so that the exposition passes `promtool check metrics`.
public struct PrometheusMetrics: MetricsFactory {
    /// Where the recorded series live.
    public let registry: PrometheusCollectorRegistry
    private let described: [String: MetricDescription]

    /// Latency buckets: from a cached list (about a millisecond) to an operation waiting for systemd.
    static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
        .seconds(5), .seconds(10), .seconds(30), .seconds(90),
    ]
    /// Buckets for aggregated recorders.
    static let valueBuckets: [Double] = [1, 10, 100, 1_000, 10_000, 100_000]

    /// A factory recording into `registry` (a new one by default).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        described = Dictionary(MetricDescription.all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The descriptor of `label`; a label missing from `MetricDescription.all` gets no help text.
    private func descriptor(_ label: String) -> MetricNameDescriptor {
        (described[label] ?? MetricDescription(label, help: "")).descriptor
    }

    // MARK: - MetricsFactory

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else { return registry.makeGauge(descriptor: descriptor(label), labels: dimensions) }
        return registry.makeValueHistogram(descriptor: descriptor(label), labels: dimensions, buckets: Self.valueBuckets)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        registry.makeDurationHistogram(descriptor: descriptor(label), labels: dimensions, buckets: Self.durationBuckets)
    }

    public func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    public func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    public func destroyRecorder(_ handler: any RecorderHandler) {
        switch handler {
        case let gauge as Prometheus.Gauge: registry.unregisterGauge(gauge)
        case let histogram as ValueHistogram: registry.unregisterValueHistogram(histogram)
        default: break
        }
    }

    public func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}
