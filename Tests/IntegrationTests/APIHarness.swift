import AsyncHTTPClient
import Foundation
import HummingbirdWSClient
import Kernel
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Store
import HTTPCore
import WebPanel
import WebSocketStreams
import Webhooks

/// The HTTP transport running in-process on the sandbox's real systemd, on a
/// free loopback port, and a small client for its API.
struct APIHarness {
    static let adminToken = "it-admin-" + UUID().uuidString
    static let webhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let rotatedSecret = "whsec_" + Data("integration rotated secret, 32 bytes".utf8).base64EncodedString()

    let base: Harness
    let kernel: AgentKernel
    let port: Int
    /// The server's settings (`listen` on `port`).
    let http: HTTPSettings
    var url: String { "http://127.0.0.1:\(port)" }

    /// A kernel like `Harness`'s (on `backend`, systemctl by default) with the operation interval set,
    /// then `configure`d, and the server's settings, changed by `http`.
    init(
        operationInterval: Double, backend: (any ServiceBackend)? = nil, configure: (inout AgentConfig) -> Void = { _ in },
        http change: (inout HTTPSettings) -> Void = { _ in }
    ) throws {
        base = try Harness(operationInterval: operationInterval, backend: backend)
        port = Harness.freePort()
        var http = HTTPSettings()
        http.listen = "127.0.0.1:\(port)"
        change(&http)
        self.http = http
        var config = base.kernel.config
        configure(&config)
        kernel = AgentKernel(
            config: config, runtimes: base.kernel.runtimes, backend: base.backend,
            store: try FileRegistryStore(stateDir: base.stateDir), logger: Logger(label: "api-it", factory: { _ in SwiftLogNoOpLogHandler() }),
            sandbox: true)
    }

    /// Runs the `http` transport (with the websocket, webhook and panel parts) while `body` runs,
    /// then shuts it down gracefully and deletes `apps`.
    func serve(cleaningUp apps: [String], _ body: @Sendable (APIHarness) async throws -> Void) async throws {
        var webhook = WebhookSettings()
        webhook.webhook.secrets = [Self.rotatedSecret, Self.webhookSecret]
        let parts: [any APIRouteProvider] = [
            WebSocketRoutes(settings: WebSocketSettings()), try WebhookRoutes(settings: webhook, kernel: kernel), try PanelRoutes(),
        ]
        let transport = try HTTPTransport(
            kernel: kernel, settings: http, parts: parts, environment: ["SIAX_ADMIN_TOKEN": Self.adminToken])
        let group = ServiceGroup(configuration: .init(services: [.init(service: transport)], logger: kernel.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await waitUntilServing()
                try await body(self)
            } catch {
                await cleanUp(apps)
                await group.triggerGracefulShutdown()
                throw error
            }
            await cleanUp(apps)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    private func cleanUp(_ apps: [String]) async {
        for name in apps { try? await kernel.delete(name, actor: .agent) }
        try? FileManager.default.removeItem(atPath: (base.workDir as NSString).deletingLastPathComponent)
    }

    private func waitUntilServing() async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if (try? await call(.GET, "/api/health", token: nil))?.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError("the HTTP transport did not answer on port \(port)")
    }

    // MARK: - Client

    /// One answer: status, headers, body as text and as a JSON object.
    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var text: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
        var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }
        var status_: [String: Any] { json["status"] as? [String: Any] ?? [:] }
    }

    /// Calls the API over loopback; `token` nil sends no Authorization.
    func call(
        _ method: HTTPMethod, _ path: String, token: String? = Self.adminToken, headers: [(String, String)] = [],
        body: String? = nil
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, text: String(buffer: bytes))
    }

    /// Opens `WS path` with the admin token and hands the socket to `handler`.
    func webSocket(_ path: String, handler: @escaping WebSocketDataHandler<WebSocketClient.Context>) async throws {
        try await WebSocketClient.connect(
            url: "ws://127.0.0.1:\(port)\(path)",
            configuration: .init(maxFrameSize: 1 << 16, additionalHeaders: [.authorization: "Bearer \(Self.adminToken)"]),
            logger: kernel.logger, handler: handler)
    }

    /// The spec (JSON) of an app `name` running the `node-app` fixture as `nobody` on a free port.
    func nodeAppSpec(_ name: String) throws -> String {
        let installed = "\(base.workDir)/node-app"
        let dir = FileManager.default.fileExists(atPath: installed) ? installed : try base.install("node-app")
        let port = Harness.freePort()
        return """
        {"name":"\(name)","runtime":"nodejs","script_path":"\(dir)/server.js","working_dir":"\(dir)","user":"nobody","port":\(port),"environment":{"PORT":"\(port)","LINES":"1"}}
        """
    }

    /// A token of `role` made through the API.
    func token(_ name: String, role: String) async throws -> String {
        let answer = try await call(.POST, "/api/tokens", body: #"{"name":"\#(name)","role":"\#(role)"}"#)
        guard answer.status == 201, let token = answer.json["token"] as? String else {
            throw HarnessError("POST /api/tokens answered \(answer.status): \(answer.text)")
        }
        return token
    }
}
