import Foundation
import Kernel
import Logging

/// One entry of the system log (`GET /api/system/logs`, `WS /api/system/logs/stream`):
/// a line the agent logged (`source` `agent`), or what systemd reported about
/// a managed unit as the agent saw it (`source` `systemd`: started, stopped,
/// failed with its reason; alerts) — shaped like an app's LogEntry, so the
/// panel shows both in the same viewer.
package struct SystemLogEntry: Encodable, Sendable {
    var realtimeUsec: UInt64
    var priority: Int
    var message: String
    var pid: Int32?
    package var cursor: String
    var unit: String
    var source: String
    var app: String?
    /// The event an entry of a unit comes from (its fields for the panel's own words).
    package var event: AgentEvent?

    /// The unit name the agent's own lines carry.
    static let agentUnit = "siax-agent"

    /// A line of the agent's own log.
    package init(_ line: AgentLogBook.Line, pid: Int32) {
        realtimeUsec = line.realtimeUsec
        priority = Self.priority(line.level)
        message = line.label == Self.agentUnit ? line.message : "\(line.label): \(line.message)"
        self.pid = pid
        cursor = "agent-\(line.sequence)"
        unit = Self.agentUnit
        source = "agent"
        app = nil
        event = nil
    }

    /// An event: a unit's state change or alert (`systemd`), or an operation the agent ran (`agent`).
    package init(_ event: AgentEvent) {
        let unit = AppSpec.unitName(for: event.app)
        realtimeUsec = UInt64(max(0, event.at.timeIntervalSince1970) * 1_000_000)
        pid = nil
        app = event.app
        self.event = event
        self.unit = unit
        let detail = event.detail.map { " (\($0))" } ?? ""
        switch event.type {
        case .state:
            source = "systemd"
            let state = event.state ?? .unknown
            priority = Self.priority(state)
            message = switch state {
            case .running: "Started \(unit)\(detail)"
            case .stopped: "Stopped \(unit)\(detail)"
            case .starting: "Starting \(unit)…"
            case .stopping: "Stopping \(unit)…"
            default: "\(unit): \(state.rawValue)\(detail)"
            }
        case .alert:
            source = "systemd"
            priority = 3
            message = "\(unit): alert \(event.alert ?? "unknown")\(detail)"
        case .operation:
            source = "agent"
            priority = event.result == "ok" ? 6 : 4
            message = "\(event.operation ?? "operation") \(event.app) by \(event.actor ?? "?"): \(event.result ?? "?")\(detail)"
        }
        cursor = "event-\(realtimeUsec)-\(event.type.rawValue)-\(event.app)"
    }

    /// The syslog priority of a swift-log level.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// The priority of a unit's state: failures are errors, a restart after one a warning.
    static func priority(_ state: AppState) -> Int {
        switch state {
        case .crashed, .failed: 3
        case .restarting, .zombie: 4
        case .running, .stopped: 5
        default: 6
        }
    }

    enum CodingKeys: String, CodingKey {
        case timestamp, priority, level, message, pid, cursor, unit, source, app, event
        case realtimeUsec = "realtime_usec"
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(LogEntry.iso8601Micro(realtimeUsec), forKey: .timestamp)
        try c.encode(realtimeUsec, forKey: .realtimeUsec)
        try c.encode(priority, forKey: .priority)
        try c.encode(LogLevel(priority: priority), forKey: .level)
        try c.encode(message, forKey: .message)
        try c.encode(pid, forKey: .pid)
        try c.encode(cursor, forKey: .cursor)
        try c.encode(unit, forKey: .unit)
        try c.encode(source, forKey: .source)
        try c.encode(app, forKey: .app)
        try c.encode(event, forKey: .event)
    }
}
