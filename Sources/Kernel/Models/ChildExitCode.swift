/// How a service's main process ended, as systemd reports it in `ExecMainCode`: a `CLD_*`
/// code of `waitid(2)`, named as systemd prints it. Both backends read it; one list names it.
public enum ChildExitCode {
    /// `exited`, `killed`, `dumped`, `trapped`, `stopped` or `continued`; `code N` for another value.
    public static func name(_ code: Int64) -> String {
        switch code {
        case 1: "exited"
        case 2: "killed"
        case 3: "dumped"
        case 4: "trapped"
        case 5: "stopped"
        case 6: "continued"
        default: "code \(code)"
        }
    }
}
