import Kernel

/// The `http` transport's keys: where it listens, the largest body, the idle timeout.
public struct HTTPSettings: PluginSettings, Equatable {
    /// `host:port` the server listens on.
    public var listen = "127.0.0.1:8080"
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes = 1_048_576
    /// Seconds an HTTP connection may sit without a complete request part (slow
    /// headers, a body that never comes, an idle keep-alive) before it is closed.
    public var httpIdleTimeoutS = 75.0

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case listen
        case maxBodyBytes = "max_body_bytes"
        case httpIdleTimeoutS = "http_idle_timeout_s"
    }

    public static let keys = CodingKeys.allCases.map(\.rawValue)

    public static let environment: [EnvironmentOverride] = [
        .init("SIAX_LISTEN", "listen", .string),
        .init("SIAX_MAX_BODY_BYTES", "max_body_bytes", .integer),
        .init("SIAX_HTTP_IDLE_TIMEOUT_S", "http_idle_timeout_s", .number),
    ]

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: Self.keys)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = HTTPSettings()
        listen = try c.decodeIfPresent(String.self, forKey: .listen) ?? d.listen
        maxBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? d.maxBodyBytes
        httpIdleTimeoutS = try c.decodeIfPresent(Double.self, forKey: .httpIdleTimeoutS) ?? d.httpIdleTimeoutS
    }

    public func validate() throws {
        guard ListenAddress(listen) != nil else { throw ConfigLoader.invalid("listen", "expected host:port, got '\(listen)'") }
        guard maxBodyBytes >= 1 else { throw ConfigLoader.invalid("max_body_bytes", "must be at least 1") }
        guard httpIdleTimeoutS > 0, httpIdleTimeoutS.isFinite else {
            throw ConfigLoader.invalid("http_idle_timeout_s", "must be a positive number")
        }
    }
}
