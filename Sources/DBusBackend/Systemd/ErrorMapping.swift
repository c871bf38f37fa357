import Kernel

/// Turns bus failures and job results into the Kernel's errors, with
/// systemd's own reason in the message.
struct ErrorMapping: Sendable {
    var hints: PolkitHints

    // MARK: - Bus errors

    /// The Kernel error for a failed call made for `action` (e.g. `start of shop-api.service`).
    func error(_ error: any Error, action: String) -> any Error {
        guard let error = error as? DBusError else { return error }
        if error.isAccessDenied {
            return SiaxError(.permissionDenied, "\(action): systemd refused (\(error)); \(hints.advice)")
        }
        if error.isUnreachable {
            return SiaxError(.backendUnavailable, "\(action): systemd cannot be reached over D-Bus: \(error.message)")
        }
        if DBusError.noSuchUnitNames.contains(error.name) {
            return SiaxError(.notFound, "\(action): \(error.message)")
        }
        if DBusError.timeoutNames.contains(error.name) {
            return SiaxError(.timeout, "\(action): systemd did not answer in time (\(error))")
        }
        if error.name == "org.freedesktop.DBus.Error.InvalidArgs" {
            return SiaxError(.badRequest, "\(action): \(error.message)")
        }
        return SiaxError(.operationFailed, "\(action) failed: \(error)")
    }

    // MARK: - Job results

    /// The error for a job that ended with `result` other than `done`/`skipped`,
    /// explained by the unit's state after the failure.
    func jobFailure(action: String, unit: String, result: String, status: UnitStatus?, startLimit: (burst: UInt64, intervalUSec: UInt64)?) -> SiaxError {
        if status?.result == "start-limit-hit" {
            let burst = startLimit.map { "more than \($0.burst) starts" } ?? "too many starts"
            let interval = startLimit.map { "within \($0.intervalUSec / 1_000_000) s" } ?? "within the unit's StartLimitIntervalSec"
            return SiaxError(.operationFailed, """
                \(action) failed: Result=start-limit-hit — systemd refuses to start the unit again because it was \
                started \(burst) \(interval) (StartLimitIntervalSec/StartLimitBurst). Clear the counter with \
                `systemctl reset-failed \(unit)` (an operator's start through the agent does this) or wait for the \
                interval to pass, then start it again.
                """)
        }
        var facts = ["Result=\(status?.result ?? "unknown")"]
        if let status, let code = status.execMainCode, let exit = status.execMainStatus {
            facts.append("ExecMainStatus=\(exit) (\(code))")
        }
        if let status { facts.append("state \(status.activeState)/\(status.subState)") }
        let detail = "\(action) failed: \(facts.joined(separator: ", ")); systemd job result '\(result)': \(Self.meaning(result))"
        return SiaxError(result == "timeout" ? .timeout : .operationFailed, detail)
    }

    /// What a job result means, in words.
    static func meaning(_ result: String) -> String {
        switch result {
        case "failed": "the unit failed"
        case "timeout": "the job timed out"
        case "canceled": "the job was canceled (another operation replaced it)"
        case "dependency": "a unit it depends on failed"
        case "invalid": "the job does not apply to this unit"
        case "assert": "an Assert…= condition of the unit failed"
        case "unsupported": "the unit type is not supported here"
        case "collected": "the job was garbage-collected"
        case "once": "the unit may only be started once"
        default: "unknown result"
        }
    }

    /// Job results that mean success.
    static let successResults: Set<String> = ["done", "skipped"]
}
