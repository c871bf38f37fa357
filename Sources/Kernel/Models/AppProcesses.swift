/// What one `/proc` scan found of an app: the processes in its unit's cgroup,
/// and matching processes outside the unit (looked for only while it is down).
public struct AppProcesses: Sendable, Equatable {
    /// The processes in the unit's cgroup.
    public var own: [ScannedProcess]
    /// Processes that look like the app's but run outside its unit.
    public var strays: [ScannedProcess]

    public init(own: [ScannedProcess], strays: [ScannedProcess] = []) {
        self.own = own
        self.strays = strays
    }
}
