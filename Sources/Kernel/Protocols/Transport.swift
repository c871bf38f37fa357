import ServiceLifecycle

/// A long-running way in or out of the agent (HTTP, WebSocket, webhook,
/// cloud reporter, metrics). It runs as a `Service` in the agent's group.
public protocol Transport: Service {
    /// The name config uses to switch it on, e.g. `http`.
    var name: String { get }
}
