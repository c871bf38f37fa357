import Foundation

/// One process as a `/proc` scan sees it.
public struct ScannedProcess: Sendable, Equatable, Codable {
    public var pid: Int32
    public var ppid: Int32
    public var uid: UInt32
    public var user: String?
    /// `/proc/PID/exe` target, when readable.
    public var exe: String?
    /// argv, split on NUL.
    public var argv: [String]
    /// `/proc/PID/cwd` target, when readable.
    public var cwd: String?
    /// The systemd unit owning it (from its cgroup), if any.
    public var unit: String?
    public var startedAt: Date?
    public var cpuPercent: Double?
    public var memoryBytes: UInt64?

    public init(
        pid: Int32, ppid: Int32, uid: UInt32, user: String? = nil, exe: String? = nil, argv: [String],
        cwd: String? = nil, unit: String? = nil, startedAt: Date? = nil,
        cpuPercent: Double? = nil, memoryBytes: UInt64? = nil
    ) {
        self.pid = pid
        self.ppid = ppid
        self.uid = uid
        self.user = user
        self.exe = exe
        self.argv = argv
        self.cwd = cwd
        self.unit = unit
        self.startedAt = startedAt
        self.cpuPercent = cpuPercent
        self.memoryBytes = memoryBytes
    }

    /// The command line joined by spaces, for display.
    public var commandLine: String { argv.joined(separator: " ") }
}
