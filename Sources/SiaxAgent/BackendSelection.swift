import Kernel
import Logging

/// Chooses the backend named by config; `auto` is D-Bus when systemd answers
/// on the system bus, else the systemctl subprocess backend.
enum BackendSelection {
    /// The backend to use and why it was chosen.
    static func make(registry: PluginRegistry, config: AgentConfig, logger: Logger) async throws -> (any ServiceBackend, String) {
        guard config.backend == "auto" else {
            return (try await registry.makeBackend(config.backend, config: config, logger: logger), "configured: backend=\(config.backend)")
        }
        do {
            return (try await registry.makeBackend("dbus", config: config, logger: logger), "auto: systemd answers on the system bus")
        } catch {
            let reason = (error as? SiaxError)?.message ?? "\(error)"
            return (try await registry.makeBackend("systemctl", config: config, logger: logger), "auto: D-Bus unavailable (\(reason)); using systemctl")
        }
    }
}
