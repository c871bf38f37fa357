/// What a finished command produced: how it ended and its (bounded) output.
///
/// A non-zero exit is a result, not an error: `systemctl is-active` exits 3
/// for an inactive unit, `systemctl status` exits 3 or 4.
public struct CommandResult: Sendable, Equatable {
    /// How the process ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signaled(Int32)

        /// `exit 3` or `signal 9`.
        public var description: String {
            switch self {
            case .exited(let code): "exit \(code)"
            case .signaled(let signal): "signal \(signal)"
            }
        }
    }

    /// The command line as run, sudo prefix included.
    public var command: [String]
    /// How the process ended.
    public var termination: Termination
    /// Standard output, at most the runner's limit, decoded lossily as UTF-8.
    public var standardOutput: String
    /// Standard error, at most the runner's limit, decoded lossily as UTF-8.
    public var standardError: String
    /// Whether output beyond the limit was dropped.
    public var truncated: Bool

    /// Creates a result (runners and tests).
    public init(
        command: [String], termination: Termination, standardOutput: String = "",
        standardError: String = "", truncated: Bool = false
    ) {
        self.command = command
        self.termination = termination
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.truncated = truncated
    }

    /// Whether the command exited with status 0.
    public var succeeded: Bool { termination == .exited(0) }

    /// The exit status, or nil when a signal ended the process.
    public var exitCode: Int32? {
        if case .exited(let code) = termination { return code }
        return nil
    }
}
