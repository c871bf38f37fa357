import Foundation
import KernelTestSupport
import Testing

/// `serve`'s start-up page release, run as a unit of the sandbox's systemd: fault-around is
/// turned off, and under a seccomp filter (which may kill the process for a system call it
/// does not allow) only when the filter allows userfaultfd.
@Suite(
    "serve's start-up page release on a real systemd", .serialized, .enabled(if: SystemdEnvironment.shouldRun),
    .enabled(if: SystemdEnvironment.aloneAllowed, "systemd 252's systemd-run fails now and then while another suite runs daemon-reload (4 of 30 starts in a loop beside reloads, 0 of 30 without): run alone (SIAX_DISRUPTIVE_TESTS=1)"))
struct ServeMemoryTests {
    @Test("a unit whose SystemCallFilter= forbids userfaultfd (fatal by default): the agent keeps running, fault-around on")
    func forbiddingFilter() async throws {
        let line = try await releaseLine(ofAgentWith: ["SystemCallFilter=~userfaultfd"])
        #expect(line.contains("fault-around stays on (this process's seccomp filter does not allow userfaultfd)"), "\(line)")
    }

    @Test(
        "a plain unit, and one hardened with SystemCallFilter=@system-service: fault-around off in every read-only mapping",
        .enabled(if: KernelRelease.atLeast(6, 7)), arguments: [[], ["SystemCallFilter=@system-service"]])
    func faultAroundOff(properties: [String]) async throws {
        let line = try await releaseLine(ofAgentWith: properties)
        let counts = try #require(line.firstMatch(of: /fault-around off in (\d+) of (\d+) read-only mappings/), "\(line)")
        #expect(Int(counts.1)! > 0 && counts.1 == counts.2, "\(line)")
    }

    /// Runs `siax-agent serve` as a transient unit with `properties`, waits for its start-up
    /// page release, checks that it is still running a second later, and returns the
    /// release's log line.
    private func releaseLine(ofAgentWith properties: [String]) async throws -> String {
        try SystemdEnvironment.check()
        let unit = "it-serve-\(UUID().uuidString.prefix(8).lowercased())"
        let base = "/var/lib/siax-agent/\(unit)"
        try FileManager.default.createDirectory(atPath: "\(base)/state", withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: "\(base)/config.json"))  // the environment names it
        let environment = LiveAgent.environment(stateDir: "\(base)/state", port: Harness.freePort())
            .filter { $0.key.hasPrefix("SIAX_") }
            .merging(["SIAX_ADMIN_TOKEN": "it-serve-" + UUID().uuidString]) { $1 }
        let arguments = ["--unit", unit, "--collect"] + properties.flatMap { ["-p", $0] }
            + environment.map { "--setenv=\($0.key)=\($0.value)" } + [try LiveAgent.binaryPath(), "serve"]
        let started = try Command.run("/usr/bin/systemd-run", arguments)
        try #require(started.status == 0, "systemd-run: \(started.stderr)")
        defer {
            _ = try? Command.systemctl("stop", unit)
            try? FileManager.default.removeItem(atPath: base)
        }

        var line: String?
        let released = try await Probe.eventually(timeout: .seconds(30)) {
            let log = try Command.run("/usr/bin/journalctl", ["--unit", unit, "--no-pager", "--output", "cat"]).stdout
            line = log.split(separator: "\n").first { $0.contains("releasing start-up pages") }.map(String.init)
            return line != nil
        }
        try #require(released, "no start-up page release within 30 s")
        try await Task.sleep(for: .seconds(1))
        #expect(try Command.systemctl("is-active", unit).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "active")
        return try #require(line)
    }
}
