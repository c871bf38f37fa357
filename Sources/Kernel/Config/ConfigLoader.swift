import Foundation

/// Builds the configuration: embedded defaults, then the JSON file, then
/// `SIAX_*` environment variables. Unknown keys and bad values stop start-up
/// with a `bad_request` error naming the key.
public enum ConfigLoader {
    /// The file read when no `--config` is given (missing is fine).
    public static let defaultPath = "/etc/siax-agent/config.json"

    /// Loads and validates the configuration.
    /// - Parameters:
    ///   - path: an explicit file (must exist), or nil for `defaultPath` if present.
    ///   - environment: usually `ProcessInfo.processInfo.environment`.
    public static func load(path: String?, environment: [String: String]) throws -> AgentConfig {
        var config = try readFile(path ?? environment["SIAX_CONFIG"], required: path != nil || environment["SIAX_CONFIG"] != nil)
        try EnvironmentOverrides.apply(environment, to: &config)
        try validate(config)
        return config
    }

    /// Parses a configuration from JSON text (used for the file and in tests).
    public static func parse(_ data: Data, source: String) throws -> AgentConfig {
        do {
            return try JSONDecoder().decode(AgentConfig.self, from: data)
        } catch let error as DecodingError {
            let (key, message) = StrictKeys.describe(error)
            throw SiaxError(.badRequest, "\(source): key '\(key.isEmpty ? "(top level)" : key)': \(message)", field: key)
        }
    }

    private static func readFile(_ path: String?, required: Bool) throws -> AgentConfig {
        let file = path ?? defaultPath
        guard FileManager.default.fileExists(atPath: file) else {
            if required { throw SiaxError(.badRequest, "configuration file \(file) does not exist", field: "config") }
            return AgentConfig()
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw SiaxError(.badRequest, "configuration file \(file) is not readable", field: "config")
        }
        return try parse(data, source: file)
    }

    /// Checks values that decode but make no sense.
    public static func validate(_ config: AgentConfig) throws {
        func bad(_ key: String, _ message: String) -> SiaxError {
            SiaxError(.badRequest, "configuration key '\(key)': \(message)", field: key)
        }
        guard ListenAddress(config.listen) != nil else { throw bad("listen", "expected host:port, got '\(config.listen)'") }
        guard ["auto", "systemctl", "dbus"].contains(config.backend) else {
            throw bad("backend", "expected auto, systemctl or dbus, got '\(config.backend)'")
        }
        for (key, path) in [("state_dir", config.stateDir), ("unit_dir", config.unitDir)] where !path.hasPrefix("/") {
            throw bad(key, "must be an absolute path")
        }
        for (index, dir) in config.runtimeDirs.enumerated() where !dir.hasPrefix("/") {
            throw bad("runtime_dirs[\(index)]", "must be an absolute path")
        }
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(config.logLevel) else {
            throw bad("log_level", "expected trace, debug, info, notice, warning, error or critical")
        }
        let positives: [(String, Double)] = [
            ("operation_interval_s", config.operationIntervalS), ("operation_timeout_s", config.operationTimeoutS),
            ("monitor_interval_s", config.monitorIntervalS), ("cloud.interval_s", config.cloud.intervalS),
            ("webhook.tolerance_s", config.webhook.toleranceS), ("http_idle_timeout_s", config.httpIdleTimeoutS),
        ]
        for (key, value) in positives where !(value > 0 && value.isFinite) { throw bad(key, "must be a positive number") }
        for (key, value) in [("max_log_connections_per_app", config.maxLogConnectionsPerApp),
                             ("max_body_bytes", config.maxBodyBytes), ("cloud.outbox_max", config.cloud.outboxMax)]
        where value < 1 {
            throw bad(key, "must be at least 1")
        }
        if let url = config.cloud.url, URL(string: url)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw bad("cloud.url", "must be an http or https URL")
        }
        for (index, secret) in config.webhook.secrets.enumerated() where !secret.hasPrefix("whsec_") {
            throw bad("webhook.secrets[\(index)]", "must start with whsec_")
        }
    }
}
