import Foundation

/// The Kernel's configuration: its own keys, each with an embedded default so
/// the agent starts with no file at all, and — raw, in `sections` — the keys
/// the plugins own (`listen`, `cloud`, `webhook`, …), which each plugin decodes
/// itself (`PluginSettings`). See `ConfigLoader` for the file and `SIAX_*`
/// environment overrides.
public struct AgentConfig: Sendable, Equatable, Codable {
    /// Where the registry, tokens, audit log, events and outbox live.
    public var stateDir = "/var/lib/siax-agent"
    /// Where generated units are written.
    public var unitDir = "/etc/systemd/system"
    /// `auto`, `systemctl` or `dbus`.
    public var backend = "auto"
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
    /// Whether apps may run as root (uid 0); refused by default.
    public var allowRootApps = false
    /// The plugins' keys as read (file, then environment), by top-level key; see `settings(_:)`.
    public var sections: [String: ConfigValue] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case backend, transports
        case stateDir = "state_dir"
        case unitDir = "unit_dir"
        case runtimeDirs = "runtime_dirs"
        case logLevel = "log_level"
        case operationIntervalS = "operation_interval_s"
        case operationTimeoutS = "operation_timeout_s"
        case monitorIntervalS = "monitor_interval_s"
        case allowRootApps = "allow_root_apps"
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = AgentConfig.defaults
        stateDir = try c.decodeIfPresent(String.self, forKey: .stateDir) ?? d.stateDir
        unitDir = try c.decodeIfPresent(String.self, forKey: .unitDir) ?? d.unitDir
        backend = try c.decodeIfPresent(String.self, forKey: .backend) ?? d.backend
        transports = try c.decodeIfPresent([String].self, forKey: .transports) ?? d.transports
        runtimeDirs = try c.decodeIfPresent([String].self, forKey: .runtimeDirs) ?? d.runtimeDirs
        logLevel = try c.decodeIfPresent(String.self, forKey: .logLevel) ?? d.logLevel
        operationIntervalS = try c.decodeIfPresent(Double.self, forKey: .operationIntervalS) ?? d.operationIntervalS
        operationTimeoutS = try c.decodeIfPresent(Double.self, forKey: .operationTimeoutS) ?? d.operationTimeoutS
        monitorIntervalS = try c.decodeIfPresent(Double.self, forKey: .monitorIntervalS) ?? d.monitorIntervalS
        allowRootApps = try c.decodeIfPresent(Bool.self, forKey: .allowRootApps) ?? d.allowRootApps
    }

    /// The embedded defaults.
    public static let defaults = AgentConfig()

    /// The Kernel's own keys.
    public static let keys = CodingKeys.allCases.map(\.rawValue)

    /// A plugin's settings, decoded from the keys it owns.
    public func settings<Settings: PluginSettings>(_ type: Settings.Type) throws -> Settings {
        let owned = sections.filter { Settings.keys.contains($0.key) }
        return try JSONDecoder().decode(Settings.self, from: JSONEncoder().encode(ConfigValue.object(owned)))
    }

    /// Changes a plugin's settings (tests, and code that builds a configuration).
    public mutating func update<Settings: PluginSettings>(_ type: Settings.Type, _ change: (inout Settings) -> Void) throws {
        var settings = try self.settings(type)
        change(&settings)
        guard case .object(let owned) = try JSONDecoder().decode(ConfigValue.self, from: JSONEncoder().encode(settings)) else { return }
        sections.merge(owned) { _, new in new }
    }
}
