import Kernel
import Logging

/// Chooses the backend named by config (`auto` picks systemctl for now).
enum BackendSelection {
    /// The backend to use and why it was chosen.
    static func make(registry: PluginRegistry, config: AgentConfig, logger: Logger) async throws -> (any ServiceBackend, String) {
        guard config.backend == "auto" else {
            return (try await registry.makeBackend(config.backend, config: config, logger: logger), "configured: backend=\(config.backend)")
        }
        return (try await registry.makeBackend("systemctl", config: config, logger: logger), "auto: systemctl (select the D-Bus backend with backend=dbus; it becomes the automatic choice once its conformance suite passes)")
    }
}
