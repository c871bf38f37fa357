import Foundation

/// Builds the configuration: embedded defaults, then the JSON file, then
/// `SIAX_*` environment variables. The Kernel decodes its own keys; every
/// other top-level key must belong to a registered plugin, which decodes and
/// checks it (`PluginSettings`). Unknown keys and bad values stop start-up
/// with a `bad_request` error naming the key.
public enum ConfigLoader {
    /// The file read when no `--config` is given (missing is fine).
    public static let defaultPath = "/etc/siax-agent/config.json"

    /// Loads and validates the configuration.
    /// - Parameters:
    ///   - path: an explicit file (must exist), or nil for `defaultPath` if present.
    ///   - environment: usually `ProcessInfo.processInfo.environment`.
    ///   - plugins: the settings of every registered plugin (`PluginRegistry.settings`).
    public static func load(path: String?, environment: [String: String], plugins: [any PluginSettings.Type]) throws -> AgentConfig {
        let file = path ?? environment["SIAX_CONFIG"]
        var document = try readFile(file, required: file != nil)
        try EnvironmentOverrides.apply(environment, EnvironmentOverrides.kernel + plugins.flatMap { $0.environment }, to: &document)
        let config = try parse(document, source: file ?? defaultPath, plugins: plugins)
        try validate(config)
        for plugin in plugins { try check(plugin, in: config) }
        return config
    }

    /// Parses a configuration from JSON text (used for the file and in tests).
    public static func parse(_ data: Data, source: String, plugins: [any PluginSettings.Type]) throws -> AgentConfig {
        try parse(try decode(ConfigValue.self, from: data, source: source), source: source, plugins: plugins)
    }

    /// The Kernel's keys decoded; every other key kept raw for the plugin that owns it.
    private static func parse(_ document: ConfigValue, source: String, plugins: [any PluginSettings.Type]) throws -> AgentConfig {
        guard case .object(let members) = document else {
            throw SiaxError(.badRequest, "\(source): key '(top level)': expected an object", field: "")
        }
        let owned = Set(plugins.flatMap { $0.keys })
        for key in members.keys.sorted() where !AgentConfig.keys.contains(key) && !owned.contains(key) {
            let known = (AgentConfig.keys + owned).sorted().joined(separator: ", ")
            throw SiaxError(.badRequest, "\(source): key '\(key)': unknown key; known keys: \(known)", field: key)
        }
        var config = try decode(AgentConfig.self, from: JSONEncoder().encode(members.filter { AgentConfig.keys.contains($0.key) }), source: source)
        config.sections = members.filter { owned.contains($0.key) }
        for plugin in plugins {
            do {
                _ = try config.settings(plugin)
            } catch let error as DecodingError {
                throw describe(error, source: source)
            }
        }
        return config
    }

    private static func decode<Value: Decodable>(_ type: Value.Type, from data: Data, source: String) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw describe(error, source: source)
        }
    }

    private static func describe(_ error: DecodingError, source: String) -> SiaxError {
        let (key, message) = StrictKeys.describe(error)
        return SiaxError(.badRequest, "\(source): key '\(key.isEmpty ? "(top level)" : key)': \(message)", field: key)
    }

    private static func readFile(_ path: String?, required: Bool) throws -> ConfigValue {
        let file = path ?? defaultPath
        guard FileManager.default.fileExists(atPath: file) else {
            if required { throw SiaxError(.badRequest, "configuration file \(file) does not exist", field: "config") }
            return .object([:])
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw SiaxError(.badRequest, "configuration file \(file) is not readable", field: "config")
        }
        return try decode(ConfigValue.self, from: data, source: file)
    }

    /// A value that decodes but makes no sense, naming its key (`cloud.interval_s`).
    public static func invalid(_ key: String, _ message: String) -> SiaxError {
        SiaxError(.badRequest, "configuration key '\(key)': \(message)", field: key)
    }

    /// Checks a plugin's values that decode but make no sense (they decoded in `parse`).
    private static func check<Settings: PluginSettings>(_ type: Settings.Type, in config: AgentConfig) throws {
        try config.settings(type).validate()
    }

    /// Checks the Kernel's values that decode but make no sense.
    public static func validate(_ config: AgentConfig) throws {
        guard ["auto", "systemctl", "dbus"].contains(config.backend) else {
            throw invalid("backend", "expected auto, systemctl or dbus, got '\(config.backend)'")
        }
        for (key, path) in [("state_dir", config.stateDir), ("unit_dir", config.unitDir)] where !path.hasPrefix("/") {
            throw invalid(key, "must be an absolute path")
        }
        for (index, dir) in config.runtimeDirs.enumerated() where !dir.hasPrefix("/") {
            throw invalid("runtime_dirs[\(index)]", "must be an absolute path")
        }
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(config.logLevel) else {
            throw invalid("log_level", "expected trace, debug, info, notice, warning, error or critical")
        }
        let positives: [(String, Double)] = [
            ("operation_interval_s", config.operationIntervalS), ("operation_timeout_s", config.operationTimeoutS),
            ("monitor_interval_s", config.monitorIntervalS),
        ]
        for (key, value) in positives where !(value > 0 && value.isFinite) { throw invalid(key, "must be a positive number") }
    }
}
