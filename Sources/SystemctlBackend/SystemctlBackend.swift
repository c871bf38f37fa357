import Foundation
import Kernel
import Logging

/// A `ServiceBackend` that runs `systemctl` and `journalctl` as subprocesses,
/// optionally through `sudo -n`.
///
/// `start`, `stop` and `restart` wait for systemd's job (systemctl's default)
/// and report a failed job with systemd's reason, read from the unit after
/// the failure. Status of many units is one `systemctl show` call.
public struct SystemctlBackend: ServiceBackend {
    /// `systemctl`.
    public let name = "systemctl"
    /// The units' journal, through `journalctl`.
    public let logs: any LogSource

    let configuration: Configuration
    let runner: CommandRunner
    let journal: JournalctlLogSource
    let classifier: ErrorClassifier
    let logger: Logger
    /// Whether `systemctl show --timestamp=unix` is understood (systemd ≥ 248); learnt on first refusal.
    let unixTimestamps = UnixTimestampSupport()
    /// Each unit's CPU use between two status reads (cgroup v2).
    let cpuRates = UnitCPURates()

    /// Creates the backend; `logger` is used for every subprocess it runs.
    public init(configuration: Configuration = Configuration(), logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        runner = CommandRunner(
            useSudo: configuration.useSudo, sudoPath: configuration.sudoPath,
            timeout: configuration.operationTimeout, logger: logger)
        classifier = ErrorClassifier(hints: .current())
        journal = JournalctlLogSource(
            runner: runner, journalctlPath: configuration.journalctlPath, classifier: classifier, logger: logger)
        logs = journal
    }

    // MARK: - Lifecycle

    /// `systemctl daemon-reload`.
    public func reload() async throws {
        try await perform(SystemctlArguments.daemonReload, action: "daemon-reload")
    }

    /// `systemctl start UNIT`, waiting for the job.
    public func start(_ unit: String) async throws {
        try await perform(SystemctlArguments.verb(.start, unit: unit), action: "start of \(unit)", unit: unit)
    }

    /// `systemctl stop UNIT`, waiting for the job.
    public func stop(_ unit: String) async throws {
        try await perform(SystemctlArguments.verb(.stop, unit: unit), action: "stop of \(unit)", unit: unit)
    }

    /// `systemctl restart UNIT`, waiting for the job.
    public func restart(_ unit: String) async throws {
        try await perform(SystemctlArguments.verb(.restart, unit: unit), action: "restart of \(unit)", unit: unit)
    }

    /// `systemctl enable UNIT`.
    public func enable(_ unit: String) async throws {
        try await perform(SystemctlArguments.verb(.enable, unit: unit), action: "enable of \(unit)")
    }

    /// `systemctl disable UNIT`.
    public func disable(_ unit: String) async throws {
        try await perform(SystemctlArguments.verb(.disable, unit: unit), action: "disable of \(unit)")
    }

    /// `systemctl reset-failed UNIT`.
    public func resetFailed(_ unit: String) async throws {
        try await perform(SystemctlArguments.verb(.resetFailed, unit: unit), action: "reset-failed of \(unit)")
    }

    // MARK: - Running systemctl

    /// Runs `systemctl ARGUMENTS` (one of `SystemctlArguments`) and returns its result, whatever the exit status.
    func systemctl(_ arguments: [String]) async throws -> CommandResult {
        try await runner.run(configuration.systemctlPath, arguments)
    }

    /// Runs a verb and throws what its failure means; a failed job of `unit`
    /// is explained from the unit's state after the failure.
    private func perform(_ arguments: [String], action: String, unit: String? = nil) async throws {
        let requested = StartLimitWitness.nowMicroseconds()
        let result = try await systemctl(arguments)
        guard !result.succeeded else { return }
        switch classifier.classify(result, action: action) {
        case .error(let error):
            throw error
        case .jobFailed:
            guard let unit else { throw SiaxError(.operationFailed, "\(action) failed: \(result.standardError)") }
            throw await explainJobFailure(of: unit, action: action, stderr: result.standardError, requestedAt: requested)
        }
    }
}

