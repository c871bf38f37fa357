import CloudReporter
import DBusBackend
import Foundation
import Kernel
import SystemctlBackend
import Transports

/// The one place where backends and transports are registered; config picks
/// among them by name. A new transport is a target plus one line here.
enum Plugins {
    /// - Parameters:
    ///   - metrics: what `GET /metrics` renders; the kernel must record through the same factory.
    ///   - onListening: called once the `http` transport listens.
    static func registry(metrics: PrometheusMetrics, onListening: @escaping @Sendable () async -> Void) -> PluginRegistry {
        var registry = PluginRegistry()
        registry.registerBackend("systemctl") { config, logger in
            SystemctlBackend(configuration: .init(config), logger: logger)
        }
        registry.registerBackend("dbus") { config, logger in
            try await DBusBackend(configuration: .init(operationTimeout: .seconds(config.operationTimeoutS)), logger: logger)
        }
        registry.registerTransport("http") { kernel in
            try HTTPTransport(
                kernel: kernel, extraRoutes: kernel.config.runs("metrics") ? [MetricsRoutes(metrics: metrics)] : [],
                onListening: onListening)
        }
        registry.registerTransport("websocket") { try RouteFeatureTransport(name: "websocket", kernel: $0) }
        registry.registerTransport("webhook") { try RouteFeatureTransport(name: "webhook", kernel: $0) }
        registry.registerTransport("metrics") { try RouteFeatureTransport(name: "metrics", kernel: $0) }
        registry.registerTransport("cloud") { CloudReporter(kernel: $0) }
        return registry
    }
}

extension SystemctlBackend.Configuration {
    /// The systemctl backend's settings from the agent's configuration.
    init(_ config: AgentConfig) {
        self.init(useSudo: config.useSudo, operationTimeout: .seconds(config.operationTimeoutS), pollInterval: .seconds(config.monitorIntervalS))
    }
}
