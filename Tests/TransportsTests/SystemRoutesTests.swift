import Foundation
import Hummingbird
import HummingbirdTesting
import Kernel
import Testing
@testable import HTTPCore

/// A scanner with a fixed process list and fixed adoption hints.
struct FixedScanner: ProcessScanner {
    let processes: [ScannedProcess]
    var hints: [Int32: AdoptionHint] = [:]
    var environments: [Int32: [String: String]] = [:]
    func scan(runtimes: RuntimeCatalog) async throws -> [ScannedProcess] { processes }
    func adoptionHints(for processes: [ScannedProcess]) async -> [Int32: AdoptionHint] { hints }
    func environment(of process: ScannedProcess) async -> [String: String]? { environments[process.pid] }
}

@Suite("Agent routes: runtimes, scan, events, audit")
struct SystemRoutesTests {
    let admin = auth(TestAgent.adminToken)

    @Test("runtimes list their interpreter")
    func runtimes() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            let response = try await client.execute(uri: "/api/runtimes", method: .get, headers: auth(agent.viewerToken))
            let runtimes = try #require(response.json["runtimes"] as? [[String: Any]])
            #expect(runtimes.count == 1)
            #expect(runtimes[0]["id"] as? String == "fake")
            #expect(runtimes[0]["interpreter"] as? String == "/bin/sh")
            #expect(runtimes[0]["available"] as? Bool == true)
            #expect(runtimes[0]["version"] as? String == "1.0")
        }
    }

    @Test("scan is 503 without a scanner")
    func noScanner() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            let response = try await client.execute(uri: "/api/scan", method: .get, headers: admin)
            #expect(response.status == .serviceUnavailable)
            #expect(response.errorCode == "backend_unavailable")
        }
    }

    @Test("scan maps each process's unit to its managed app, with nulls where unknown")
    func scan() async throws {
        let scanner = FixedScanner(processes: [
            ScannedProcess(pid: 10, ppid: 1, uid: 0, user: "root", argv: ["/bin/sh", "server.js"], cwd: "/srv", unit: "shop-api.service",
                           cpuPercent: 1.5, memoryBytes: 2048),
            ScannedProcess(pid: 11, ppid: 1, uid: 0, argv: ["/bin/sh", "other.js"]),
            ScannedProcess(pid: 12, ppid: 1, uid: 0, argv: ["/usr/bin/perl"]),
        ], hints: [11: AdoptionHint(ports: [3000, 3001], suggestedName: "other")])
        let agent = try await TestAgent(scanner: scanner); defer { agent.cleanUp() }
        try await agent.register()
        try await agent.application().test(.router) { client in
            let response = try await client.execute(uri: "/api/scan?runtime=fake", method: .get, headers: admin)
            let processes = try #require(response.json["processes"] as? [[String: Any]])
            #expect(processes.count == 2)
            #expect(processes[0]["app"] as? String == "shop-api")
            #expect(processes[0]["unit"] as? String == "shop-api.service")
            #expect(processes[0]["runtime"] as? String == "fake")
            #expect(processes[0]["cmdline"] as? String == "/bin/sh server.js")
            #expect(processes[1]["app"] is NSNull)
            #expect(processes[1]["unit"] is NSNull)
            #expect(processes[1]["argv"] as? [String] == ["/bin/sh", "other.js"])
            #expect(processes[1]["ports"] as? [Int] == [3000, 3001])
            #expect(processes[1]["suggested_name"] as? String == "other")
            #expect(processes[0]["ports"] as? [Int] == [])
            #expect(processes[0]["suggested_name"] is NSNull)
            let all = try await client.execute(uri: "/api/scan", method: .get, headers: admin)
            #expect((all.json["processes"] as? [Any])?.count == 3)
            let unknown = try await client.execute(uri: "/api/scan?runtime=cobol", method: .get, headers: admin)
            #expect(unknown.error["field"] as? String == "runtime")
        }
    }

    @Test("a scanned process's environment on request: admin only, audited, 404 for a process the scan does not find, 422 for a bad PID")
    func environment() async throws {
        let scanner = FixedScanner(processes: [ScannedProcess(pid: 11, ppid: 1, uid: 0, argv: ["/bin/sh", "other.js"])],
                                   environments: [11: ["PORT": "3000", "API_KEY": "s3cret"]])
        let agent = try await TestAgent(scanner: scanner); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            let response = try await client.execute(uri: "/api/scan/11/environment", method: .get, headers: admin)
            #expect(response.status == .ok)
            #expect(response.json["pid"] as? Int == 11)
            #expect(response.json["environment"] as? [String: String] == ["PORT": "3000", "API_KEY": "s3cret"])
            #expect(try await client.execute(uri: "/api/scan/11/environment", method: .get, headers: auth(agent.operatorToken)).status == .forbidden)
            #expect(try await client.execute(uri: "/api/scan/12/environment", method: .get, headers: admin).errorCode == "not_found")
            #expect(try await client.execute(uri: "/api/scan/abc/environment", method: .get, headers: admin).error["field"] as? String == "pid")
            let audit = try await client.execute(uri: "/api/audit", method: .get, headers: admin)
            let actions = (audit.json["entries"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.filter { $0 == "scan.environment" }.count >= 2)
        }
    }

    @Test("events list recent operations")
    func events() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.register()
        try await agent.application().test(.router) { client in
            _ = try await client.execute(uri: "/api/apps/shop-api/start", method: .post, headers: auth(agent.operatorToken))
            let response = try await client.execute(uri: "/api/events?limit=10", method: .get, headers: auth(agent.viewerToken))
            let events = try #require(response.json["events"] as? [[String: Any]])
            let start = try #require(events.last)
            #expect(start["type"] as? String == "operation")
            #expect(start["operation"] as? String == "start")
            #expect(start["actor"] as? String == "operator")
            #expect(start["at"] is String)
        }
    }

    @Test("a query parameter out of range, not a number, or given twice is bad_request naming it")
    func badQueryParameters() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            for query in ["limit=0", "limit=ten", "limit=&limit=5", "limit=5&limit=6"] {
                let response = try await client.execute(uri: "/api/audit?\(query)", method: .get, headers: admin)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.errorCode == "bad_request", "\(query)")
                #expect(response.error["field"] as? String == "limit", "\(query)")
            }
            let once = try await client.execute(uri: "/api/audit?limit=5", method: .get, headers: admin)
            #expect(once.status == .ok)
        }
    }

    @Test("every state-changing call is audited — who, what, app, result — including refusals; the log is JSON lines")
    func audit() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            _ = try await client.execute(uri: "/api/apps/register", method: .post, headers: admin, body: agent.specJSON())
            _ = try await client.execute(uri: "/api/apps/shop-api/start", method: .post, headers: auth(agent.viewerToken))
            _ = try await client.execute(uri: "/api/apps/shop-api/start", method: .post, headers: auth(agent.operatorToken))
            _ = try await client.execute(uri: "/api/apps/shop-api", method: .delete, headers: auth("wrong"))

            let response = try await client.execute(uri: "/api/audit", method: .get, headers: admin)
            let entries = try #require(response.json["entries"] as? [[String: Any]])
            #expect(entries.count == 4)
            #expect(entries[0]["action"] as? String == "register")
            #expect(entries[0]["actor"] as? String == "admin")
            #expect(entries[0]["app"] as? String == "shop-api")
            #expect(entries[0]["result"] as? String == "ok")
            #expect(entries[0]["status"] as? Int == 201)
            #expect(entries[0]["address"] as? String == "local")
            #expect(entries[1]["result"] as? String == "forbidden")
            #expect(entries[1]["actor"] as? String == "viewer")
            #expect(entries[2]["action"] as? String == "start")
            #expect(entries[2]["result"] as? String == "ok")
            #expect(entries[3]["actor"] as? String == "anonymous")
            #expect(entries[3]["result"] as? String == "unauthorized")
        }
        let lines = try String(contentsOfFile: AuditLog.filePath(stateDir: agent.stateDir), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
        let mode = try FileManager.default.attributesOfItem(atPath: AuditLog.filePath(stateDir: agent.stateDir))[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // A restarted agent still shows them.
        let reopened = try AuditLog(stateDir: agent.stateDir, logger: TestAgent.logger)
        #expect(await reopened.entries(limit: 100).count == 4)
    }
}
