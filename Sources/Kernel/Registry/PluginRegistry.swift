import Logging

/// Maps the names config uses (`"backend": "dbus"`, `"transports": ["http"]`)
/// to factories. The executable registers every factory explicitly, in one
/// place; config then picks among them by name.
public struct PluginRegistry: Sendable {
    /// Builds a backend from the configuration.
    public typealias BackendFactory = @Sendable (AgentConfig, Logger) async throws -> any ServiceBackend
    /// Builds a transport around the assembled kernel.
    public typealias TransportFactory = @Sendable (AgentKernel) throws -> any Transport

    private var backendFactories: [(name: String, make: BackendFactory)] = []
    private var transportFactories: [(name: String, make: TransportFactory)] = []

    public init() {}

    /// Adds a backend under `name`; a second registration of a name replaces the first.
    public mutating func registerBackend(_ name: String, _ make: @escaping BackendFactory) {
        backendFactories.removeAll { $0.name == name }
        backendFactories.append((name, make))
    }

    /// Adds a transport under `name`; a second registration of a name replaces the first.
    public mutating func registerTransport(_ name: String, _ make: @escaping TransportFactory) {
        transportFactories.removeAll { $0.name == name }
        transportFactories.append((name, make))
    }

    /// Registered backend names, in registration order.
    public var backendNames: [String] { backendFactories.map(\.name) }
    /// Registered transport names, in registration order.
    public var transportNames: [String] { transportFactories.map(\.name) }

    /// Builds the backend registered as `name`.
    public func makeBackend(_ name: String, config: AgentConfig, logger: Logger) async throws -> any ServiceBackend {
        guard let factory = backendFactories.first(where: { $0.name == name }) else {
            throw SiaxError(.badRequest, "configuration key 'backend': no backend named '\(name)'; registered: \(backendNames.joined(separator: ", "))", field: "backend")
        }
        return try await factory.make(config, logger)
    }

    /// Builds the transports `names` asks for (every registered one when nil).
    public func makeTransports(_ names: [String]?, kernel: AgentKernel) throws -> [any Transport] {
        let wanted = names ?? transportNames
        return try wanted.enumerated().map { index, name in
            guard let factory = transportFactories.first(where: { $0.name == name }) else {
                throw SiaxError(.badRequest, "configuration key 'transports[\(index)]': no transport named '\(name)'; registered: \(transportNames.joined(separator: ", "))", field: "transports[\(index)]")
            }
            return try factory.make(kernel)
        }
    }
}
