/// A log level name, from journald's priority or recognised from the line.
public enum LogLevel: String, Sendable, Codable, CaseIterable {
    case emerg, alert, crit, error, warning, notice, info, debug

    /// The level of a syslog priority (0 = emerg … 7 = debug).
    public init(priority: Int) {
        self = Self.allCases[min(max(priority, 0), 7)]
    }

    /// The syslog priority of this level.
    public var priority: Int { Self.allCases.firstIndex(of: self)! }

    /// The level of an entry: journald's priority, unless the app wrote the
    /// line at the default priority (info) and the line itself says more.
    public static func derive(priority: Int, message: String) -> LogLevel {
        let fromPriority = LogLevel(priority: priority)
        guard fromPriority == .info else { return fromPriority }
        return LogLineLevelDetector.detect(message) ?? fromPriority
    }
}
