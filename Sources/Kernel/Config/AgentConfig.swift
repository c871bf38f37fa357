import Foundation

/// The agent's configuration. Every key has an embedded default, so the agent
/// starts with no file at all; see `ConfigLoader` for the file and `SIAX_*`
/// environment overrides.
public struct AgentConfig: Sendable, Equatable, Codable {
    /// `host:port` the HTTP transport listens on.
    public var listen = "127.0.0.1:8080"
    /// Where the registry, tokens, audit log, events and outbox live.
    public var stateDir = "/var/lib/siax-agent"
    /// Where generated units are written.
    public var unitDir = "/etc/systemd/system"
    /// `auto`, `systemctl` or `dbus`.
    public var backend = "auto"
    /// Run systemctl/journalctl through `sudo -n` (agent not running as root).
    public var useSudo = false
    /// Transports to run, by registered name; nil runs every registered transport.
    public var transports: [String]? = nil
    /// Extra directories of runtime definitions, loaded after the built-ins.
    public var runtimeDirs = ["/etc/siax-agent/runtimes.d"]
    /// `trace`, `debug`, `info`, `notice`, `warning`, `error`, `critical`.
    public var logLevel = "info"
    /// Minimum seconds between two operations on one app.
    public var operationIntervalS = 1.0
    /// Seconds to wait for systemd to finish an operation's job.
    public var operationTimeoutS = 90.0
    /// Seconds between two monitor passes.
    public var monitorIntervalS = 2.0
    /// Live log connections allowed per app.
    public var maxLogConnectionsPerApp = 10
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes = 1_048_576
    /// Whether apps may run as root (uid 0); refused by default.
    public var allowRootApps = false
    /// Seconds an HTTP connection may sit without a complete request part (slow
    /// headers, a body that never comes, an idle keep-alive) before it is closed.
    public var httpIdleTimeoutS = 30.0
    /// Cloud reporting.
    public var cloud = CloudConfig()
    /// Signed webhook commands.
    public var webhook = WebhookConfig()

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case listen, backend, transports, cloud, webhook
        case stateDir = "state_dir"
        case unitDir = "unit_dir"
        case useSudo = "use_sudo"
        case runtimeDirs = "runtime_dirs"
        case logLevel = "log_level"
        case operationIntervalS = "operation_interval_s"
        case operationTimeoutS = "operation_timeout_s"
        case monitorIntervalS = "monitor_interval_s"
        case maxLogConnectionsPerApp = "max_log_connections_per_app"
        case maxBodyBytes = "max_body_bytes"
        case httpIdleTimeoutS = "http_idle_timeout_s"
        case allowRootApps = "allow_root_apps"
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = AgentConfig.defaults
        listen = try c.decodeIfPresent(String.self, forKey: .listen) ?? d.listen
        stateDir = try c.decodeIfPresent(String.self, forKey: .stateDir) ?? d.stateDir
        unitDir = try c.decodeIfPresent(String.self, forKey: .unitDir) ?? d.unitDir
        backend = try c.decodeIfPresent(String.self, forKey: .backend) ?? d.backend
        useSudo = try c.decodeIfPresent(Bool.self, forKey: .useSudo) ?? d.useSudo
        transports = try c.decodeIfPresent([String].self, forKey: .transports) ?? d.transports
        runtimeDirs = try c.decodeIfPresent([String].self, forKey: .runtimeDirs) ?? d.runtimeDirs
        logLevel = try c.decodeIfPresent(String.self, forKey: .logLevel) ?? d.logLevel
        operationIntervalS = try c.decodeIfPresent(Double.self, forKey: .operationIntervalS) ?? d.operationIntervalS
        operationTimeoutS = try c.decodeIfPresent(Double.self, forKey: .operationTimeoutS) ?? d.operationTimeoutS
        monitorIntervalS = try c.decodeIfPresent(Double.self, forKey: .monitorIntervalS) ?? d.monitorIntervalS
        maxLogConnectionsPerApp = try c.decodeIfPresent(Int.self, forKey: .maxLogConnectionsPerApp) ?? d.maxLogConnectionsPerApp
        maxBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? d.maxBodyBytes
        httpIdleTimeoutS = try c.decodeIfPresent(Double.self, forKey: .httpIdleTimeoutS) ?? d.httpIdleTimeoutS
        allowRootApps = try c.decodeIfPresent(Bool.self, forKey: .allowRootApps) ?? d.allowRootApps
        cloud = try c.decodeIfPresent(CloudConfig.self, forKey: .cloud) ?? d.cloud
        webhook = try c.decodeIfPresent(WebhookConfig.self, forKey: .webhook) ?? d.webhook
    }

    /// The embedded defaults.
    public static let defaults = AgentConfig()

    /// Whether the transport registered as `name` runs: it is listed in `transports`, or that key is absent.
    public func runs(_ name: String) -> Bool {
        transports?.contains(name) ?? true
    }
}

/// Where and how often to push status reports.
public struct CloudConfig: Sendable, Equatable, Codable {
    /// Base URL of the SIAX cloud API; reporting is off when nil.
    public var url: String? = nil
    /// Bearer token for the cloud API.
    public var token: String? = nil
    /// Seconds between periodic reports.
    public var intervalS = 60.0
    /// Reports kept on disk while the cloud is unreachable.
    public var outboxMax = 1000

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url, token
        case intervalS = "interval_s"
        case outboxMax = "outbox_max"
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        token = try c.decodeIfPresent(String.self, forKey: .token)
        intervalS = try c.decodeIfPresent(Double.self, forKey: .intervalS) ?? 60
        outboxMax = try c.decodeIfPresent(Int.self, forKey: .outboxMax) ?? 1000
    }
}

/// Secrets and tolerance for signed webhook commands.
public struct WebhookConfig: Sendable, Equatable, Codable {
    /// `whsec_…` secrets; several allow rotation. Webhooks are refused when empty.
    public var secrets: [String] = []
    /// Largest accepted clock difference, in seconds.
    public var toleranceS = 300.0

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case secrets
        case toleranceS = "tolerance_s"
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        secrets = try c.decodeIfPresent([String].self, forKey: .secrets) ?? []
        toleranceS = try c.decodeIfPresent(Double.self, forKey: .toleranceS) ?? 300
    }
}
