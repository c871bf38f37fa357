import Foundation

/// Lists the processes on the host (Node.js, Python, …) with their owning unit.
public protocol ProcessScanner: Sendable {
    /// Every process that one of `runtimes` recognises, with `unit` set from
    /// its cgroup and CPU% from the previous scan (nil on the first).
    func scan(runtimes: RuntimeCatalog) async throws -> [ScannedProcess]

    /// Whether a process with this PID exists at all, recognised by a runtime or not.
    func exists(_ pid: Int32) -> Bool

    /// For each of `processes` still running, by PID: its listening TCP ports
    /// and a suggested app name (read on demand, not on every scan).
    func adoptionHints(for processes: [ScannedProcess]) async -> [Int32: AdoptionHint]

    /// The environment `process` was started with (`/proc/PID/environ`), read
    /// only when an operator asks for it; nil when it cannot be read.
    func environment(of process: ScannedProcess) async -> [String: String]?
}

extension ProcessScanner {
    /// Asks the kernel (signal 0): a process of another user exists too.
    public func exists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
