import Foundation
import Kernel
import KernelTestSupport
import Testing

/// A runtime added as a JSON file in a configured directory runs an app with no Swift change.
@Suite("A new runtime is a JSON file", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct ExtraRuntimeTests {
    @Test("a shell runtime defined in JSON registers and runs")
    func shellRuntime() async throws {
        let runtimes = "/var/lib/siax-agent/it-runtimes-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: runtimes, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: runtimes) }
        try """
        {"id": "posix-sh", "name": "POSIX shell",
         "interpreter": {"candidates": ["/bin/sh"], "version_args": ["-c", "echo sh"]},
         "exec_start": ["{interpreter}", "{script_path}", "{args...}"],
         "environment": {"SHELL_RUNTIME": "1"},
         "process_matcher": {"executables": ["sh", "dash"]}}
        """.write(toFile: "\(runtimes)/posix-sh.json", atomically: true, encoding: .utf8)

        let harness = try Harness(extraRuntimeDirs: [runtimes])
        let script = "\(harness.workDir)/loop.sh"
        try "echo \"started with $1 and $SHELL_RUNTIME\"\nexec sleep 300\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o644)
        let spec = AppSpec(name: "it-shell", runtime: "posix-sh", scriptPath: script, workingDir: harness.workDir, user: "nobody", args: ["arg1"])
        try await harness.run(cleaningUp: [spec.name]) {
            _ = try await harness.kernel.apps.register(spec, actor: Requester(name: "integration"))
            let status = try await harness.kernel.lifecycle.perform(.start, on: spec.name, actor: Requester(name: "integration"))
            #expect(status.state == .running)
            let logged = await eventually {
                let page = try? await harness.kernel.backend.logs.history(of: spec.unitName, query: LogQuery(lines: 5))
                return page?.entries.contains { $0.message == "started with arg1 and 1" } == true
            }
            #expect(logged)
        }
    }
}
