import Foundation

/// One journal entry of an app (docs/api.md's LogEntry).
public struct LogEntry: Sendable, Equatable, Codable {
    /// `__REALTIME_TIMESTAMP` in microseconds since the epoch.
    public var realtimeUsec: UInt64
    /// syslog priority 0–7 as journald recorded it.
    public var priority: Int
    /// Level name: from the priority, or recognised from the line (see `LogLevel`).
    public var level: LogLevel
    /// The message text.
    public var message: String
    /// `_PID` of the writer.
    public var pid: Int32?
    /// The journal cursor of this entry.
    public var cursor: String
    /// The unit that wrote it.
    public var unit: String

    public init(
        realtimeUsec: UInt64, priority: Int, level: LogLevel? = nil, message: String,
        pid: Int32?, cursor: String, unit: String
    ) {
        self.realtimeUsec = realtimeUsec
        self.priority = priority
        self.level = level ?? LogLevel.derive(priority: priority, message: message)
        self.message = message
        self.pid = pid
        self.cursor = cursor
        self.unit = unit
    }

    /// The entry's time.
    public var timestamp: Date { Date(timeIntervalSince1970: Double(realtimeUsec) / 1_000_000) }

    enum CodingKeys: String, CodingKey {
        case timestamp, priority, level, message, pid, cursor, unit
        case realtimeUsec = "realtime_usec"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        realtimeUsec = try c.decode(UInt64.self, forKey: .realtimeUsec)
        priority = try c.decode(Int.self, forKey: .priority)
        level = try c.decode(LogLevel.self, forKey: .level)
        message = try c.decode(String.self, forKey: .message)
        pid = try c.decodeIfPresent(Int32.self, forKey: .pid)
        cursor = try c.decode(String.self, forKey: .cursor)
        unit = try c.decode(String.self, forKey: .unit)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.iso8601Micro(realtimeUsec), forKey: .timestamp)
        try c.encode(realtimeUsec, forKey: .realtimeUsec)
        try c.encode(priority, forKey: .priority)
        try c.encode(level, forKey: .level)
        try c.encode(message, forKey: .message)
        try c.encodeIfPresent(pid, forKey: .pid)
        try c.encode(cursor, forKey: .cursor)
        try c.encode(unit, forKey: .unit)
    }

    /// `2026-11-29T04:26:01.146527Z` from microseconds since the epoch.
    static func iso8601Micro(_ usec: UInt64) -> String {
        var seconds = time_t(usec / 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(usec % 1_000_000))
    }
}
