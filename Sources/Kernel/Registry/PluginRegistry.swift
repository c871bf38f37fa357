import Logging

/// Maps the names config uses (`"backend": "dbus"`, `"transports": ["http"]`)
/// to plugins. The executable registers every plugin explicitly, in one place;
/// config then picks among them by name.
///
/// A plugin declares its name, its settings (`PluginSettings`: the keys it
/// owns and their `SIAX_*` variables) and what it contributes: a backend, a
/// transport (a service), or a part of a transport — e.g. a group of routes on
/// the `http` server — that the transport receives when it is built.
public struct PluginRegistry: Sendable {
    /// Builds a backend from the configuration.
    typealias BackendFactory = @Sendable (AgentConfig, Logger) async throws -> any ServiceBackend
    /// Builds a transport around the assembled kernel and the parts given to it.
    typealias TransportFactory = @Sendable (AgentKernel, [any Sendable]) throws -> any Transport
    /// Builds a part of a transport; nil when its own settings leave it out.
    typealias PartFactory = @Sendable (AgentKernel) throws -> (any Sendable)?

    /// A part of the transport `host`.
    private struct Part: Sendable {
        let name: String
        let host: String
        /// Whether `transports` switches it; when false it runs with its host.
        let listed: Bool
        let make: PartFactory
    }

    private var backendFactories: [(name: String, make: BackendFactory)] = []
    private var transportFactories: [(name: String, make: TransportFactory)] = []
    private var parts: [Part] = []
    /// Every registered plugin's settings, by plugin name.
    private var settingsByName: [(name: String, type: any PluginSettings.Type)] = []

    public init() {}

    /// Adds a backend under `name`; a second registration of a name replaces the first.
    public mutating func registerBackend<Settings: PluginSettings>(
        _ name: String, settings: Settings.Type,
        _ make: @escaping @Sendable (Settings, AgentConfig, Logger) async throws -> any ServiceBackend
    ) {
        backendFactories.removeAll { $0.name == name }
        backendFactories.append((name, { config, logger in try await make(try config.settings(Settings.self), config, logger) }))
        addSettings(name, settings)
    }

    /// Adds a transport under `name`; a second registration of a name replaces the first.
    /// `make` receives the parts registered for it (`registerPart(of:)`) that run.
    public mutating func registerTransport<Settings: PluginSettings>(
        _ name: String, settings: Settings.Type,
        _ make: @escaping @Sendable (Settings, AgentKernel, [any Sendable]) throws -> any Transport
    ) {
        transportFactories.removeAll { $0.name == name }
        transportFactories.append((name, { kernel, parts in try make(try kernel.config.settings(Settings.self), kernel, parts) }))
        addSettings(name, settings)
    }

    /// Adds `name`, a part of the transport `host` (e.g. routes on the `http` server).
    ///
    /// - Parameter listed: true when `transports` names it to switch it on (with no `transports`
    ///   key every part runs); false when it runs whenever its host runs and its own settings
    ///   can leave it out (`make` returns nil).
    public mutating func registerPart<Settings: PluginSettings>(
        _ name: String, of host: String, listed: Bool = true, settings: Settings.Type,
        _ make: @escaping @Sendable (Settings, AgentKernel) throws -> (any Sendable)?
    ) {
        parts.removeAll { $0.name == name }
        parts.append(Part(name: name, host: host, listed: listed, make: { kernel in try make(try kernel.config.settings(Settings.self), kernel) }))
        addSettings(name, settings)
    }

    private mutating func addSettings(_ name: String, _ type: any PluginSettings.Type) {
        settingsByName.removeAll { $0.name == name }
        settingsByName.append((name, type))
    }

    /// Registered backend names, in registration order.
    public var backendNames: [String] { backendFactories.map(\.name) }
    /// Names `transports` may list, in registration order: transports and their listed parts.
    public var transportNames: [String] { transportFactories.map(\.name) + parts.filter(\.listed).map(\.name) }
    /// The settings of every registered plugin, for `ConfigLoader` (each type once).
    public var settings: [any PluginSettings.Type] {
        var seen = Set<ObjectIdentifier>()
        return settingsByName.map(\.type).filter { seen.insert(ObjectIdentifier($0)).inserted }
    }

    /// Builds the backend registered as `name`.
    public func makeBackend(_ name: String, config: AgentConfig, logger: Logger) async throws -> any ServiceBackend {
        guard let factory = backendFactories.first(where: { $0.name == name }) else {
            throw SiaxError(.badRequest, "configuration key 'backend': no backend named '\(name)'; registered: \(backendNames.joined(separator: ", "))", field: "backend")
        }
        return try await factory.make(config, logger)
    }

    /// Builds the transports `names` asks for (every registered one when nil), each with its parts that run.
    /// A listed part whose transport is not listed is refused.
    public func makeTransports(_ names: [String]?, kernel: AgentKernel) throws -> [any Transport] {
        let wanted = names ?? transportNames
        for (index, name) in wanted.enumerated() where !transportNames.contains(name) {
            throw SiaxError(.badRequest, "configuration key 'transports[\(index)]': no transport named '\(name)'; registered: \(transportNames.joined(separator: ", "))", field: "transports[\(index)]")
        }
        for part in parts where part.listed && wanted.contains(part.name) && !wanted.contains(part.host) {
            throw SiaxError(
                .badRequest, "configuration key 'transports': '\(part.name)' is part of the '\(part.host)' transport; list '\(part.host)' too",
                field: "transports")
        }
        return try transportFactories.filter { wanted.contains($0.name) }.map { transport in
            let running = parts.filter { $0.host == transport.name && (!$0.listed || wanted.contains($0.name)) }
            return try transport.make(kernel, try running.compactMap { try $0.make(kernel) })
        }
    }
}
