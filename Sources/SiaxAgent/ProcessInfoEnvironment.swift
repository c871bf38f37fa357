import Foundation

/// The process environment, read once.
enum ProcessInfoEnvironment {
    static var current: [String: String] { ProcessInfo.processInfo.environment }

    /// Whether the agent runs inside the sandboxed systemd of `scripts/sandbox`.
    static var isSandbox: Bool { current["SIAX_SANDBOX"] == "1" }
}
