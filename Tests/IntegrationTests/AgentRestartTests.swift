import Foundation
import Kernel
import KernelTestSupport
import Testing

/// The agent killed (SIGKILL) or stopped (SIGTERM) at random moments while it registers, updates,
/// deletes, starts and stops apps: after each restart the registry loads, every managed unit
/// on disk is registered and every registered app has its unit, and apps that were running
/// still run (they are systemd's, not the agent's).
@Suite("The agent restarted mid-operation", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct AgentRestartTests {
    static let names = ["it-chaos-a", "it-chaos-b", "it-chaos-c"]

    @Test("three seeds of operations with a kill -9 or SIGTERM every few: nothing lost, nothing duplicated",
          .aloneOnly("restarts the agent many times and reloads systemd often: run alone"), .timeLimit(.minutes(8)),
          arguments: [UInt64(1), 2, 3])
    func aloneRestartsMidOperation(seed: UInt64) async throws {
        var random = SeededRandom(seed: seed)
        let agent = try await LiveAgent.start(operationInterval: 0.05)
        defer {
            for name in Self.names { _ = try? Command.systemctl("stop", "\(name).service") }
            for name in Self.names { try? FileManager.default.removeItem(atPath: "/etc/systemd/system/\(name).service") }
            _ = try? Command.systemctl("daemon-reload")
            agent.stop()
        }
        let dir = try agent.installFixture("node-app")
        let ports = Dictionary(uniqueKeysWithValues: Self.names.map { ($0, Harness.freePort()) })
        func spec(_ name: String, lines: Int) -> String {
            """
            {"name":"\(name)","runtime":"nodejs","script_path":"\(dir)/server.js","working_dir":"\(dir)","user":"nobody","port":\(ports[name]!),"environment":{"PORT":"\(ports[name]!)","LINES":"\(lines)"}}
            """
        }
        var accepted = 0, survivorsChecked = 0
        for name in Self.names {
            _ = try await agent.request("POST", "/api/apps", body: spec(name, lines: 1))
            _ = try await agent.request("POST", "/api/apps/\(name)/start")
        }
        for round in 0..<12 {
            // A few operations in flight, then the agent dies at a random moment among them.
            // Weighted towards apps that exist and run, so that restarts find some running.
            let calls = (0..<5).map { _ -> (String, String, String?) in
                let name = Self.names[Int(random.next() % UInt64(Self.names.count))]
                switch random.next() % 8 {
                case 0, 1: return ("POST", "/api/apps", spec(name, lines: Int(random.next() % 5)))
                case 2: return ("PUT", "/api/apps/\(name)", spec(name, lines: Int(random.next() % 5)))
                case 3: return ("DELETE", "/api/apps/\(name)", nil)
                case 4, 5, 6: return ("POST", "/api/apps/\(name)/start", nil)
                default: return ("POST", "/api/apps/\(name)/stop", nil)
                }
            }
            let inFlight = Task {
                var succeeded = 0
                for (method, path, body) in calls where (try? await agent.request(method, path, body: body))?.status ?? 0 < 300 {
                    succeeded += 1
                }
                return succeeded
            }
            try await Task.sleep(for: .milliseconds(Int64(random.next() % 800)))
            let signal = random.next() % 2 == 0 ? SIGKILL : SIGTERM
            try await agent.restart(signal: signal)
            inFlight.cancel()
            accepted += await inFlight.value

            try await expectConsistent(agent, round: round, signal: signal)
            // Running apps survive the next restart untouched.
            let running = try await runningPIDs(agent)
            survivorsChecked += running.count
            try await agent.restart(signal: SIGKILL)
            let after = try await runningPIDs(agent)
            for (name, pid) in running {
                #expect(after[name] == pid, "round \(round): \(name) ran as \(pid) before the agent's restart, \(after[name].map(String.init) ?? "not") after")
            }
        }
        // The run did something: operations went through between the deaths, and apps ran across restarts.
        #expect(accepted > 0 && survivorsChecked > 0, "\(accepted) operations accepted, \(survivorsChecked) running apps followed across a restart")
        print("AgentRestartTests seed \(seed): \(accepted) operations accepted, \(survivorsChecked) running apps kept across agent restarts")
    }

    /// Registry and unit files agree: every managed unit of ours on disk is registered, every registered app has its unit.
    func expectConsistent(_ agent: LiveAgent, round: Int, signal: Int32) async throws {
        let listed = try await agent.request("GET", "/api/apps")
        #expect(listed.status == 200, "round \(round) after signal \(signal): \(listed.body)")
        let apps = (listed.json["apps"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(Set(apps).count == apps.count, "duplicates: \(apps)")
        let onDisk = Self.names.filter { name in
            let path = "/etc/systemd/system/\(name).service"
            return (try? String(contentsOfFile: path, encoding: .utf8))?.contains("X-SiaxManaged=yes") == true
        }
        #expect(Set(onDisk) == Set(apps), "round \(round) after signal \(signal): units on disk \(onDisk), registered \(apps)")
        let drifted = (listed.json["apps"] as? [[String: Any]] ?? []).filter { ($0["status"] as? [String: Any])?["drift"] is String }
        #expect(drifted.isEmpty, "an operation cut short is not drift: \(drifted)")
    }

    /// The main PID of each registered app whose unit is active.
    func runningPIDs(_ agent: LiveAgent) async throws -> [String: Int32] {
        var pids: [String: Int32] = [:]
        for name in Self.names {
            let shown = try Command.systemctl("show", "-p", "ActiveState", "-p", "MainPID", "\(name).service").stdout
            guard shown.contains("ActiveState=active"),
                  let line = shown.split(separator: "\n").first(where: { $0.hasPrefix("MainPID=") }),
                  let pid = Int32(line.dropFirst("MainPID=".count)), pid > 0 else { continue }
            pids[name] = pid
        }
        return pids
    }
}
