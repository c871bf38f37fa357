import CloudReporter
import DBusBackend
import Foundation
import HTTPCore
import Kernel
import MetricsEndpoint
import SystemctlBackend
import WebPanel
import WebSocketStreams
import Webhooks

/// The one place where backends and transports are registered; config picks
/// among them by name, and each plugin reads its own keys of the configuration.
/// A new transport is a target plus one line here.
enum Plugins {
    /// - Parameters:
    ///   - metrics: what `GET /metrics` renders; the kernel must record through the same factory.
    ///   - onListening: called with `host:port` once the `http` transport listens.
    static func registry(metrics: PrometheusMetrics, onListening: @escaping @Sendable (String) async -> Void) -> PluginRegistry {
        var registry = PluginRegistry()
        registry.registerBackend("systemctl", settings: SystemctlSettings.self) { settings, config, logger in
            SystemctlBackend(configuration: .init(settings, config), logger: logger)
        }
        registry.registerBackend("dbus", settings: NoSettings.self) { _, config, logger in
            try await DBusBackend(configuration: .init(operationTimeout: .seconds(config.operationTimeoutS)), logger: logger)
        }
        registry.registerTransport("http", settings: HTTPSettings.self) { settings, kernel, parts in
            try HTTPTransport(
                kernel: kernel, settings: settings, parts: parts.compactMap { $0 as? any APIRouteProvider }, onListening: onListening)
        }
        registry.registerPart("websocket", of: "http", settings: WebSocketSettings.self) { settings, _ in WebSocketRoutes(settings: settings) }
        registry.registerPart("webhook", of: "http", settings: WebhookSettings.self) { try WebhookRoutes(settings: $0, kernel: $1) }
        registry.registerPart("metrics", of: "http", settings: NoSettings.self) { _, _ in MetricsRoutes(metrics: metrics) }
        registry.registerPart("panel", of: "http", listed: false, settings: PanelSettings.self) { settings, _ in
            settings.panel.enabled ? try PanelRoutes() : nil
        }
        registry.registerTransport("cloud", settings: CloudSettings.self) { settings, kernel, _ in CloudReporter(kernel: kernel, settings: settings) }
        return registry
    }

    /// The settings of every registered plugin, for loading the configuration.
    static var settings: [any PluginSettings.Type] { registry(metrics: PrometheusMetrics(), onListening: { _ in }).settings }
}

extension SystemctlBackend.Configuration {
    /// The systemctl backend's settings from its own key and the Kernel's timings.
    init(_ settings: SystemctlSettings, _ config: AgentConfig) {
        self.init(useSudo: settings.useSudo, operationTimeout: .seconds(config.operationTimeoutS), pollInterval: .seconds(config.monitorIntervalS))
    }
}
