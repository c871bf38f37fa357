import Foundation
import Testing

/// Whether a real systemd is PID 1 here (inside `scripts/sandbox`, or on a server), for the
/// test targets that need one, and which of their tests may run.
public enum SystemdEnvironment {
    /// `/run/systemd/system` exists and `/proc/1/comm` is `systemd`.
    public static var available: Bool {
        let comm = (try? String(contentsOfFile: "/proc/1/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        return FileManager.default.fileExists(atPath: "/run/systemd/system") && comm == "systemd"
    }

    /// Set by `scripts/test` (`SIAX_REQUIRE_SYSTEMD=1`): a missing systemd is then a failure, not a skip.
    public static var required: Bool { ProcessInfo.processInfo.environment["SIAX_REQUIRE_SYSTEMD"] == "1" }

    /// Suites run when systemd is there, or when it is required (and then fail loudly).
    public static var shouldRun: Bool { available || required }

    /// Tests that only hold when nothing else runs beside them (`aloneOnly`) run when
    /// `scripts/test`'s second, serialised pass asks for them (`SIAX_DISRUPTIVE_TESTS=1`).
    public static var aloneAllowed: Bool { ProcessInfo.processInfo.environment["SIAX_DISRUPTIVE_TESTS"] == "1" }

    /// Throws when systemd is not PID 1.
    public static func check() throws {
        guard available else { throw SystemdMissing() }
    }

    /// systemd is not PID 1 where a test needs it.
    public struct SystemdMissing: Error, CustomStringConvertible {
        public var description: String {
            "systemd is not PID 1 here: run the tests through scripts/test (or inside scripts/sandbox exec PID -- swift test …)"
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs a suite where systemd is PID 1, or anywhere when `SIAX_REQUIRE_SYSTEMD=1` (then failing without it).
    public static var requiresSystemd: Self {
        .enabled(if: SystemdEnvironment.shouldRun, "systemd is not PID 1 here; these tests run inside scripts/sandbox")
    }

    /// A test that must run alone: it restarts journald or dbus-daemon, or it holds only while
    /// no other suite runs `daemon-reload` (systemd 252 then resets start-limit counters and may
    /// count an automatic restart twice). Its function's name starts with `alone`: `scripts/test`
    /// skips those in its first pass (`--skip /alone`) and runs only them, serialised, in a
    /// second one (`--filter /alone --no-parallel`, `SIAX_DISRUPTIVE_TESTS=1`), the only pass
    /// in which this trait lets them run.
    public static func aloneOnly(_ why: Comment) -> Self {
        .enabled(if: SystemdEnvironment.aloneAllowed, why)
    }
}
