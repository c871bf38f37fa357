import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KernelTestSupport
import Testing

/// The `siax-agent` CLI client (`apps`, `token`, `status`) run as operators
/// run it: the built binary against a live `siax-agent serve` on the sandbox's
/// real systemd, over loopback HTTP and WebSocket.
@Suite("CLI client against a live agent", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct CLITests {
    @Test("status, register, list, start, show, unit, logs, logs -f, restart, stop, update, delete")
    func appLifecycle() async throws {
        let agent = try await LiveAgent.start()
        defer { agent.stop() }
        let dir = try agent.installFixture("node-app")
        let port = Harness.freePort()
        let spec = try agent.writeSpec("cli-node", [
            "name": "cli-node", "runtime": "nodejs", "script_path": "\(dir)/server.js", "working_dir": dir,
            "user": "nobody", "port": port, "environment": ["PORT": "\(port)", "LINES": "12"],
        ])
        defer { _ = try? agent.cli("apps", "delete", "cli-node", "--yes") }

        // The address comes from the config's listen and the token from <state_dir>/admin.token.
        let status = try agent.cli("status", explicit: false)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("Version:"))
        #expect(status.stdout.contains("Apps:"))

        let registered = try agent.cli("apps", "register", spec, explicit: false)
        #expect(registered.status == 0, "\(registered.stderr)")
        #expect(registered.stdout.contains("registered cli-node"))

        let list = try agent.cli("apps", "list")
        #expect(list.stdout.contains("NAME"))
        #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix("cli-node") && $0.contains("stopped") })
        let json = try agent.cli("apps", "list", "--json")
        let apps = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["apps"] as? [[String: Any]])
        #expect(apps.contains { $0["name"] as? String == "cli-node" })

        // start → a live PID that answers on the app's port.
        let started = try agent.cli("apps", "start", "cli-node")
        #expect(started.status == 0, "\(started.stderr)")
        let pid = try #require(Self.pid(in: started.stdout), "no pid in: \(started.stdout)")
        #expect(started.stdout.hasPrefix("cli-node: running"))
        #expect(Probe.isAlive(pid))
        let answer = try await Probe.getJSON(port: port)
        #expect((answer["pid"] as? Int).map(Int32.init) == pid)

        let show = try agent.cli("apps", "show", "cli-node")
        #expect(show.stdout.contains("\(dir)/server.js"))
        #expect(show.stdout.contains("PORT=\(port)"))
        let unit = try agent.cli("apps", "unit", "cli-node")
        #expect(unit.stdout.contains("ExecStart="))
        #expect(unit.stdout.contains("X-SiaxManaged=yes"))

        // History: the last lines, with their level.
        let sawLogs = await eventually {
            ((try? agent.cli("apps", "logs", "cli-node", "--lines", "5"))?.stdout.contains("listening on \(port)")) == true
        }
        #expect(sawLogs)
        let warning = try agent.cli("apps", "logs", "cli-node", "--priority", "warning", "--lines", "50")
        #expect(warning.status == 0, "\(warning.stderr)")
        let grep = try agent.cli("apps", "logs", "cli-node", "--grep", "line 1", "--lines", "50", "--json")
        let entries = try #require((try JSONSerialization.jsonObject(with: Data(grep.stdout.utf8)) as? [String: Any])?["entries"] as? [[String: Any]])
        #expect(!entries.isEmpty && entries.allSatisfy { ($0["message"] as? String)?.contains("line 1") == true })

        // Follow: history over the WebSocket, then new entries after a restart.
        let follower = try agent.spawnCLI("apps", "logs", "cli-node", "-f", "--lines", "3")
        defer { follower.stop() }
        #expect(await follower.waitFor("listening on \(port)"), "follow output: \(follower.output)")
        try await Task.sleep(for: .milliseconds(600))
        let restarted = try agent.cli("apps", "restart", "cli-node")
        #expect(restarted.status == 0, "\(restarted.stderr)")
        let newPID = try #require(Self.pid(in: restarted.stdout))
        #expect(newPID != pid)
        #expect(await follower.waitFor("[\(newPID)]"), "follow output after restart: \(follower.output)")
        follower.stop()

        try await Task.sleep(for: .milliseconds(600))
        let stopped = try agent.cli("apps", "stop", "cli-node")
        #expect(stopped.stdout == "cli-node: stopped\n", "\(stopped.stdout)\(stopped.stderr)")
        #expect(await eventually { !Probe.isAlive(newPID) })

        try await Task.sleep(for: .milliseconds(600))
        let enabled = try agent.cli("apps", "enable", "cli-node")
        #expect(enabled.stdout.contains("unit file enabled"), "\(enabled.stdout)\(enabled.stderr)")

        // update: a new spec, the unit is rewritten.
        let updatedSpec = try agent.writeSpec("cli-node-2", [
            "runtime": "nodejs", "script_path": "\(dir)/server.js", "working_dir": dir, "user": "nobody",
            "port": port, "environment": ["PORT": "\(port)", "LINES": "3", "EXTRA": "yes"],
        ])
        let updated = try agent.cli("apps", "update", "cli-node", updatedSpec)
        #expect(updated.status == 0, "\(updated.stderr)")
        #expect(try agent.cli("apps", "unit", "cli-node").stdout.contains("EXTRA"))

        // delete: refused without --yes when not interactive, then done.
        let unconfirmed = try agent.cli("apps", "delete", "cli-node")
        #expect(unconfirmed.status == 2)
        #expect(unconfirmed.stderr.contains("--yes"))
        try await Task.sleep(for: .milliseconds(600))
        let deleted = try agent.cli("apps", "delete", "cli-node", "--yes")
        #expect(deleted.status == 0, "\(deleted.stderr)")
        let gone = try agent.cli("apps", "show", "cli-node")
        #expect(gone.status == 1)
        #expect(gone.stderr.contains("not_found"))
    }

    @Test("failures: API message with code and field, exit codes, rate limit with Retry-After")
    func failures() async throws {
        // A long interval, so the second operation is refused however slow the machine is.
        let agent = try await LiveAgent.start(operationInterval: 3)
        defer { agent.stop() }
        let dir = try agent.installFixture("node-app")

        let bad = try agent.writeSpec("bad", [
            "name": "cli-bad", "runtime": "nodejs", "script_path": "\(dir)/missing.js", "working_dir": dir, "user": "nobody",
        ])
        let refused = try agent.cli("apps", "register", bad)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error: "))
        #expect(refused.stderr.contains("validation_failed"))
        #expect(refused.stderr.contains("field: script_path"))

        let notJSON = try agent.writeFile("broken.json", "{ not json")
        #expect(try agent.cli("apps", "register", notJSON).status == 2)

        let wrongToken = try agent.cli("apps", "list", "--token", "nope", explicit: false)
        #expect(wrongToken.status == 1)
        #expect(wrongToken.stderr.contains("unauthorized"))

        let unreachable = try agent.cli("apps", "list", "--url", "http://127.0.0.1:\(Harness.freePort())", "--token", "x", explicit: false)
        #expect(unreachable.status == 3)
        #expect(unreachable.stderr.contains("cannot reach the agent"))

        // Two operations on one app within the interval: 429, and the CLI says when to retry.
        let spec = try agent.writeSpec("cli-rate", [
            "name": "cli-rate", "runtime": "nodejs", "script_path": "\(dir)/server.js", "working_dir": dir, "user": "nobody",
            "environment": ["PORT": "\(Harness.freePort())"],
        ])
        defer { _ = try? agent.cli("apps", "delete", "cli-rate", "--yes") }
        #expect(try agent.cli("apps", "register", spec).status == 0)
        try await Task.sleep(for: .seconds(3.1))
        #expect(try agent.cli("apps", "start", "cli-rate").status == 0)
        let limited = try agent.cli("apps", "restart", "cli-rate")
        #expect(limited.status == 1)
        #expect(limited.stderr.contains("rate_limited"))
        #expect(limited.stderr.contains("retry after"))
        try await Task.sleep(for: .seconds(3.1))
        #expect(try agent.cli("apps", "delete", "cli-rate", "--yes").status == 0)
    }

    @Test("token create, list, delete; a viewer token cannot operate")
    func tokens() async throws {
        let agent = try await LiveAgent.start()
        defer { agent.stop() }

        let created = try agent.cli("token", "create", "--role", "viewer", "--name", "cli-viewer")
        #expect(created.status == 0, "\(created.stderr)")
        let viewer = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!viewer.isEmpty && !viewer.contains(" "))
        #expect(created.stderr.contains("shown only once"))

        let list = try agent.cli("token", "list", "--json")
        let tokens = try #require((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["tokens"] as? [[String: Any]])
        let record = try #require(tokens.first { $0["name"] as? String == "cli-viewer" })
        #expect(record["token"] == nil)
        #expect(try agent.cli("token", "list").stdout.contains("cli-viewer"))

        let asViewer = try agent.cli("apps", "list", "--token", viewer, explicit: false, url: true)
        #expect(asViewer.status == 0, "\(asViewer.stderr)")
        let forbidden = try agent.cli("token", "create", "--role", "admin", "--name", "x", "--token", viewer, explicit: false, url: true)
        #expect(forbidden.status == 1)
        #expect(forbidden.stderr.contains("forbidden"))

        let id = try #require(record["id"] as? String)
        #expect(try agent.cli("token", "delete", id).status == 0)
        let revoked = try agent.cli("apps", "list", "--token", viewer, explicit: false, url: true)
        #expect(revoked.status == 1)
    }

    static func pid(in text: String) -> Int32? {
        guard let range = text.range(of: #"pid (\d+)"#, options: .regularExpression) else { return nil }
        return Int32(text[range].dropFirst(4))
    }
}

/// Runs a command with an environment and no standard input (test harness only).
enum CLIRun {
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Command {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let errors = OutputBuffer()
        err.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { errors.append(data) }
        }
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        err.fileHandleForReading.readabilityHandler = nil
        if let rest = try? err.fileHandleForReading.readToEnd() { errors.append(rest) }
        return Command(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: errors.text)
    }
}

/// Output collected from a pipe's handler thread.
final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ more: Data) {
        lock.lock()
        data.append(more)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A CLI process whose output is collected while it runs (`logs -f`).
final class BackgroundCLI {
    private let process: Process
    private let collected = OutputBuffer()

    init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let collected = collected
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            collected.append(data)
        }
        try process.run()
    }

    var output: String { collected.text }

    /// Waits until the output contains `text`.
    func waitFor(_ text: String, timeout: Duration = .seconds(20)) async -> Bool {
        await eventually(timeout: timeout) { self.output.contains(text) }
    }

    func stop() {
        if process.isRunning {
            process.interrupt()
            process.waitUntilExit()
        }
    }
}
