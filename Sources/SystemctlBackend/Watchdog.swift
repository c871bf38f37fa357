import Subprocess

/// Stops a subprocess that outlives its time limit: SIGTERM, then SIGKILL
/// after `CommandRunner.gracePeriod`.
struct Watchdog: Sendable {
    private let task: Task<Bool, Never>

    /// Starts the countdown; `stop` runs when it expires.
    static func start(after timeout: Duration, stop: @escaping @Sendable () async -> Void) -> Watchdog {
        Watchdog(task: Task {
            do {
                try await Task.sleep(for: timeout)
            } catch {
                return false
            }
            await stop()
            return true
        })
    }

    /// Cancels the countdown if it is still running; returns whether it fired.
    func finish() async -> Bool {
        task.cancel()
        return await task.value
    }

    /// SIGTERM, and SIGKILL if the process is still there after the grace period.
    static func stop<Input, Output, Failure>(_ execution: Execution<Input, Output, Failure>) async {
        try? execution.send(signal: .terminate)
        try? await Task.sleep(for: CommandRunner.gracePeriod)
        try? execution.send(signal: .kill)
    }
}
