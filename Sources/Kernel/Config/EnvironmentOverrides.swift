/// A `SIAX_*` environment variable that sets one configuration key.
///
/// Lists take commas (`SIAX_TRANSPORTS=http,websocket`); booleans take
/// `true/false/1/0/yes/no/on/off`. A value that does not parse names its variable.
public struct EnvironmentOverride: Sendable {
    /// How the variable's text becomes a JSON value.
    public enum Kind: Sendable {
        case string
        /// A string; empty removes the key (its default applies).
        case optionalString
        case bool
        case integer
        case number
        case list
    }

    /// The variable, e.g. `SIAX_CLOUD_URL`.
    public let variable: String
    /// The key it sets, dotted for a section's key (`cloud.url`).
    public let key: String
    public let kind: Kind

    public init(_ variable: String, _ key: String, _ kind: Kind) {
        self.variable = variable
        self.key = key
        self.kind = kind
    }

    /// The JSON value of `text`; nil removes the key.
    func value(_ text: String) throws -> ConfigValue? {
        switch kind {
        case .string: return .string(text)
        case .optionalString: return text.isEmpty ? nil : .string(text)
        case .list: return .array(text.split(whereSeparator: { $0 == "," || $0 == " " }).map { .string(String($0)) })
        case .bool:
            switch text.lowercased() {
            case "1", "true", "yes", "on": return .bool(true)
            case "0", "false", "no", "off": return .bool(false)
            default: throw SiaxError(.badRequest, "\(variable): expected true or false, got '\(text)'", field: variable)
            }
        case .integer, .number:
            guard let number = Double(text), number.isFinite else {
                throw SiaxError(.badRequest, "\(variable): expected a number, got '\(text)'", field: variable)
            }
            if kind == .integer {
                guard let integer = Int(exactly: number.rounded(.towardZero)) else {
                    throw SiaxError(.badRequest, "\(variable): expected an integer, got '\(text)'", field: variable)
                }
                return .integer(integer)
            }
            return .number(number)
        }
    }
}

/// Applies `SIAX_*` variables to the configuration as read, before it is decoded.
public enum EnvironmentOverrides {
    /// The variables of the Kernel's own keys (`AgentConfig`).
    public static let kernel: [EnvironmentOverride] = [
        .init("SIAX_STATE_DIR", "state_dir", .string),
        .init("SIAX_UNIT_DIR", "unit_dir", .string),
        .init("SIAX_BACKEND", "backend", .string),
        .init("SIAX_TRANSPORTS", "transports", .list),
        .init("SIAX_RUNTIME_DIRS", "runtime_dirs", .list),
        .init("SIAX_LOG_LEVEL", "log_level", .string),
        .init("SIAX_OPERATION_INTERVAL_S", "operation_interval_s", .number),
        .init("SIAX_OPERATION_TIMEOUT_S", "operation_timeout_s", .number),
        .init("SIAX_MONITOR_INTERVAL_S", "monitor_interval_s", .number),
        .init("SIAX_ALLOW_ROOT_APPS", "allow_root_apps", .bool),
    ]

    /// Sets in `document` the key of every variable of `overrides` found in `environment`.
    /// Other `SIAX_*` variables (test harness variables, typos) are not configuration and are ignored.
    public static func apply(_ environment: [String: String], _ overrides: [EnvironmentOverride], to document: inout ConfigValue) throws {
        for override in overrides {
            guard let text = environment[override.variable] else { continue }
            document[path: override.key] = try override.value(text)
        }
    }
}
