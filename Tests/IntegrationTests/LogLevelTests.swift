import Foundation
import Kernel
import KernelTestSupport
import Testing

/// Log levels of a real Node.js app through each backend: stderr lines get a
/// priority from the nodejs runtime's preload (`<3>`, `<4>` for console.warn),
/// which journald records; lines at info get a level from their own words.
@Suite("Log levels of a Node.js app on a real systemd", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct LogLevelTests {
    let admin = Requester(name: "integration")

    @Test("console.error is an error, console.warn a warning, stdout info; a line's own prefix or level word wins", arguments: BackendKind.allCases)
    func nodeStderr(_ kind: BackendKind) async throws {
        let harness = try Harness(backend: try await kind.make())
        let dir = try harness.install("stderr-app")
        let spec = AppSpec(name: "it-levels-\(kind)", runtime: "nodejs", scriptPath: "\(dir)/app.js", workingDir: dir, user: "nobody")
        try await harness.run(cleaningUp: [spec.name]) {
            _ = try await harness.kernel.apps.register(spec, actor: admin)
            _ = try await harness.kernel.lifecycle.perform(.start, on: spec.name, actor: admin)
            var entries: [LogEntry] = []
            let logged = await eventually {
                entries = (try? await harness.kernel.backend.logs.history(of: spec.unitName, query: LogQuery(lines: 50)))?.entries ?? []
                return entries.contains { $0.message == "WARNING:root:disk almost full" }
            }
            #expect(logged, "\(entries.map(\.message))")
            func entry(_ message: String) -> LogEntry? { entries.first { $0.message == message } }
            #expect(entry("plain stdout line").map { ($0.priority, $0.level) } ?? (-1, .debug) == (6, .info))
            #expect(entry("card declined for order 1234").map { ($0.priority, $0.level) } ?? (-1, .debug) == (3, .error))
            #expect(entry("stock running low").map { ($0.priority, $0.level) } ?? (-1, .debug) == (4, .warning))
            #expect(entry("stderr line that says info itself").map { ($0.priority, $0.level) } ?? (-1, .debug) == (6, .info))
            #expect(entry("WARNING:root:disk almost full").map { ($0.priority, $0.level) } ?? (-1, .debug) == (6, .warning))
        }
    }
}
