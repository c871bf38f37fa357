import AsyncHTTPClient
import Foundation
import GreetingTransport
import HTTPCore
import Kernel
import KernelTestSupport
import ServiceLifecycle
import Testing

/// `greeting`, a transport that exists only in the tests (Tests/Support/GreetingTransport):
/// registered with one line, its one setting read from the JSON file and from
/// `SIAX_GREETING_TEXT`, its one route served by the real HTTP server over loopback,
/// and a bad key in its section refused with the key's full path — all without
/// the Kernel knowing its name or its keys.
@Suite("A transport that exists only in the tests")
struct TestOnlyTransportTests {
    /// The `http` transport, plus the test transport's one registration line.
    static func registry() -> PluginRegistry {
        var registry = PluginRegistry()
        registry.registerTransport("http", settings: HTTPSettings.self) { settings, kernel, parts in
            try HTTPTransport(kernel: kernel, settings: settings, parts: parts.compactMap { $0 as? any APIRouteProvider }, environment: [:])
        }
        registry.registerPart("greeting", of: "http", settings: GreetingSettings.self) { settings, _ in GreetingRoutes(settings: settings) }
        return registry
    }

    /// A configuration file holding `json`, loaded with `environment`.
    static func load(_ json: String, environment: [String: String] = [:], registry: PluginRegistry = registry()) throws -> AgentConfig {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("siax-greeting-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try ConfigLoader.load(path: file, environment: environment, plugins: registry.settings)
    }

    /// A free loopback port.
    static func freePort() throws -> Int {
        let (fd, port) = try LoopbackListener.open(backlog: 1)
        close(fd)
        return port
    }

    /// Runs the transports `config` asks for around an in-memory kernel; `body` gets the server's base URL.
    static func serving(_ config: AgentConfig, port: Int, _ body: (String) async throws -> Void) async throws {
        let base = try InMemoryKernel(configure: { kernelConfig in
            let (unitDir, stateDir) = (kernelConfig.unitDir, kernelConfig.stateDir)
            kernelConfig = config
            kernelConfig.unitDir = unitDir
            kernelConfig.stateDir = stateDir
        })
        defer { base.cleanUp() }
        let transports = try registry().makeTransports(config.transports, kernel: base.kernel)
        #expect(transports.map(\.name) == ["http"])
        let group = ServiceGroup(configuration: .init(services: transports.map { .init(service: $0) }, logger: base.kernel.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let url = "http://127.0.0.1:\(port)"
            do {
                #expect(await eventually { (try? await get(url + "/api/health")) != nil })
                try await body(url)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// The status and body of `GET url`.
    static func get(_ url: String) async throws -> (status: UInt, body: String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, String(buffer: body))
    }

    @Test("its setting comes from the JSON file, and its route is served on the http server")
    func configuredFromFile() async throws {
        let port = try Self.freePort()
        let config = try Self.load(#"{"listen": "127.0.0.1:\#(port)", "greeting": {"text": "hola desde el archivo"}}"#)
        #expect(try config.settings(GreetingSettings.self).greeting.text == "hola desde el archivo")
        try await Self.serving(config, port: port) { url in
            let answer = try await Self.get(url + "/api/greeting")
            #expect(answer.status == 200)
            #expect(answer.body == #"{"greeting":"hola desde el archivo"}"#)
            let document = try await Self.get(url + "/openapi.json")
            #expect(document.body.contains("/api/greeting"))
        }
    }

    @Test("its SIAX_* variable overrides the file")
    func configuredFromEnvironment() async throws {
        let port = try Self.freePort()
        let config = try Self.load(
            #"{"listen": "127.0.0.1:\#(port)", "greeting": {"text": "from the file"}}"#,
            environment: ["SIAX_GREETING_TEXT": "from the environment"])
        try await Self.serving(config, port: port) { url in
            let answer = try await Self.get(url + "/api/greeting")
            #expect(answer.body == #"{"greeting":"from the environment"}"#)
        }
    }

    @Test("left out of `transports`, its route is not served")
    func leftOut() async throws {
        let port = try Self.freePort()
        let config = try Self.load(#"{"listen": "127.0.0.1:\#(port)", "transports": ["http"]}"#)
        try await Self.serving(config, port: port) { url in
            let greeting = try await Self.get(url + "/api/greeting")
            #expect(greeting.status == 404)
            let health = try await Self.get(url + "/api/health")
            #expect(health.status == 200)
        }
    }

    @Test("a bad key in its section is refused with the key's full path")
    func badKey() throws {
        let error = #expect(throws: SiaxError.self) { try Self.load(#"{"greeting": {"txet": "hola"}}"#) }
        #expect(error?.field == "greeting.txet")
        #expect(error?.message.contains("'greeting.txet': unknown key") == true)

        let empty = #expect(throws: SiaxError.self) { try Self.load(#"{"greeting": {"text": ""}}"#) }
        #expect(empty?.field == "greeting.text")

        let variable = #expect(throws: SiaxError.self) { try Self.load("{}", environment: ["SIAX_GREETING_TEXT": ""]) }
        #expect(variable?.field == "greeting.text")
    }

    @Test("without its registration line, its section is an unknown key")
    func unregistered() throws {
        var registry = PluginRegistry()
        registry.registerTransport("http", settings: HTTPSettings.self) { settings, kernel, _ in
            try HTTPTransport(kernel: kernel, settings: settings, environment: [:])
        }
        let error = #expect(throws: SiaxError.self) { try Self.load(#"{"greeting": {"text": "hola"}}"#, registry: registry) }
        #expect(error?.field == "greeting")
    }
}
