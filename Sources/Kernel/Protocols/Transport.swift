import ServiceLifecycle

/// A long-running way in or out of the agent (the HTTP server, the cloud
/// reporter). It runs as a `Service` in the agent's group; parts of it (the
/// HTTP server's WebSocket streams, webhook, metrics, panel) are plugins of
/// their own, handed to it when it is built (`PluginRegistry.registerPart`).
public protocol Transport: Service {
    /// The name config uses to switch it on, e.g. `http`.
    var name: String { get }
}
