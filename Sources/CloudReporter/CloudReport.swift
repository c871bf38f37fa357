import Foundation
import Kernel

/// The body of `POST {cloud.url}/apps_servcs/apps` (docs/api.md, "Cloud reports").
public struct CloudReport: Sendable, Equatable, Codable {
    /// One app's line in a report.
    public struct App: Sendable, Equatable, Codable {
        /// The app's name.
        public var appName: String
        /// Its runtime id.
        public var runtime: String
        /// The app's derived state (`running`, `zombie`, …).
        public var status: AppState
        /// Main PID (or a zombie's PID).
        public var pid: Int32?
        /// CPU% summed over the app's processes.
        public var cpuPercent: Double?
        /// Memory summed over the app's processes.
        public var memoryBytes: UInt64?
        /// Seconds since it started.
        public var uptimeSeconds: Int?
        /// systemd's automatic restarts.
        public var restarts: Int
        /// The port from the spec.
        public var port: Int?

        /// The line for `app` with `status`.
        public init(app: ManagedApp, status: AppStatus) {
            appName = app.name
            runtime = app.spec.runtime
            self.status = status.state
            pid = status.pid
            cpuPercent = status.cpuPercent
            memoryBytes = status.memoryBytes
            uptimeSeconds = status.uptimeSeconds
            restarts = status.restarts
            port = app.spec.port
        }

        enum CodingKeys: String, CodingKey {
            case runtime, status, pid, restarts, port
            case appName = "app_name"
            case cpuPercent = "cpu_percent"
            case memoryBytes = "memory_bytes"
            case uptimeSeconds = "uptime_seconds"
        }
        /// Encodes every key, unknown values as `null`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(appName, forKey: .appName)
            try container.encode(runtime, forKey: .runtime)
            try container.encode(status, forKey: .status)
            try container.encode(pid, forKey: .pid)
            try container.encode(cpuPercent, forKey: .cpuPercent)
            try container.encode(memoryBytes, forKey: .memoryBytes)
            try container.encode(uptimeSeconds, forKey: .uptimeSeconds)
            try container.encode(restarts, forKey: .restarts)
            try container.encode(port, forKey: .port)
        }
    }

    /// This agent's stable id (`<state_dir>/agent-id`).
    public var agentID: String
    /// The host's name.
    public var hostname: String
    /// `AgentKernel.version`.
    public var agentVersion: String
    /// When the report was built.
    public var reportedAt: Date
    /// Every registered app.
    public var apps: [App]
    /// Crashed and zombie apps.
    public var discrepancies: [Discrepancy]

    /// A report with every field given.
    public init(agentID: String, hostname: String, agentVersion: String, reportedAt: Date, apps: [App], discrepancies: [Discrepancy]) {
        self.agentID = agentID
        self.hostname = hostname
        self.agentVersion = agentVersion
        self.reportedAt = reportedAt
        self.apps = apps
        self.discrepancies = discrepancies
    }

    enum CodingKeys: String, CodingKey {
        case hostname, apps, discrepancies
        case agentID = "agent_id"
        case agentVersion = "agent_version"
        case reportedAt = "reported_at"
    }

    /// JSON with ISO 8601 dates (with milliseconds, so reports of one second stay ordered).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}
