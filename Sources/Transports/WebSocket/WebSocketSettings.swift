import Kernel

/// The `websocket` part's key: live log connections allowed per app.
public struct WebSocketSettings: PluginSettings, Equatable {
    /// Live log connections allowed per app; one more is refused with 429.
    public var maxLogConnectionsPerApp = 10

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxLogConnectionsPerApp = "max_log_connections_per_app"
    }

    public static let keys = CodingKeys.allCases.map(\.rawValue)

    public static let environment: [EnvironmentOverride] = [
        .init("SIAX_MAX_LOG_CONNECTIONS_PER_APP", "max_log_connections_per_app", .integer),
    ]

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: Self.keys)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxLogConnectionsPerApp = try c.decodeIfPresent(Int.self, forKey: .maxLogConnectionsPerApp) ?? WebSocketSettings().maxLogConnectionsPerApp
    }

    public func validate() throws {
        guard maxLogConnectionsPerApp >= 1 else { throw ConfigLoader.invalid("max_log_connections_per_app", "must be at least 1") }
    }
}
