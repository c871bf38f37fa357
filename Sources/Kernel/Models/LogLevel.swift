/// A log level name, from journald's priority (or recognised from the line by
/// the backends, see the `LogLevels` module).
public enum LogLevel: String, Sendable, Codable, CaseIterable {
    case emerg, alert, crit, error, warning, notice, info, debug

    /// The level of a syslog priority (0 = emerg … 7 = debug).
    public init(priority: Int) {
        self = Self.allCases[min(max(priority, 0), 7)]
    }

    /// The syslog priority of this level.
    public var priority: Int { Self.allCases.firstIndex(of: self)! }
}
