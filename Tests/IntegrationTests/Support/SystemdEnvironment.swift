import Foundation

/// Whether a real systemd is PID 1 here (inside `scripts/sandbox`, or on a server).
enum SystemdEnvironment {
    static var available: Bool {
        let comm = (try? String(contentsOfFile: "/proc/1/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        return FileManager.default.fileExists(atPath: "/run/systemd/system") && comm == "systemd"
    }

    /// Set by `scripts/test`: a missing systemd is then a failure, not a skip.
    static var required: Bool { ProcessInfo.processInfo.environment["SIAX_REQUIRE_SYSTEMD"] == "1" }

    /// Tests that only hold when nothing else runs beside them (`scripts/test`
    /// runs them in a second pass, alone): `SIAX_DISRUPTIVE_TESTS=1`.
    static var aloneAllowed: Bool { ProcessInfo.processInfo.environment["SIAX_DISRUPTIVE_TESTS"] == "1" }

    /// Suites run when systemd is there, or when it is required (and then fail loudly).
    static var shouldRun: Bool { available || required }

    /// Throws when systemd is not PID 1.
    static func check() throws {
        guard available else {
            throw HarnessError("systemd is not PID 1 here: run the integration tests through scripts/test (sandboxed systemd)")
        }
    }
}

/// A failure of the test harness itself.
struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
