import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Kernel
import Testing
@testable import HTTPCore

@Suite("Authentication, roles, tokens and sessions")
struct AuthTests {
    @Test("health needs no token; the API needs one and says so")
    func anonymous() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            let health = try await client.execute(uri: "/api/health", method: .get)
            #expect(health.status == .ok)
            #expect(health.json["status"] as? String == "ok")
            #expect(health.json["version"] as? String == AgentKernel.version)
            #expect(health.json["backend"] as? String == "memory")
            #expect(health.json["sandbox"] as? Bool == true)
            #expect((health.json["privileges"] as? [String: Any])?["ok"] as? Bool == true)

            let apps = try await client.execute(uri: "/api/apps", method: .get)
            #expect(apps.status == .unauthorized)
            #expect(apps.errorCode == "unauthorized")
            #expect(apps.headers[.wwwAuthenticate] != nil)

            let wrong = try await client.execute(uri: "/api/apps", method: .get, headers: auth("nope"))
            #expect(wrong.status == .unauthorized)
        }
    }

    @Test("a viewer reads but cannot start; an operator starts but cannot register; an admin registers")
    func roles() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.register()
        try await agent.application().test(.router) { client in
            #expect(try await client.execute(uri: "/api/apps", method: .get, headers: auth(agent.viewerToken)).status == .ok)
            let viewerStart = try await client.execute(uri: "/api/apps/shop-api/start", method: .post, headers: auth(agent.viewerToken))
            #expect(viewerStart.status == .forbidden)
            #expect(viewerStart.errorCode == "forbidden")

            #expect(try await client.execute(uri: "/api/apps/shop-api/start", method: .post, headers: auth(agent.operatorToken)).status == .ok)
            let operatorRegister = try await client.execute(
                uri: "/api/apps/register", method: .post, headers: auth(agent.operatorToken), body: agent.specJSON("other"))
            #expect(operatorRegister.status == .forbidden)
            #expect(try await client.execute(uri: "/api/tokens", method: .get, headers: auth(agent.operatorToken)).status == .forbidden)
            #expect(try await client.execute(uri: "/api/audit", method: .get, headers: auth(agent.viewerToken)).status == .forbidden)

            let adminRegister = try await client.execute(
                uri: "/api/apps/register", method: .post, headers: auth(TestAgent.adminToken), body: agent.specJSON("other"))
            #expect(adminRegister.status == .created)
        }
    }

    @Test("token lifecycle: create (shown once), use, list without secrets, delete, refused afterwards")
    func tokenLifecycle() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            let created = try await client.execute(
                uri: "/api/tokens", method: .post, headers: auth(TestAgent.adminToken),
                body: ByteBuffer(string: #"{"name":"ci","role":"operator"}"#))
            #expect(created.status == .created)
            let token = try #require(created.json["token"] as? String)
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["role"] as? String == "operator")

            let session = try await client.execute(uri: "/api/session", method: .get, headers: auth(token))
            #expect(session.json["name"] as? String == "ci")
            #expect(session.json["role"] as? String == "operator")

            let list = try await client.execute(uri: "/api/tokens", method: .get, headers: auth(TestAgent.adminToken))
            #expect(list.text.contains("\"ci\""))
            #expect(!list.text.contains(token))
            #expect(!list.text.contains("sha256"))

            let duplicate = try await client.execute(
                uri: "/api/tokens", method: .post, headers: auth(TestAgent.adminToken),
                body: ByteBuffer(string: #"{"name":"ci","role":"viewer"}"#))
            #expect(duplicate.status == .conflict)
            let badRole = try await client.execute(
                uri: "/api/tokens", method: .post, headers: auth(TestAgent.adminToken),
                body: ByteBuffer(string: #"{"name":"x","role":"root"}"#))
            #expect(badRole.status == .unprocessableContent)
            #expect(badRole.error["field"] as? String == "role")

            let deleted = try await client.execute(uri: "/api/tokens/\(id)", method: .delete, headers: auth(TestAgent.adminToken))
            #expect(deleted.json["deleted"] as? String == id)
            #expect(try await client.execute(uri: "/api/apps", method: .get, headers: auth(token)).status == .unauthorized)
        }
        let file = try String(contentsOfFile: TokenStore.filePath(stateDir: agent.stateDir), encoding: .utf8)
        #expect(!file.contains(agent.viewerToken))
        #expect(file.contains(SecretDigest.hex(SecretDigest.digest(agent.viewerToken))))
    }

    @Test("the last admin token and the SIAX_ADMIN_TOKEN token cannot be deleted")
    func lastAdmin() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            let env = try await client.execute(uri: "/api/tokens/\(TokenStore.environmentTokenID)", method: .delete, headers: auth(TestAgent.adminToken))
            #expect(env.status == .conflict)
        }
    }

    @Test("repeated failed authentication from one address is throttled with Retry-After")
    func throttle() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            for _ in 0..<10 {
                #expect(try await client.execute(uri: "/api/apps", method: .get, headers: auth("guess")).status == .unauthorized)
            }
            let throttled = try await client.execute(uri: "/api/apps", method: .get, headers: auth(TestAgent.adminToken))
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.errorCode == "rate_limited")
            #expect(Int(throttled.headers[.retryAfter] ?? "") ?? 0 >= 1)
        }
    }

    @Test("cookie session: HttpOnly SameSite=Strict; state changes need the agent's own Origin; logout ends it")
    func cookieSession() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.register()
        try await agent.application().test(.router) { client in
            let badLogin = try await client.execute(uri: "/api/session", method: .post, body: ByteBuffer(string: #"{"token":"nope"}"#))
            #expect(badLogin.status == .unauthorized)

            let login = try await client.execute(
                uri: "/api/session", method: .post, body: ByteBuffer(string: #"{"token":"\#(agent.operatorToken)"}"#))
            #expect(login.status == .ok)
            let setCookie = try #require(login.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            let cookie = String(setCookie.split(separator: ";")[0])
            #expect(!cookie.contains(agent.operatorToken))

            #expect(try await client.execute(uri: "/api/apps", method: .get, headers: [.cookie: cookie]).status == .ok)
            let noOrigin = try await client.execute(uri: "/api/apps/shop-api/start", method: .post, headers: [.cookie: cookie])
            #expect(noOrigin.status == .forbidden)
            let evil = try await client.execute(
                uri: "/api/apps/shop-api/start", method: .post, headers: [.cookie: cookie, .origin: "http://evil.example"])
            #expect(evil.status == .forbidden)
            #expect(evil.errorCode == "forbidden")
            let own = try await client.execute(
                uri: "/api/apps/shop-api/start", method: .post, headers: [.cookie: cookie, .origin: "http://localhost"])
            #expect(own.status == .ok)

            let logout = try await client.execute(uri: "/api/session", method: .delete, headers: [.cookie: cookie, .origin: "http://localhost"])
            #expect(logout.status == .noContent)
            #expect(logout.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await client.execute(uri: "/api/apps", method: .get, headers: [.cookie: cookie]).status == .unauthorized)
        }
    }

    @Test("Origin matching: same host and port only")
    func origins() {
        #expect(Authenticator.isSameOrigin("http://10.0.0.5:8080", host: "10.0.0.5:8080"))
        #expect(Authenticator.isSameOrigin("http://localhost", host: "localhost:80"))
        #expect(!Authenticator.isSameOrigin("http://10.0.0.5:8081", host: "10.0.0.5:8080"))
        #expect(!Authenticator.isSameOrigin("http://evil.example", host: "10.0.0.5:8080"))
        #expect(!Authenticator.isSameOrigin("null", host: "localhost"))
    }

    @Test("first start without SIAX_ADMIN_TOKEN writes admin.token (0600), stored hashed")
    func generatedAdminToken() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("siax-tokens-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try TokenStore(stateDir: dir, adminToken: nil, logger: TestAgent.logger)
        let path = TokenStore.adminTokenPath(stateDir: dir)
        let token = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(store.authenticate(token)?.role == .admin)
        #expect(try !String(contentsOfFile: TokenStore.filePath(stateDir: dir), encoding: .utf8).contains(token))

        // A second start keeps the same token and does not write a new one.
        let again = try TokenStore(stateDir: dir, adminToken: nil, logger: TestAgent.logger)
        #expect(again.authenticate(token)?.name == "admin")
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains(token))
    }

    @Test("sessions survive a restart (saved hashed, 0600); a replaced SIAX_ADMIN_TOKEN, a deleted token, expiry or logout end them")
    func sessionsSurviveRestart() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("siax-sessions-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = SessionStore.filePath(stateDir: dir)
        let adminToken = "admin-" + UUID().uuidString
        let tokens = try TokenStore(stateDir: dir, adminToken: adminToken, logger: TestAgent.logger)
        let viewer = try tokens.create(name: "viewer", role: .viewer)
        let sessions = SessionStore(path: path)
        let admin = sessions.create(tokenID: TokenStore.environmentTokenID, tokenSHA256: SecretDigest.hex(SecretDigest.digest(adminToken)))
        let viewing = sessions.create(tokenID: viewer.record.id, tokenSHA256: SecretDigest.hex(SecretDigest.digest(viewer.token)))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(admin.id) && !text.contains(viewing.id), "session ids are stored hashed")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)

        // The agent restarts with the same admin token: both sessions go on.
        let restarted = SessionStore(path: path)
        let sameTokens = try TokenStore(stateDir: dir, adminToken: adminToken, logger: TestAgent.logger)
        #expect(try sameTokens.principal(of: #require(restarted.session(admin.id)))?.role == .admin)
        #expect(try sameTokens.principal(of: #require(restarted.session(viewing.id)))?.role == .viewer)

        // With another SIAX_ADMIN_TOKEN the admin's session ends; deleting the viewer's token ends its session.
        let newTokens = try TokenStore(stateDir: dir, adminToken: "other-" + UUID().uuidString, logger: TestAgent.logger)
        #expect(try newTokens.principal(of: #require(restarted.session(admin.id))) == nil)
        try newTokens.delete(id: viewer.record.id)
        #expect(try newTokens.principal(of: #require(restarted.session(viewing.id))) == nil)

        // Logout and expiry end sessions in the file too.
        restarted.delete(viewing.id)
        #expect(SessionStore(path: path).session(viewing.id) == nil)
        #expect(SessionStore(path: path, now: admin.expires).session(admin.id) == nil)
        #expect(SessionStore(path: path).session(admin.id) != nil)
    }

    @Test("a non-loopback listen address with no token configured is refused at start-up")
    func openListen() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        var config = agent.kernel.config
        var open = HTTPSettings()
        open.listen = "0.0.0.0:8080"
        config.stateDir = "\(agent.root)/fresh"
        let kernel = AgentKernel(
            config: config, runtimes: agent.kernel.runtimes, backend: agent.kernel.backend, store: agent.store,
            logger: TestAgent.logger, sandbox: true)
        let error = #expect(throws: SiaxError.self) { try HTTPTransport(kernel: kernel, settings: open, environment: [:]) }
        #expect(error?.field == "listen")
        #expect(error?.message.contains("SIAX_ADMIN_TOKEN") == true)
        _ = try HTTPTransport(kernel: kernel, settings: open, environment: ["SIAX_ADMIN_TOKEN": "secret"])
        var loopback = config
        loopback.stateDir = "\(agent.root)/fresh2"
        _ = try HTTPTransport(kernel: AgentKernel(
            config: loopback, runtimes: agent.kernel.runtimes, backend: agent.kernel.backend, store: agent.store,
            logger: TestAgent.logger, sandbox: true), settings: HTTPSettings(), environment: [:])
    }
}
