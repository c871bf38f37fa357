/// What an operator asks for: everything needed to generate an app's unit.
///
/// JSON keys are snake_case (docs/api.md). Optional fields have defaults that a
/// serious tool would choose; see the README's "App spec" section.
public struct AppSpec: Sendable, Equatable, Codable {
    /// Unique app name, `^[a-z][a-z0-9_-]{0,62}$`; the unit is `<name>.service`.
    public var name: String
    /// A runtime definition id (e.g. `nodejs`, `python-fastapi`).
    public var runtime: String
    /// Absolute path of the entry script (a regular file).
    public var scriptPath: String
    /// Working directory (an existing directory).
    public var workingDir: String
    /// System user the app runs as (must exist).
    public var user: String
    /// Arguments passed after the script; never interpreter options.
    public var args: [String]
    /// Environment variables for the app.
    public var environment: [String: String]
    /// TCP port the app listens on, if any.
    public var port: Int?
    /// systemd restart policy.
    public var restart: RestartPolicy
    /// Whether the unit is enabled at boot.
    public var enabled: Bool
    /// Resource limits (cgroup).
    public var limits: ResourceLimits?
    /// journald per-unit rate limit; defaults to `LogRateLimit.default`.
    public var logRateLimit: LogRateLimit?
    /// Optional health check run by the monitor.
    public var healthCheck: HealthCheck?

    public init(
        name: String, runtime: String, scriptPath: String, workingDir: String, user: String,
        args: [String] = [], environment: [String: String] = [:], port: Int? = nil,
        restart: RestartPolicy = .onFailure, enabled: Bool = false,
        limits: ResourceLimits? = nil, logRateLimit: LogRateLimit? = nil, healthCheck: HealthCheck? = nil
    ) {
        self.name = name
        self.runtime = runtime
        self.scriptPath = scriptPath
        self.workingDir = workingDir
        self.user = user
        self.args = args
        self.environment = environment
        self.port = port
        self.restart = restart
        self.enabled = enabled
        self.limits = limits
        self.logRateLimit = logRateLimit
        self.healthCheck = healthCheck
    }

    /// The systemd unit name for this app.
    public var unitName: String { Self.unitName(for: name) }

    /// The systemd unit name for an app name.
    public static func unitName(for name: String) -> String { "\(name).service" }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, runtime, args, environment, port, restart, enabled, limits, user
        case scriptPath = "script_path"
        case workingDir = "working_dir"
        case logRateLimit = "log_rate_limit"
        case healthCheck = "health_check"
        /// Accepted in place of `name` (the original API's spelling).
        case appName = "app_name"
    }

    /// Decodes a spec, refusing unknown keys; `app_name` is accepted for `name`.
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.name) || !c.contains(.appName) {
            name = try c.decode(String.self, forKey: .name)
        } else {
            name = try c.decode(String.self, forKey: .appName)
        }
        runtime = try c.decode(String.self, forKey: .runtime)
        scriptPath = try c.decode(String.self, forKey: .scriptPath)
        workingDir = try c.decode(String.self, forKey: .workingDir)
        user = try c.decode(String.self, forKey: .user)
        args = try c.decodeIfPresent([String].self, forKey: .args) ?? []
        environment = try c.decodeIfPresent([String: String].self, forKey: .environment) ?? [:]
        port = try c.decodeIfPresent(Int.self, forKey: .port)
        restart = try c.decodeIfPresent(RestartPolicy.self, forKey: .restart) ?? .onFailure
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? false
        limits = try c.decodeIfPresent(ResourceLimits.self, forKey: .limits)
        logRateLimit = try c.decodeIfPresent(LogRateLimit.self, forKey: .logRateLimit)
        healthCheck = try c.decodeIfPresent(HealthCheck.self, forKey: .healthCheck)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(runtime, forKey: .runtime)
        try c.encode(scriptPath, forKey: .scriptPath)
        try c.encode(workingDir, forKey: .workingDir)
        try c.encode(user, forKey: .user)
        try c.encode(args, forKey: .args)
        try c.encode(environment, forKey: .environment)
        try c.encodeIfPresent(port, forKey: .port)
        try c.encode(restart, forKey: .restart)
        try c.encode(enabled, forKey: .enabled)
        try c.encodeIfPresent(limits, forKey: .limits)
        try c.encodeIfPresent(logRateLimit, forKey: .logRateLimit)
        try c.encodeIfPresent(healthCheck, forKey: .healthCheck)
    }
}

/// systemd's `Restart=` choices offered to users.
public enum RestartPolicy: String, Sendable, Codable, CaseIterable {
    case no
    case onFailure = "on-failure"
    case always
}

/// cgroup limits written as `MemoryMax=` and `CPUQuota=`.
public struct ResourceLimits: Sendable, Equatable, Codable {
    /// e.g. `512M`, `2G`, `infinity`.
    public var memoryMax: String?
    /// e.g. `50%`, `200%`.
    public var cpuQuota: String?

    public init(memoryMax: String? = nil, cpuQuota: String? = nil) {
        self.memoryMax = memoryMax
        self.cpuQuota = cpuQuota
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case memoryMax = "memory_max"
        case cpuQuota = "cpu_quota"
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        memoryMax = try c.decodeIfPresent(String.self, forKey: .memoryMax)
        cpuQuota = try c.decodeIfPresent(String.self, forKey: .cpuQuota)
    }
}

/// journald's per-unit rate limit (`LogRateLimitIntervalSec=`, `LogRateLimitBurst=`).
///
/// journald silently drops a unit's lines past this limit, so the default is
/// generous: 100,000 lines per 30 s. There is no "unlimited": systemd 252
/// does not pass a 0 on to journald, which then applies its own default.
public struct LogRateLimit: Sendable, Equatable, Codable {
    /// Interval in seconds.
    public var intervalSeconds: Int
    /// Lines allowed per interval (1–10,000,000).
    public var burst: Int

    public init(intervalSeconds: Int, burst: Int) {
        self.intervalSeconds = intervalSeconds
        self.burst = burst
    }

    /// The default applied when a spec sets none.
    public static let `default` = LogRateLimit(intervalSeconds: 30, burst: 100_000)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case intervalSeconds = "interval_s"
        case burst
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        intervalSeconds = try c.decode(Int.self, forKey: .intervalSeconds)
        burst = try c.decode(Int.self, forKey: .burst)
    }
}
