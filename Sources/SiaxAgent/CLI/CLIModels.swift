import Foundation

// The API's objects as the CLI reads them (docs/api.md). Every field the CLI can
// live without is optional, so a newer agent's additions never break it.

/// An app of `GET /api/apps`.
struct AppInfo: Decodable {
    var name: String
    var runtime: String
    var scriptPath: String?
    var workingDir: String?
    var user: String?
    var args: [String]?
    var environment: [String: String]?
    var port: Int?
    var restart: String?
    var enabled: Bool?
    var limits: Limits?
    var unit: String?
    var status: StatusInfo?
    var createdAt: String?
    var updatedAt: String?

    struct Limits: Decodable {
        var memoryMax: String?
        var cpuQuota: String?
    }
}

/// An app's `status` object.
struct StatusInfo: Decodable {
    var state: String?
    var activeState: String?
    var subState: String?
    var unitFileState: String?
    var pid: Int?
    var cpuPercent: Double?
    var memoryBytes: UInt64?
    var uptimeSeconds: Int?
    var restarts: Int?
    var since: String?
    var result: String?
}

/// `{"apps":[App]}`.
struct AppList: Decodable {
    var apps: [AppInfo]
}

/// A log entry (history page or stream message).
struct LogEntryInfo: Decodable {
    var timestamp: String?
    var priority: Int?
    var level: String?
    var message: String?
    var pid: Int?
    var cursor: String?
    /// Set on stream notices such as `{"type":"gap","dropped":N}`.
    var type: String?
    var dropped: Int?
}

/// `{"entries","cursor"}`.
struct LogPage: Decodable {
    var entries: [LogEntryInfo]
    var cursor: String?
}

/// `GET /api/health`.
struct HealthInfo: Decodable {
    var status: String
    var version: String?
    var backend: String?
    var sandbox: Bool?
    var privileges: Privileges?

    struct Privileges: Decodable {
        var ok: Bool
        var detail: String?
    }
}

/// A token of `GET /api/tokens` (and `POST /api/tokens`, which adds `token`).
struct TokenInfo: Decodable {
    var id: String
    var name: String
    var role: String
    var createdAt: String?
    var token: String?
}

/// `{"tokens":[…]}`.
struct TokenList: Decodable {
    var tokens: [TokenInfo]
}

// MARK: - Formatting for people

enum Human {
    /// "45.9M" from bytes.
    static func bytes(_ value: UInt64?) -> String {
        guard let value else { return "-" }
        let units = ["B", "K", "M", "G", "T"]
        var number = Double(value)
        var unit = 0
        while number >= 1024, unit < units.count - 1 {
            number /= 1024
            unit += 1
        }
        return unit == 0 ? "\(value)B" : String(format: number >= 100 ? "%.0f%@" : "%.1f%@", number, units[unit])
    }

    /// "1.5%".
    static func percent(_ value: Double?) -> String {
        guard let value else { return "-" }
        return String(format: "%.1f%%", value)
    }

    /// "3d4h", "2h5m", "4m10s", "12s".
    static func duration(_ seconds: Int?) -> String {
        guard let seconds else { return "-" }
        let d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60, s = seconds % 60
        if d > 0 { return "\(d)d\(h)h" }
        if h > 0 { return "\(h)h\(m)m" }
        if m > 0 { return "\(m)m\(s)s" }
        return "\(s)s"
    }

    /// Optional text or "-".
    static func text(_ value: (any CustomStringConvertible)?) -> String {
        guard let value else { return "-" }
        let text = value.description
        return text.isEmpty ? "-" : text
    }
}

/// Writes the raw JSON answer (for `--json`).
func printJSON(_ data: Data) {
    FileHandle.standardOutput.write(data)
    if data.last != UInt8(ascii: "\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
}
