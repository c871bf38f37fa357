/// The `systemctl` command lines of `SystemctlBackend`, in one place so that the sudoers
/// drop-in (`SudoersRules`) can be checked against each of them. Every line starts with
/// `--no-ask-password`: the agent never waits for a password prompt.
enum SystemctlArguments {
    /// The verbs that act on one unit.
    enum Verb: String, CaseIterable, Sendable {
        case start, stop, restart, enable, disable
        case resetFailed = "reset-failed"
    }

    /// `systemctl daemon-reload`.
    static let daemonReload = ["--no-ask-password", "daemon-reload"]

    /// systemd's version: the privilege check's question.
    static let version = ["--no-ask-password", "show", "-p", "Version", "--value"]

    /// `VERB -- UNIT`.
    static func verb(_ verb: Verb, unit: String) -> [String] {
        ["--no-ask-password", verb.rawValue, "--", unit]
    }

    /// `show -p P1,P2… [--timestamp=unix] -- UNIT…`.
    static func show(_ properties: [String], of units: [String], unixTimestamps: Bool = false) -> [String] {
        ["--no-ask-password", "show", "-p", properties.joined(separator: ",")]
            + (unixTimestamps ? ["--timestamp=unix"] : []) + ["--"] + units
    }

    /// `status --no-pager --lines=0 -- UNIT` (`statusReport(of:)`; not run by the agent, so not in the drop-in).
    static func status(of unit: String) -> [String] {
        ["--no-ask-password", "status", "--no-pager", "--lines=0", "--", unit]
    }
}
