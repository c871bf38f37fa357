import Kernel

/// One extra `[Service]` line of a runtime, e.g. `{"key": "LimitNOFILE", "value": "65536"}`.
///
/// Values are trusted admin input; they are still refused when they hold a
/// control character, and keys the agent writes itself are refused so a
/// runtime can never change which user or command a unit runs.
public struct ServiceKey: Sendable, Equatable, Decodable {
    /// The key, e.g. `LimitNOFILE`.
    public let key: String
    /// The value, written as it is (the unit renderer doubles `%`).
    public let value: String

    static let keyPattern = #"^[A-Z][A-Za-z0-9]{0,63}$"#
    /// Keys the unit renderer writes, or that decide who runs what.
    static let reserved: Set<String> = [
        "Type", "User", "Group", "DynamicUser", "WorkingDirectory", "ExecStart", "Environment", "EnvironmentFile",
        "Restart", "RestartSec", "TimeoutStopSec", "SyslogIdentifier", "LogRateLimitIntervalSec", "LogRateLimitBurst",
        "MemoryMax", "CPUQuota",
    ]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case key, value
    }

    /// Decodes and checks one key/value pair.
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(String.self, forKey: .key)
        if !key.matches(Self.keyPattern) {
            throw DecodingError.dataCorruptedError(forKey: .key, in: c, debugDescription: "must be a systemd key name such as LimitNOFILE")
        }
        if Self.reserved.contains(key) {
            throw DecodingError.dataCorruptedError(
                forKey: .key, in: c, debugDescription: "\(key)= is written by the agent itself and cannot be set by a runtime")
        }
        value = try c.decode(String.self, forKey: .value)
        if UnitEscaping.containsControlCharacter(value) {
            throw DecodingError.dataCorruptedError(
                forKey: .value, in: c, debugDescription: "must not contain control characters (newline, tab, NUL, …)")
        }
    }
}
