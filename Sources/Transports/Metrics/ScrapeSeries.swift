import Kernel
import Prometheus

/// Series read at scrape time, into a registry of their own built per
/// scrape (so a deleted app's series leave with it): each app's state, CPU,
/// memory and restarts from the Kernel's statuses, and the agent's own process.
enum ScrapeSeries {
    static let state = MetricDescription(
        "siax_app_state", help: "1 for the app's current state, 0 for each other state (running, stopped, crashed, ...).")
    static let cpu = MetricDescription("siax_app_cpu_percent", help: "CPU use of the app's processes, in percent of one core.")
    static let memory = MetricDescription("siax_app_memory_bytes", help: "Memory of the app's processes (its cgroup), in bytes.")
    static let restarts = MetricDescription(
        "siax_app_restarts", help: "Automatic restarts by systemd since the app was last started by hand (NRestarts).")
    static let residentMemory = MetricDescription("process_resident_memory_bytes", help: "Resident memory of the agent, in bytes.")
    static let cpuSeconds = MetricDescription("process_cpu_seconds_total", help: "User and system CPU time of the agent, in seconds.")

    /// A registry holding the series of `statuses` (by app name) and `process`.
    static func registry(statuses: [String: AppStatus], process: AgentProcess) -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        for (app, status) in statuses {
            for candidate in AppState.allCases {
                registry.makeGauge(descriptor: state.descriptor, labels: [("app", app), ("state", candidate.rawValue)])
                    .set(to: candidate == status.state ? 1 : 0)
            }
            if let percent = status.cpuPercent {
                registry.makeGauge(descriptor: cpu.descriptor, labels: [("app", app)]).set(to: percent)
            }
            if let bytes = status.memoryBytes {
                registry.makeGauge(descriptor: memory.descriptor, labels: [("app", app)]).set(to: Double(bytes))
            }
            registry.makeGauge(descriptor: restarts.descriptor, labels: [("app", app)]).set(to: Double(status.restarts))
        }
        if let bytes = process.residentBytes { registry.makeGauge(descriptor: residentMemory.descriptor).set(to: bytes) }
        registry.makeCounter(descriptor: cpuSeconds.descriptor).increment(by: process.cpuSeconds)
        return registry
    }
}

extension MetricDescription {
    /// The swift-prometheus descriptor: the full name, and the help text for `# HELP`.
    var descriptor: MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
