import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KernelTestSupport
import Testing

/// `serve` as a `Type=notify` unit of the sandbox's systemd: the start job completes on
/// `READY=1`, sent once the HTTP server listens (`STATUS=listening on …`), and a stop is clean.
@Suite(
    "serve as a notify service", .serialized, .enabled(if: SystemdEnvironment.shouldRun),
    .aloneOnly("systemd 252's systemd-run fails now and then while another suite runs daemon-reload: run alone"))
struct ServeNotifyTests {
    @Test("Type=notify: active once READY=1 came, with the agent's status line; stopped on request")
    func aloneNotifyService() async throws {
        try SystemdEnvironment.check()
        let unit = "it-notify-\(UUID().uuidString.prefix(8).lowercased())"
        let base = "/var/lib/siax-agent/\(unit)"
        try FileManager.default.createDirectory(atPath: "\(base)/state", withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: "\(base)/config.json"))
        defer { try? FileManager.default.removeItem(atPath: base) }
        let port = Harness.freePort()
        let environment = LiveAgent.environment(stateDir: "\(base)/state", port: port)
            .filter { $0.key.hasPrefix("SIAX_") }
            .merging(["SIAX_ADMIN_TOKEN": "it-notify-" + UUID().uuidString]) { $1 }
        // systemd-run returns when the start job is done: for Type=notify, when READY=1 arrived.
        let arguments = ["--unit", unit, "--collect", "-p", "Type=notify", "-p", "TimeoutStartSec=60"]
            + environment.map { "--setenv=\($0.key)=\($0.value)" } + [try LiveAgent.binaryPath(), "serve"]
        let started = try Command.run("/usr/bin/systemd-run", arguments)
        try #require(started.status == 0, "systemd-run: \(started.stderr)")
        defer { _ = try? Command.systemctl("stop", unit) }

        let show = try Command.systemctl("show", "-p", "ActiveState,SubState,StatusText", unit).stdout
        #expect(show.contains("ActiveState=active"), "\(show)")
        // READY=1 comes once the HTTP server listens: the API answers at once, no retry.
        #expect(show.contains("StatusText=listening on 127.0.0.1:\(port)"), "\(show)")
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/api/health")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(String(decoding: data, as: UTF8.self))")

        _ = try Command.systemctl("stop", unit)
        let after = try Command.systemctl("show", "-p", "ActiveState,Result", unit).stdout
        #expect(after.contains("ActiveState=inactive"), "\(after)")
    }
}
