extension UnitStatus {
    /// systemd's reason for the unit's last failed run, for people:
    /// `exit code 1`, `killed by SIGKILL`, `dumped core (SIGSEGV)`, `timed out`,
    /// `killed by the OOM killer`, `watchdog timeout`, `start limit hit`, `result X`;
    /// nil when the last run succeeded (`Result=success`).
    public var failureReason: String? {
        switch result {
        case "success", "": return nil
        case "exit-code": return execMainStatus.map { "exit code \($0)" } ?? "exit code (unknown)"
        case "signal", "core-dump": return signalReason ?? "result \(result)"
        case "timeout": return "timed out"
        case "oom-kill": return "killed by the OOM killer"
        case "watchdog": return "watchdog timeout"
        case "start-limit-hit": return "start limit hit"
        default: return "result \(result)"
        }
    }

    /// `killed by SIGKILL` or `dumped core (SIGSEGV)`, from `ExecMainCode` and `ExecMainStatus`.
    private var signalReason: String? {
        guard let status = execMainStatus else { return nil }
        let name = SignalName.of(status)
        switch execMainCode {
        case "killed": return "killed by \(name)"
        case "dumped": return "dumped core (\(name))"
        default: return nil
        }
    }
}

/// Linux signal names, for failure reasons.
enum SignalName {
    private static let names = [
        "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE",
        "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
        "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ]

    /// `SIGKILL` for 9; `signal 40` for one without a name here.
    static func of(_ number: Int32) -> String {
        (1...names.count).contains(Int(number)) ? "SIG\(names[Int(number) - 1])" : "signal \(number)"
    }
}
