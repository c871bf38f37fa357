import Foundation

/// One journal entry of an app (docs/api.md's LogEntry).
public struct LogEntry: Sendable, Equatable, Codable {
    /// `__REALTIME_TIMESTAMP` in microseconds since the epoch.
    public var realtimeUsec: UInt64
    /// syslog priority 0–7 as journald recorded it.
    public var priority: Int
    /// Level name: from the priority, or as the backend recognised it from the line.
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
        self.level = level ?? LogLevel(priority: priority)
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
    /// Written digit by digit: every streamed entry is stamped, and `String(format:)`
    /// cost more than the rest of the entry's encoding.
    public static func iso8601Micro(_ usec: UInt64) -> String {
        var seconds = time_t(usec / 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let fields: [(value: Int, width: Int, separator: UInt8)] = [
            (Int(parts.tm_year) + 1900, 4, UInt8(ascii: "-")), (Int(parts.tm_mon) + 1, 2, UInt8(ascii: "-")),
            (Int(parts.tm_mday), 2, UInt8(ascii: "T")), (Int(parts.tm_hour), 2, UInt8(ascii: ":")),
            (Int(parts.tm_min), 2, UInt8(ascii: ":")), (Int(parts.tm_sec), 2, UInt8(ascii: ".")),
            (Int(usec % 1_000_000), 6, UInt8(ascii: "Z")),
        ]
        return String(unsafeUninitializedCapacity: 27) { buffer in
            var end = 0
            for field in fields {
                var value = field.value
                for offset in stride(from: field.width - 1, through: 0, by: -1) {
                    buffer[end + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                buffer[end + field.width] = field.separator
                end += field.width + 1
            }
            return end
        }
    }
}
