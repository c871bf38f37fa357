import Kernel
import Logging

/// Chooses the backend named by config (`auto` picks the best registered one).
enum BackendSelection {
    /// The backend to use and why it was chosen.
    static func make(registry: PluginRegistry, config: AgentConfig, logger: Logger) async throws -> (any ServiceBackend, String) {
        guard config.backend == "auto" else {
            return (try await registry.makeBackend(config.backend, config: config, logger: logger), "configured: backend=\(config.backend)")
        }
        if registry.backendNames.contains("dbus") {
            do {
                return (try await registry.makeBackend("dbus", config: config, logger: logger), "auto: the system bus answered")
            } catch {
                let backend = try await registry.makeBackend("systemctl", config: config, logger: logger)
                return (backend, "auto: the system bus did not answer (\(error)); falling back to systemctl")
            }
        }
        return (try await registry.makeBackend("systemctl", config: config, logger: logger), "auto: systemctl (the only backend built in)")
    }
}
