/// An optional per-app health check: HTTP GET or TCP connect.
public struct HealthCheck: Sendable, Equatable, Codable {
    /// How to probe.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case http, tcp
    }

    public var type: Kind
    /// Port to probe; the app's `port` when nil.
    public var port: Int?
    /// HTTP path (http only), default `/`.
    public var path: String
    /// Seconds between probes.
    public var intervalSeconds: Double
    /// Seconds before a probe counts as failed.
    public var timeoutSeconds: Double
    /// Consecutive failures before the app is unhealthy.
    public var failureThreshold: Int
    /// Restart the app (through the Lifecycle) when it becomes unhealthy.
    public var restartOnFailure: Bool

    public init(
        type: Kind, port: Int? = nil, path: String = "/", intervalSeconds: Double = 10, timeoutSeconds: Double = 2,
        failureThreshold: Int = 3, restartOnFailure: Bool = false
    ) {
        self.type = type
        self.port = port
        self.path = path
        self.intervalSeconds = intervalSeconds
        self.timeoutSeconds = timeoutSeconds
        self.failureThreshold = failureThreshold
        self.restartOnFailure = restartOnFailure
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case type, port, path
        case intervalSeconds = "interval_s"
        case timeoutSeconds = "timeout_s"
        case failureThreshold = "failure_threshold"
        case restartOnFailure = "restart_on_failure"
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(Kind.self, forKey: .type)
        port = try c.decodeIfPresent(Int.self, forKey: .port)
        path = try c.decodeIfPresent(String.self, forKey: .path) ?? "/"
        intervalSeconds = try c.decodeIfPresent(Double.self, forKey: .intervalSeconds) ?? 10
        timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? 2
        failureThreshold = try c.decodeIfPresent(Int.self, forKey: .failureThreshold) ?? 3
        restartOnFailure = try c.decodeIfPresent(Bool.self, forKey: .restartOnFailure) ?? false
    }
}
