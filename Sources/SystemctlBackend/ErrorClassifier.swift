import Kernel

/// Turns a failed `systemctl`/`journalctl`/`sudo` run into a `SiaxError`,
/// from the text these tools write to standard error.
struct ErrorClassifier: Sendable {
    /// Configuration hints quoted in `permission_denied` messages.
    var hints: PrivilegeHints

    /// What a failed command means.
    enum Verdict: Equatable {
        /// A job ran and failed: read the unit's state and explain (`jobFailure`).
        case jobFailed
        /// Anything else, fully described.
        case error(SiaxError)
    }

    // MARK: - Classification

    /// The meaning of a failed run of `action` (e.g. `start of shop-api.service`).
    func classify(_ result: CommandResult, action: String) -> Verdict {
        let text = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        let said = text.isEmpty ? "\(result.termination) with no message" : text
        if Self.matches(text, Self.sudoRefusals) {
            return .error(SiaxError(.permissionDenied, "\(action): sudo refused (\(said)); \(hints.sudoAdvice)"))
        }
        if Self.matches(text, Self.unavailable) {
            return .error(SiaxError(.backendUnavailable, "\(action): systemd cannot be reached: \(said)"))
        }
        if Self.matches(text, Self.journalRefusals) {
            return .error(SiaxError(.permissionDenied, "\(action): the journal is not readable (\(said)); \(hints.journalAdvice)"))
        }
        if Self.matches(text, Self.polkitRefusals) {
            return .error(SiaxError(.permissionDenied, "\(action): systemd refused (\(said)); \(hints.polkitAdvice)"))
        }
        if Self.matches(text, Self.notFound) {
            return .error(SiaxError(.notFound, "\(action): \(said)"))
        }
        if Self.matches(text, Self.jobFailures) { return .jobFailed }
        if Self.matches(text, Self.badCursor) {
            return .error(SiaxError(.badRequest, "\(action): the cursor is not valid: \(said)", field: "cursor"))
        }
        if text.contains("is not valid") {
            return .error(SiaxError(.badRequest, "\(action): \(said)"))
        }
        return .error(SiaxError(.operationFailed, "\(action) failed (\(result.termination)): \(said)"))
    }

    /// The error for a failed job, with systemd's reason read from the unit
    /// after the failure (`Result`, `ExecMainCode`, `ExecMainStatus`, states).
    func jobFailure(action: String, stderr: String, properties: [String: String]) -> SiaxError {
        let result = properties["Result"] ?? "unknown"
        let firstLine = stderr.split(separator: "\n").first.map(String.init) ?? ""
        if result == "start-limit-hit" || firstLine.contains("attempted too often") {
            let burst = properties["StartLimitBurst"].map { "more than \($0) starts" } ?? "too many starts"
            let interval = properties["StartLimitIntervalUSec"].map { "within \($0)" } ?? "within the unit's StartLimitIntervalSec"
            let unit = Self.unitName(in: action)
            return SiaxError(.operationFailed, """
                \(action) failed: Result=start-limit-hit — systemd refuses to start the unit again because it was \
                started \(burst) \(interval) (StartLimitIntervalSec/StartLimitBurst). Clear the counter with \
                `systemctl reset-failed \(unit)` (an operator's start through the agent does this) or wait for the \
                interval to pass, then start it again.
                """)
        }
        var facts = ["Result=\(result)"]
        if let status = properties["ExecMainStatus"], let code = properties["ExecMainCode"].flatMap(Int32.init), code != 0 {
            facts.append("ExecMainStatus=\(status) (\(ChildExitCode.name(Int64(code))))")
        }
        if let active = properties["ActiveState"], let sub = properties["SubState"] {
            facts.append("state \(active)/\(sub)")
        }
        let reason = firstLine.isEmpty ? "" : "; systemd: \(firstLine)"
        return SiaxError(.operationFailed, "\(action) failed: \(facts.joined(separator: ", "))\(reason)")
    }

    /// The properties `jobFailure` reads after a failed job.
    static let failureProperties = [
        "Result", "ExecMainCode", "ExecMainStatus", "ActiveState", "SubState", "StartLimitBurst", "StartLimitIntervalUSec",
        "InactiveExitTimestampMonotonic",
    ]

    // MARK: - Texts

    /// `sudo -n` refusing (sudo 1.8/1.9 wording).
    static let sudoRefusals = [
        "a password is required", "a terminal is required", "is not allowed to execute", "is not in the sudoers file",
        "may not run sudo", "is not allowed to run sudo",
    ]
    /// No systemd to talk to.
    static let unavailable = [
        "System has not been booted with systemd", "Failed to connect to bus", "Failed to get D-Bus connection",
    ]
    /// journald refusing to show other users' entries.
    static let journalRefusals = ["insufficient permissions", "not seeing messages from other users"]
    /// systemd (polkit) refusing the caller.
    static let polkitRefusals = [
        "Access denied", "Interactive authentication required", "polkit", "Permission denied", "Operation not permitted",
    ]
    /// The unit (or its file) does not exist.
    static let notFound = ["not found.", "not loaded.", "does not exist", "could not be found"]
    /// `journalctl --cursor` given something that is not a cursor.
    static let badCursor = ["seek to cursor", "parse cursor"]
    /// A job that ran and failed.
    static let jobFailures = ["Job for ", "A dependency job for ", "attempted too often", "Start request repeated too quickly"]

    private static func matches(_ text: String, _ needles: [String]) -> Bool {
        needles.contains { text.localizedCaseInsensitiveContains($0) }
    }

    /// `shop-api.service` from `start of shop-api.service`.
    private static func unitName(in action: String) -> String {
        action.split(separator: " ").last.map(String.init) ?? action
    }
}
