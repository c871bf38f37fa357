import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KernelTestSupport

/// `siax-agent serve` in a private state dir on a free port, started from the built binary;
/// it can be killed and started again on the same state.
final class LiveAgent: @unchecked Sendable {
    let binary: String
    let base: String
    let stateDir: String
    let port: Int
    let token: String
    private(set) var process: Process

    private init(binary: String, base: String, stateDir: String, port: Int, token: String, process: Process) {
        self.binary = binary
        self.base = base
        self.stateDir = stateDir
        self.port = port
        self.token = token
        self.process = process
    }

    /// The `siax-agent` executable next to the test bundle in the build directory.
    static func binaryPath() throws -> String {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("siax-agent").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw HarnessError("siax-agent is not built next to the tests: build with `swift build --build-tests`")
    }

    /// The environment of the agent and of CLI runs: config from SIAX_* variables only.
    static func environment(stateDir: String, port: Int) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SIAX_") || $0.key == "SIAX_SANDBOX" }
        environment["SIAX_STATE_DIR"] = stateDir
        environment["SIAX_LISTEN"] = "127.0.0.1:\(port)"
        environment["SIAX_CONFIG"] = "\(stateDir)/../config.json"
        environment["SIAX_RUNTIME_DIRS"] = ""
        environment["NO_COLOR"] = "1"
        return environment
    }

    /// Starts an agent (it generates its admin token into the state dir) and waits for its health.
    static func start(operationInterval: Double = 0.5) async throws -> LiveAgent {
        try SystemdEnvironment.check()
        let binary = try binaryPath()
        let base = "/var/lib/siax-agent/it-cli-\(UUID().uuidString.prefix(8).lowercased())"
        let stateDir = "\(base)/state"
        try FileManager.default.createDirectory(atPath: "\(base)/apps", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        for dir in ["/var/lib/siax-agent", base, "\(base)/apps"] { chmod(dir, 0o755) }
        try Data("{\"operation_interval_s\": \(operationInterval)}".utf8).write(to: URL(fileURLWithPath: "\(base)/config.json"))
        let port = Harness.freePort()
        let process = try launch(binary: binary, base: base, stateDir: stateDir, port: port)
        let tokenFile = "\(stateDir)/admin.token"
        guard await healthy(process, port: port, tokenFile: tokenFile), let token = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
            if process.isRunning { process.terminate() }
            let output = (try? String(contentsOfFile: "\(base)/agent.log", encoding: .utf8)) ?? ""
            throw HarnessError("the agent did not come up on port \(port): \(output.suffix(2000))")
        }
        return LiveAgent(binary: binary, base: base, stateDir: stateDir, port: port,
                         token: token.trimmingCharacters(in: .whitespacesAndNewlines), process: process)
    }

    /// `serve` on `port`, its output appended to `<base>/agent.log`.
    private static func launch(binary: String, base: String, stateDir: String, port: Int) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve"]
        process.environment = environment(stateDir: stateDir, port: port)
        let logPath = "\(base)/agent.log"
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = FileHandle(forWritingAtPath: logPath)
        _ = try? log?.seekToEnd()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        return process
    }

    /// Whether the agent answers its health route (within 60 s) and has written its token file;
    /// false at once when it exits.
    private static func healthy(_ process: Process, port: Int, tokenFile: String) async -> Bool {
        var answered = false
        _ = await eventually(timeout: .seconds(60)) {
            guard process.isRunning else { return true }
            guard FileManager.default.fileExists(atPath: tokenFile) else { return false }
            let url = URL(string: "http://127.0.0.1:\(port)/api/health")!
            answered = (try? await URLSession.shared.data(from: url)) != nil
            return answered
        }
        return answered && process.isRunning
    }

    /// Sends `signal` to the agent, waits for it to end, starts it again on the same state and port, and waits for its health.
    func restart(signal: Int32) async throws {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        process = try Self.launch(binary: binary, base: base, stateDir: stateDir, port: port)
        guard await Self.healthy(process, port: port, tokenFile: "\(stateDir)/admin.token") else {
            let output = (try? String(contentsOfFile: "\(base)/agent.log", encoding: .utf8)) ?? ""
            throw HarnessError("the agent did not come back on port \(port): \(output.suffix(2000))")
        }
    }

    /// One API call with the admin token: status, body, and the body as a JSON object.
    func request(_ method: String, _ path: String, body: String? = nil) async throws -> (status: Int, body: String, json: [String: Any]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!, timeoutInterval: 60)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let text = String(decoding: data, as: UTF8.self)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, text, json)
    }

    /// Stops the agent and removes its directory.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: base)
    }

    /// Copies a fixture app to a place `nobody` can read.
    func installFixture(_ name: String) throws -> String {
        let destination = "\(base)/apps/\(name)"
        if !FileManager.default.fileExists(atPath: destination) {
            try FileManager.default.copyItem(atPath: "\(Harness.repo)/Tests/IntegrationTests/Apps/\(name)", toPath: destination)
            chmod(destination, 0o755)
        }
        return destination
    }

    func writeFile(_ name: String, _ text: String) throws -> String {
        let path = "\(base)/\(name)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func writeSpec(_ name: String, _ spec: [String: Any]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys])
        return try writeFile("\(name).json", String(decoding: data, as: UTF8.self))
    }

    /// Runs the CLI; `explicit` adds `--url` and `--token` (else the config and the token file are used).
    func cli(_ arguments: String..., explicit: Bool = true, url: Bool = false) throws -> Command {
        var args = arguments
        if explicit || url { args += ["--url", "http://127.0.0.1:\(port)"] }
        if explicit { args += ["--token", token] }
        return try CLIRun.run(binary, args, environment: Self.environment(stateDir: stateDir, port: port))
    }

    /// Starts the CLI in the background, collecting its output.
    func spawnCLI(_ arguments: String...) throws -> BackgroundCLI {
        try BackgroundCLI(binary, arguments + ["--url", "http://127.0.0.1:\(port)", "--token", token],
                          environment: Self.environment(stateDir: stateDir, port: port))
    }
}
