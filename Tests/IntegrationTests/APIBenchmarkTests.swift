import Foundation
import Kernel
import KernelTestSupport
import Testing

/// `GET /api/apps` throughput and latency with 50 running apps, measured
/// with wrk over loopback (2 threads, 10 s) against the HTTP transport on the
/// sandbox's real systemd. Statuses are refreshed every 2 s as the monitor
/// does. Runs only with SIAX_BENCH=1; prints its numbers.
@Suite("API benchmark", .serialized, .enabled(if: SystemdEnvironment.shouldRun && ProcessInfo.processInfo.environment["SIAX_BENCH"] == "1"))
struct APIBenchmarkTests {
    @Test("GET /api/apps with 50 apps under wrk")
    func listApps() async throws {
        let api = try APIHarness(operationInterval: 0.001)
        let dir = try api.base.install("node-app")
        let names = (1...50).map { String(format: "bench-%02d", $0) }
        try await api.serve(cleaningUp: names) { api in
            for name in names {
                let port = Harness.freePort()
                let spec = """
                {"name":"\(name)","runtime":"nodejs","script_path":"\(dir)/server.js","working_dir":"\(dir)","user":"nobody",
                 "port":\(port),"environment":{"PORT":"\(port)","LINES":"3"},"limits":{"memory_max":"256M"}}
                """
                #expect(try await api.call(.POST, "/api/apps", body: spec).status == 201)
                #expect(try await api.call(.POST, "/api/apps/\(name)/start").status == 200)
            }
            let kernel = api.kernel
            let monitor = Task {
                while !Task.isCancelled {
                    let apps = await kernel.apps.list()
                    if let units = try? await kernel.backend.status(of: apps.map(\.unitName)) {
                        await kernel.statusCache.update(Dictionary(uniqueKeysWithValues: apps.map { ($0.name, AppStatus(unit: units[$0.unitName])) }))
                    }
                    try? await Task.sleep(for: .seconds(2))
                }
            }
            defer { monitor.cancel() }
            try await Task.sleep(for: .seconds(1))
            let body = try await api.call(.GET, "/api/apps")
            #expect((body.json["apps"] as? [Any])?.count == 50)
            let clock = ContinuousClock()
            let statusesTime = try await clock.measure { for _ in 0..<100 { _ = try await kernel.statuses() } }
            let fresh = await kernel.statusCache.fresh(maxAge: 4) != nil
            let callTime = try await clock.measure { for _ in 0..<100 { _ = try await api.call(.GET, "/api/apps") } }
            let healthTime = try await clock.measure { for _ in 0..<100 { _ = try await api.call(.GET, "/api/health") } }
            print("bench: 100× kernel.statuses() \(statusesTime) (cache fresh: \(fresh)); 100× GET /api/apps \(callTime); 100× GET /api/health \(healthTime)")
            print("bench: GET /api/apps body \(body.text.utf8.count) bytes; RSS before \(Self.rssKiB()) KiB")
            for connections in ProcessInfo.processInfo.environment["SIAX_BENCH_QUICK"] == "1" ? [] : [4, 16, 64] {
                let wrk = try Command.run("/usr/bin/wrk", [
                    "-t2", "-c\(connections)", "-d10s", "--latency",
                    "-H", "Authorization: Bearer \(APIHarness.adminToken)", "\(api.url)/api/apps",
                ])
                print("bench: wrk -t2 -c\(connections) -d10s\n\(wrk.stdout)")
                #expect(wrk.status == 0, "\(wrk.stderr)")
            }
            print("bench: RSS after \(Self.rssKiB()) KiB (test process: agent transport + test runner)")
        }
    }

    static func rssKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
