import Kernel
import Logging
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs a command as a subprocess — never through a shell — with bounded
/// output and a timeout, optionally prefixed by `sudo -n`.
///
/// A non-zero exit is returned as a result; only a timeout (the child is
/// stopped, `SiaxError.timeout`) or a failure to launch
/// (`SiaxError.backendUnavailable`) throws.
public struct CommandRunner: Sendable {
    /// Run every command as `sudo -n -- COMMAND`.
    public var useSudo: Bool
    /// The `sudo` binary.
    public var sudoPath: String
    /// Default time a command may take before it is stopped.
    public var timeout: Duration
    /// Bytes of standard output and of standard error kept per command.
    public var outputLimit: Int
    private let logger: Logger

    /// Time between SIGTERM and SIGKILL when a command is stopped (`sudo` relays SIGTERM, not SIGKILL).
    static let gracePeriod: Duration = .seconds(2)

    /// Creates a runner.
    public init(
        useSudo: Bool = false, sudoPath: String = "/usr/bin/sudo", timeout: Duration = .seconds(90),
        outputLimit: Int = 4 << 20, logger: Logger
    ) {
        self.useSudo = useSudo
        self.sudoPath = sudoPath
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.logger = logger
    }

    // MARK: - Running

    /// Runs a command to its end and collects its output.
    public func run(_ executable: String, _ arguments: [String], timeout: Duration? = nil) async throws -> CommandResult {
        let limit = outputLimit
        return try await execute(executable, arguments, timeout: timeout ?? self.timeout) { output, _ in
            let collected = try await OutputCollector.collect(output, limit: limit)
            return (collected.text, collected.truncated)
        }
    }

    /// Runs a command and hands each line of its standard output to `onLine`
    /// as it arrives. When `onLine` returns false the command is stopped
    /// (SIGTERM) and the rest of its output is discarded. `timeout` nil means
    /// the command may run until it ends or the calling task is cancelled.
    public func streamLines(
        _ executable: String, _ arguments: [String], timeout: Duration?,
        maxLineLength: Int = 1 << 20, onLine: ([UInt8]) async throws -> Bool
    ) async throws -> CommandResult {
        try await execute(executable, arguments, timeout: timeout) { output, stop in
            var splitter = LineSplitter(maxLineLength: maxLineLength)
            var wanted = true
            for try await buffer in output where wanted {
                for line in buffer.withUnsafeBytes({ splitter.feed($0) }) where wanted {
                    wanted = try await onLine(line)
                }
                if !wanted { stop() }
            }
            if wanted, let last = splitter.finish() { _ = try await onLine(last) }
            return ("", splitter.droppedLines > 0)
        }
    }

    /// The command line as it is run: `[sudo, -n, --]` + executable + arguments.
    public func commandLine(_ executable: String, _ arguments: [String]) -> [String] {
        (useSudo ? [sudoPath, "-n", "--"] : []) + [executable] + arguments
    }

    // MARK: - Execution

    private func execute(
        _ executable: String, _ arguments: [String], timeout: Duration?,
        readOutput: (SubprocessOutputSequence, _ stop: () -> Void) async throws -> (String, Bool)
    ) async throws -> CommandResult {
        let command = commandLine(executable, arguments)
        let display = command.joined(separator: " ")
        logger.debug("running \(display)")
        var options = PlatformOptions()
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: Self.gracePeriod)]
        let configuration = Configuration(
            executable: .path(FilePath(command[0])), arguments: Arguments(Array(command.dropFirst())),
            environment: .inherit.updating(["LC_ALL": "C", "SYSTEMD_COLORS": "0", "SYSTEMD_PAGER": "cat"]),
            platformOptions: options)
        let limit = outputLimit
        let outcome: ExecutionResult<(String, Bool, OutputCollector, Bool), SequenceOutput, SequenceOutput>
        do {
            outcome = try await Subprocess.run(configuration, input: .none, output: .sequence, error: .sequence) { execution in
                let stop: () -> Void = { try? execution.send(signal: .terminate) }
                let watchdog = timeout.map { Watchdog.start(after: $0, stop: { await Watchdog.stop(execution) }) }
                do {
                    async let errors = OutputCollector.collect(execution.standardError, limit: limit)
                    let (output, truncated) = try await readOutput(execution.standardOutput, stop)
                    let collectedErrors = try await errors
                    return (output, truncated, collectedErrors, await watchdog?.finish() ?? false)
                } catch {
                    _ = await watchdog?.finish()
                    throw error
                }
            }
        } catch let error as SubprocessError {
            throw SiaxError(.backendUnavailable, "cannot run \(display): \(error)")
        }
        let (output, truncated, errors, timedOut) = outcome.closureResult
        if timedOut {
            let limitText = timeout.map { "\($0.components.seconds) s" } ?? "its time limit"
            throw SiaxError(.timeout, "\(display) did not finish within \(limitText) and was stopped")
        }
        let termination: CommandResult.Termination = switch outcome.terminationStatus {
        case .exited(let code): .exited(code)
        case .signaled(let signal): .signaled(signal)
        }
        return CommandResult(
            command: command, termination: termination, standardOutput: output,
            standardError: errors.text, truncated: truncated || errors.truncated)
    }
}
