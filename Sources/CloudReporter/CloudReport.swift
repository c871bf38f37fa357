import Foundation
import Kernel
import Monitor

/// The body of `POST {cloud.url}/apps_servcs/apps` (API.md, "Cloud reports").
public struct CloudReport: Sendable, Equatable, Codable {
    /// One app's line in a report.
    public struct App: Sendable, Equatable, Codable {
        public var appName: String
        public var runtime: String
        /// The app's derived state (`running`, `zombie`, …).
        public var status: AppState
        public var pid: Int32?
        public var cpuPercent: Double?
        public var memoryBytes: UInt64?
        public var uptimeSeconds: Int?
        public var restarts: Int
        public var port: Int?

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
    }

    public var agentID: String
    public var hostname: String
    public var agentVersion: String
    public var reportedAt: Date
    public var apps: [App]
    public var discrepancies: [Discrepancy]

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

    /// JSON with ISO 8601 dates, as the cloud expects.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}
