import Glibc
import Kernel
import Logging

/// The systemd backend over D-Bus (`org.freedesktop.systemd1`) and sd-journal,
/// through libsystemd: one private system-bus connection on its own thread,
/// job results from `JobRemoved`, batch status in one round trip, and state
/// changes from `PropertiesChanged` signals instead of polling.
public final class DBusBackend: ServiceBackend {
    /// Settings of the D-Bus backend.
    public struct Configuration: Sendable {
        /// Longest wait for an operation (call plus job) before `timeout`.
        public var operationTimeout: Duration
        /// Longest wait for systemd's first answer when connecting (which may start dbus-daemon
        /// by socket activation on a busy machine).
        public var connectTimeout: Duration

        public init(operationTimeout: Duration = .seconds(90), connectTimeout: Duration = .seconds(10)) {
            self.operationTimeout = operationTimeout
            self.connectTimeout = connectTimeout
        }
    }

    /// `dbus`.
    public let name = "dbus"
    /// The journal through sd-journal.
    public let logs: any LogSource

    let configuration: Configuration
    let connection: DBusConnection
    let jobs = JobTracker()
    let errors = ErrorMapping(hints: .current())
    let reader: StatusReader
    private let logger: Logger

    /// Connects to the system bus and checks that systemd answers there; throws
    /// `backend_unavailable` at once when it does not (the `auto` backend
    /// choice then falls back to systemctl).
    public init(configuration: Configuration = Configuration(), logger: Logger) async throws {
        self.configuration = configuration
        self.logger = logger
        logs = JournalLogSource()
        do {
            connection = try await DBusConnection.open()
        } catch {
            throw SiaxError(.backendUnavailable, "the system bus does not answer: \((error as? DBusError)?.message ?? "\(error)")")
        }
        let facts = UnitFacts()
        let signals = UnitSignals(connection: connection)
        reader = StatusReader(connection: connection, facts: facts, signals: signals)
        let jobs = self.jobs
        _ = connection.addMatch(SystemdBus.managerSignalsRule) { message, _ in
            guard message.member == "JobRemoved" else { return facts.applyManagerSignal(message) }
            guard let (job, result) = try? Self.jobRemoved(message) else { return }
            _ = try? message.rewind()
            facts.applyManagerSignal(message)
            jobs.finish(job, result: result)
        }
        _ = connection.addMatch(SystemdBus.systemdOwnerRule) { [logger] message, loop in
            guard SystemdBus.systemdAppeared(message) else { return }
            logger.info("systemd took its name on the system bus; subscribing to its signals")
            Self.subscribe(on: loop, logger: logger)
        }
        _ = connection.observe { [logger] event, loop in
            switch event {
            case .connected:
                Self.subscribe(on: loop, logger: logger)
            case .disconnected(let error):
                for subscription in facts.forgetAll() { signals.unsubscribe(subscription) }
                logger.warning("lost the system bus connection (\(error.message)); reconnecting")
                jobs.failAll(with: SiaxError(.backendUnavailable, "the system bus connection was lost during the operation: \(error.message)"))
            }
        }
        do {
            let version = try await connection.call(
                .getProperty(SystemdBus.destination, SystemdBus.managerPath, SystemdBus.managerInterface, "Version")
                    .with(timeout: configuration.connectTimeout)) { try $0.variant().stringValue ?? "" }
            logger.debug("connected to systemd \(version) over D-Bus")
        } catch {
            throw SiaxError(.backendUnavailable, "systemd does not answer on the system bus: \((error as? DBusError)?.description ?? "\(error)")")
        }
    }

    // MARK: - Jobs

    public func start(_ unit: String) async throws { try await runJob("StartUnit", verb: "start", unit: unit) }
    public func stop(_ unit: String) async throws { try await runJob("StopUnit", verb: "stop", unit: unit) }
    public func restart(_ unit: String) async throws { try await runJob("RestartUnit", verb: "restart", unit: unit) }

    /// Queues a job (`replace` mode) and waits for its `JobRemoved`, within the operation timeout.
    private func runJob(_ method: String, verb: String, unit: String) async throws {
        let action = "\(verb) of \(unit)"
        let deadline = ContinuousClock.now + configuration.operationTimeout
        let requestedAt = StartLimitWitness.nowMicroseconds()
        let jobs = self.jobs
        let job: String
        do {
            job = try await connection.call(
                SystemdBus.manager(method, [.string(unit), .string("replace")], timeout: configuration.operationTimeout)
            ) { reply in
                let path = try reply.objectPath()
                jobs.expect(path)
                return path
            }
        } catch {
            throw errors.error(error, action: action)
        }
        let seconds = configuration.operationTimeout.components.seconds
        let result = try await jobs.result(
            of: job, until: deadline,
            timeoutError: SiaxError(.timeout, "\(action) did not finish within \(seconds) s; systemd is still running its job (\(job))"))
        guard !ErrorMapping.successResults.contains(result) else { return }
        throw await jobFailure(action: action, unit: unit, result: result, starting: verb != "stop", requestedAt: requestedAt)
    }

