import Foundation
import Kernel
import KernelTestSupport
import Monitor
import Testing

/// A managed unit edited by hand on the sandbox's real systemd, seen through the API.
@Suite("Drift on a real systemd", .serialized, .enabled(if: SystemdEnvironment.shouldRun), .timeLimit(.minutes(2)))
struct DriftTests {
    @Test("a hand edit is reported (status, alert) and kept until an admin asks for the unit to be written again")
    func handEdit() async throws {
        let api = try APIHarness(operationInterval: 0)
        let name = "it-drift"
        let spec = try api.nodeAppSpec(name)
        try await api.serve(cleaningUp: [name]) { api in
            #expect(try await api.call(.POST, "/api/apps", body: spec).status == 201)
            let path = "/etc/systemd/system/\(name).service"
            let edited = try String(contentsOfFile: path, encoding: .utf8)
                .replacingOccurrences(of: "[Service]\n", with: "[Service]\nEnvironment=HAND=edited\n")
            try edited.write(toFile: path, atomically: true, encoding: .utf8)
            _ = try Command.systemctl("daemon-reload")

            let reconciler = Reconciler(kernel: api.kernel, scanner: ProcScanner())
            await reconciler.pass()
            let status = try await api.call(.GET, "/api/apps/\(name)/status")
            #expect(status.json["drift"] as? String == "modified", "\(status.text)")
            let events = try await api.call(.GET, "/api/events?limit=100").json["events"] as? [[String: Any]] ?? []
            #expect(events.contains { $0["alert"] as? String == "drift" && $0["app"] as? String == name })
            await reconciler.pass()
            #expect(try String(contentsOfFile: path, encoding: .utf8) == edited, "the agent left the hand edit alone")

            let rewritten = try await api.call(.POST, "/api/apps/\(name)/unit")
            #expect(rewritten.status == 200, "\(rewritten.text)")
            #expect(rewritten.status_["drift"] is NSNull)
            #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("HAND=edited"))
            let environment = try Command.systemctl("show", "-p", "Environment", "\(name).service").stdout
            #expect(!environment.contains("HAND=edited"), "systemd reloaded the rewritten unit: \(environment)")
            await reconciler.pass()
            #expect(try await api.call(.GET, "/api/apps/\(name)/status").json["drift"] is NSNull)
        }
    }
}
