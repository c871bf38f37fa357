import Foundation
import Testing

/// Whether a real systemd is PID 1 here (inside `scripts/sandbox`, or on a server).
enum SystemdEnvironment {
    /// `/run/systemd/system` exists and `/proc/1/comm` is `systemd`.
    static var available: Bool {
        let comm = (try? String(contentsOfFile: "/proc/1/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        return FileManager.default.fileExists(atPath: "/run/systemd/system") && comm == "systemd"
    }

    /// `SIAX_REQUIRE_SYSTEMD=1`: a missing systemd is then a failure, not a skip.
    static var required: Bool { ProcessInfo.processInfo.environment["SIAX_REQUIRE_SYSTEMD"] == "1" }

    /// Fails the calling test when systemd is not PID 1.
    static func require() throws {
        guard available else {
            throw SystemdMissing()
        }
    }

    struct SystemdMissing: Error, CustomStringConvertible {
        var description: String {
            "systemd is not PID 1 here: run inside scripts/sandbox (scripts/sandbox exec PID -- swift test …)"
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs a suite where systemd is PID 1, or anywhere when `SIAX_REQUIRE_SYSTEMD=1` (then failing without it).
    static var requiresSystemd: Self {
        .enabled(if: SystemdEnvironment.available || SystemdEnvironment.required,
                 "systemd is not PID 1 here; these tests run inside scripts/sandbox")
    }
}