    /// Explains a failed job from the unit's state after it; a start refused
    /// by the start limit is told apart with `StartLimitWitness`.
    private func jobFailure(action: String, unit: String, result: String, starting: Bool, requestedAt: UInt64) async -> SiaxError {
        var status = try? await reader.read([unit])[unit]
        var startLimit: (burst: UInt64, intervalUSec: UInt64)?
        if starting, result == "failed" {
            let path = SystemdBus.unitPath(unit)
            let values = await connection.callAll(["StartLimitBurst", "StartLimitIntervalUSec", "InactiveExitTimestampMonotonic"].map {
                MethodCall.getProperty(SystemdBus.destination, path, SystemdBus.unitInterface, $0)
            }) { _, reply in try reply.variant().uintValue ?? 0 }
            let inactiveExit = try? values[2].get()
            if StartLimitWitness.refused(result: status?.result, requestedAt: requestedAt, inactiveExit: inactiveExit) {
                status?.result = "start-limit-hit"
                if case .success(let burst) = values[0], case .success(let interval) = values[1] { startLimit = (burst, interval) }
            }
        }
        return errors.jobFailure(action: action, unit: unit, result: result, status: status, startLimit: startLimit)
    }

    /// Asks systemd to send its signals (`JobRemoved`, `PropertiesChanged`, …) to this connection.
    private static func subscribe(on loop: BusLoop, logger: Logger) {
        loop.send(SystemdBus.manager("Subscribe")) { reply in
            guard case .failure(let error) = reply,
                  error.name != "org.freedesktop.systemd1.AlreadySubscribed" else { return }
            logger.warning("D-Bus Subscribe to systemd failed: \(error)")
        }
    }

    /// `(u id, o job, s unit, s result)` of a `JobRemoved` signal.
    private static func jobRemoved(_ message: BusMessage) throws -> (job: String, result: String) {
        _ = try message.uint32()
        let job = try message.objectPath()
        _ = try message.string()
        return (job, try message.string())
    }

    // MARK: - Unit files and daemon

    public func reload() async throws {
        try await managerCall("Reload", [], action: "daemon-reload")
    }

    public func enable(_ unit: String) async throws {
        try await managerCall("EnableUnitFiles", [.strings([unit]), .bool(false), .bool(false)], action: "enable of \(unit)")
        reader.facts.forgetFileStates()
        try await reload()
    }

    public func disable(_ unit: String) async throws {
        try await managerCall("DisableUnitFiles", [.strings([unit]), .bool(false)], action: "disable of \(unit)")
        reader.facts.forgetFileStates()
        try await reload()
    }

    public func resetFailed(_ unit: String) async throws {
        try await managerCall("ResetFailedUnit", [.string(unit)], action: "reset-failed of \(unit)")
    }

    private func managerCall(_ method: String, _ arguments: [BusArgument], action: String) async throws {
        do {
            try await connection.call(SystemdBus.manager(method, arguments, timeout: configuration.operationTimeout))
        } catch {
            throw errors.error(error, action: action)
        }
    }

    // MARK: - Status and state changes

    public func status(of units: [String]) async throws -> [String: UnitStatus] {
        do {
            return try await reader.read(units)
        } catch {
            throw errors.error(error, action: "status of \(units.count) unit(s)")
        }
    }

    /// systemd's `PropertiesChanged` signals drive the stream.
    public var pushesStateChanges: Bool { true }

    public func stateChanges(of units: @escaping @Sendable () async -> [String]) -> AsyncStream<UnitStateChange> {
        UnitStateStream(connection: connection, reader: reader).changes(of: units)
    }

    public func checkPrivileges() async -> PrivilegeCheck {
        await PrivilegeProbe(connection: connection, hints: errors.hints).check()
    }
}

extension MethodCall {
    /// The same call with another reply timeout.
    func with(timeout: Duration) -> MethodCall {
        var copy = self
        copy.timeout = timeout
        return copy
    }
}
