import Foundation
import Kernel
import KernelTestSupport
import Testing
import HTTPCore

/// The HTTP transport's state files (tokens, audit log, webhook replay cache) on a disk that
/// fills up and frees again. A tiny tmpfs, seen only in the sandbox's private mount namespace.
@Suite("State files on a full disk", .serialized, .enabled(if: SystemdEnvironment.shouldRun), .timeLimit(.minutes(2)))
struct StateDiskFullTests {
    @Test("full: a new token fails cleanly, a webhook is refused unrun, operations go on and the audit log keeps whole lines; freed: all work again")
    func fullThenFreed() async throws {
        try SystemdEnvironment.check()
        let disk = try TinyDisk("statefull", size: "256k")
        defer { disk.remove() }
        let mountPoint = disk.path
        let stateDir = "\(mountPoint)/state"
        let api = try APIHarness(operationInterval: 0) { $0.stateDir = stateDir }
        let name = "it-statefull"
        let spec = try api.nodeAppSpec(name)
        let filler = "\(mountPoint)/filler"
        try await api.serve(cleaningUp: [name]) { api in
            #expect(try await api.call(.POST, "/api/apps", body: spec).status == 201)
            _ = try await api.token("before", role: "viewer")

            _ = try Command.run("/bin/sh", ["-c", "cat /dev/zero > \(filler)"])  // fills the disk; fails at ENOSPC
            let token = try await api.call(.POST, "/api/tokens", body: #"{"name":"during","role":"viewer"}"#)
            #expect(token.status == 500, "\(token.text)")
            #expect(token.text.contains("No space left on device"), "\(token.text)")
            let names = (try await api.call(.GET, "/api/tokens").json["tokens"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names.contains("before") && !names.contains("during"), "\(names)")

            let hook = try await api.webhook(id: "msg_full_1", action: "start", app: name)
            #expect(hook.status == 500, "\(hook.text)")
            #expect(hook.text.contains("the command was not run"), "\(hook.text)")
            #expect(try Command.systemctl("is-active", "\(name).service").stdout.hasPrefix("inactive"))

            // Operations go on without their audit line; the log keeps whole lines only.
            #expect(try await api.call(.POST, "/api/apps/\(name)/start").status == 200)
            #expect(try await api.call(.POST, "/api/apps/\(name)/stop").status == 200)
            try expectWholeLines(AuditLog.filePath(stateDir: stateDir))

            try FileManager.default.removeItem(atPath: filler)
            #expect(try await api.call(.POST, "/api/tokens", body: #"{"name":"after","role":"viewer"}"#).status == 201)
            let again = try await api.webhook(id: "msg_full_2", action: "start", app: name)
            #expect(again.status == 200, "\(again.text)")
            #expect(try await api.webhook(id: "msg_full_2", action: "start", app: name).status == 409)
            try expectWholeLines(AuditLog.filePath(stateDir: stateDir))
            let audit = try String(contentsOfFile: AuditLog.filePath(stateDir: stateDir), encoding: .utf8)
            #expect(audit.contains("webhook.start"))
        }
    }

    /// Every line of the audit log is one JSON object.
    func expectWholeLines(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(!lines.isEmpty, sourceLocation: sourceLocation)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "\(line)", sourceLocation: sourceLocation)
        }
    }
}
