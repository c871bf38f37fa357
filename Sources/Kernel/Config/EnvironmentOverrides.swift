/// `SIAX_*` environment variables that override configuration keys.
///
/// Lists take commas (`SIAX_TRANSPORTS=http,websocket`); booleans take
/// `true/false/1/0/yes/no`. A value that does not parse names its variable.
public enum EnvironmentOverrides {
    /// Variables read elsewhere (not configuration keys).
    public static let otherVariables: Set<String> = [
        "SIAX_CONFIG", "SIAX_ADMIN_TOKEN", "SIAX_SANDBOX", "SIAX_PLUGINS_DIR",
    ]

    /// Applies every `SIAX_*` override found in `environment`.
    public static func apply(_ environment: [String: String], to config: inout AgentConfig) throws {
        for (name, value) in environment where name.hasPrefix("SIAX_") && !otherVariables.contains(name) {
            try apply(name: name, value: value, to: &config)
        }
    }

    private static func apply(name: String, value: String, to c: inout AgentConfig) throws {
        switch name {
        case "SIAX_LISTEN": c.listen = value
        case "SIAX_STATE_DIR": c.stateDir = value
        case "SIAX_UNIT_DIR": c.unitDir = value
        case "SIAX_BACKEND": c.backend = value
        case "SIAX_USE_SUDO": c.useSudo = try bool(name, value)
        case "SIAX_TRANSPORTS": c.transports = list(value)
        case "SIAX_RUNTIME_DIRS": c.runtimeDirs = list(value)
        case "SIAX_LOG_LEVEL": c.logLevel = value
        case "SIAX_OPERATION_INTERVAL_S": c.operationIntervalS = try number(name, value)
        case "SIAX_OPERATION_TIMEOUT_S": c.operationTimeoutS = try number(name, value)
        case "SIAX_MONITOR_INTERVAL_S": c.monitorIntervalS = try number(name, value)
        case "SIAX_MAX_LOG_CONNECTIONS_PER_APP": c.maxLogConnectionsPerApp = Int(try number(name, value))
        case "SIAX_MAX_BODY_BYTES": c.maxBodyBytes = Int(try number(name, value))
        case "SIAX_HTTP_IDLE_TIMEOUT_S": c.httpIdleTimeoutS = try number(name, value)
        case "SIAX_ALLOW_ROOT_APPS": c.allowRootApps = try bool(name, value)
        case "SIAX_CLOUD_URL": c.cloud.url = value.isEmpty ? nil : value
        case "SIAX_CLOUD_TOKEN": c.cloud.token = value.isEmpty ? nil : value
        case "SIAX_CLOUD_INTERVAL_S": c.cloud.intervalS = try number(name, value)
        case "SIAX_WEBHOOK_SECRETS": c.webhook.secrets = list(value)
        default:
            // Test harness variables (SIAX_TEST_*, SIAX_REQUIRE_*) and typos are
            // not configuration; a typo shows up in `siax-agent config` output.
            break
        }
    }

    private static func list(_ value: String) -> [String] {
        value.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
    }

    private static func bool(_ name: String, _ value: String) throws -> Bool {
        switch value.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw SiaxError(.badRequest, "\(name): expected true or false, got '\(value)'", field: name)
        }
    }

    private static func number(_ name: String, _ value: String) throws -> Double {
        guard let number = Double(value) else {
            throw SiaxError(.badRequest, "\(name): expected a number, got '\(value)'", field: name)
        }
        return number
    }
}
