/// Everything that talks to systemd: unit lifecycle, batch status, a stream of
/// state changes, and the journal (`logs`).
///
/// Unit files themselves are written by the Kernel's `UnitDirectory`; a
/// backend only asks systemd to (re)load and act on them.
public protocol ServiceBackend: Sendable {
    /// Short name for logs and `/api/health`, e.g. `systemctl` or `dbus`.
    var name: String { get }

    /// The journal of the managed units.
    var logs: any LogSource { get }

    /// Makes systemd re-read unit files (`daemon-reload`).
    func reload() async throws

    /// Starts a unit and waits for systemd's job result.
    func start(_ unit: String) async throws
    /// Stops a unit and waits for systemd's job result.
    func stop(_ unit: String) async throws
    /// Restarts a unit and waits for systemd's job result.
    func restart(_ unit: String) async throws
    /// Enables a unit (installs its `WantedBy=` links), then reloads systemd as `reload` does.
    func enable(_ unit: String) async throws
    /// Disables a unit (removes its links), then reloads systemd as `reload` does.
    func disable(_ unit: String) async throws
    /// Clears a unit's failed state and start-limit counter (`reset-failed`).
    func resetFailed(_ unit: String) async throws

    /// Status of many units in one round trip; every requested unit is in the
    /// result (as `UnitStatus.notFound` when systemd does not know it).
    func status(of units: [String]) async throws -> [String: UnitStatus]

    /// Whether `stateChanges(of:)` is pushed by systemd's own signals (rather
    /// than polled): the monitor follows it only then.
    var pushesStateChanges: Bool { get }

    /// State changes of the given units, as they happen or by polling; each
    /// change's `askedAt` is when its status was asked for. The stream ends
    /// when the consumer stops iterating.
    func stateChanges(of units: @escaping @Sendable () async -> [String]) -> AsyncStream<UnitStateChange>

    /// Whether the backend can act on systemd with its current privileges,
    /// and if not, what to configure.
    func checkPrivileges() async -> PrivilegeCheck
}

extension ServiceBackend {
    /// Polled unless a backend says otherwise.
    public var pushesStateChanges: Bool { false }

    /// Status of one unit.
    public func status(of unit: String) async throws -> UnitStatus {
        try await status(of: [unit])[unit] ?? .notFound(unit)
    }
}

/// The result of a privilege check.
public struct PrivilegeCheck: Sendable, Equatable, Codable {
    /// Whether operations are expected to be allowed.
    public var ok: Bool
    /// What was checked, or what to configure when `ok` is false.
    public var detail: String

    public init(ok: Bool, detail: String) {
        self.ok = ok
        self.detail = detail
    }
}
