import Foundation
import Kernel
import KernelTestSupport
import Testing

/// Paths with spaces, quotes, `$`, `%` specifiers and symlinks, on the sandbox's real systemd:
/// the unit systemd parses back has exactly the given paths, and the process runs there.
@Suite("Hostile paths on a real systemd", .serialized, .enabled(if: SystemdEnvironment.shouldRun), .timeLimit(.minutes(2)))
struct HostilePathTests {
    let admin = Requester(name: "integration")

    @Test("spaces, quotes, $ and % in script_path and working_dir; a working dir through a symlink swapped after registration")
    func exactPaths() async throws {
        let harness = try Harness(operationInterval: 0)
        let installed = try harness.install("node-app")
        let hostile = "\(harness.workDir)/a b 'q' \"d\" $HOME %p {c}"
        try FileManager.default.moveItem(atPath: installed, toPath: hostile)
        let link = "\(harness.workDir)/current"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: hostile)
        let port = Harness.freePort()
        let spec = AppSpec(name: "it-paths", runtime: "nodejs", scriptPath: "\(hostile)/server.js", workingDir: link, user: "nobody",
                           environment: ["LINES": "1"], port: port)
        try await harness.run(cleaningUp: [spec.name]) {
            _ = try await harness.kernel.apps.register(spec, actor: admin)
            // Swapped between validation and start: the unit keeps the path as given, and systemd resolves it at start.
            let elsewhere = "\(harness.workDir)/elsewhere"
            try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
            chmod(elsewhere, 0o755)
            try FileManager.default.removeItem(atPath: link)
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: elsewhere)

            let shown = try Command.systemctl("show", "-p", "WorkingDirectory", "-p", "ExecStart", spec.unitName).stdout
            #expect(shown.contains("WorkingDirectory=\(link)\n"), "\(shown)")
            // `systemctl show` writes argv[]'s `$` as `$$` (its own escape); the process's argv below is the proof of the bytes.
            #expect(shown.contains(" \(hostile.replacingOccurrences(of: "$", with: "$$"))/server.js ;"), "\(shown)")

            let started = try await harness.kernel.lifecycle.perform(.start, on: spec.name, actor: admin)
            let pid = try #require(started.pid)
            #expect(try Probe.procStrings(pid, "cmdline").last == "\(hostile)/server.js")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd") == elsewhere)
        }
    }
}
