import Foundation
import Hummingbird
import HummingbirdTesting
import Kernel
import Testing
@testable import HTTPCore
@testable import WebPanel

@Suite("OpenAPI document and web panel")
struct OpenAPITests {
    /// `GET /api/apps` style keys of every route the routers know.
    static func registered(_ table: RouteTable) -> Set<String> {
        Set((table.router.routes + table.webSocketRouter.routes).map { "\($0.method.rawValue) \($0.path.description)" })
    }

    /// The same keys from a served OpenAPI document.
    static func described(_ document: [String: Any]) -> Set<String> {
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        return Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
    }

    @Test("every registered route is described in /openapi.json, and every described route exists")
    func routeCoverage() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        let registered = Self.registered(agent.server.routeTable())
        try await agent.application().test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            let document = response.json
            #expect(document["openapi"] as? String == "3.1.0")
            let described = Self.described(document)
            #expect(registered.subtracting(described).isEmpty, "undocumented: \(registered.subtracting(described).sorted())")
            #expect(described.subtracting(registered).isEmpty, "documented but missing: \(described.subtracting(registered).sorted())")
            for key in ["GET /api/health", "GET /api/apps", "POST /api/apps/register", "POST /api/apps", "PUT /api/apps/{name}",
                        "DELETE /api/apps/{name}", "POST /api/apps/{name}/restart", "GET /api/apps/{name}/logs",
                        "GET /logs/{name}", "GET /api/events/stream", "POST /webhook/command", "GET /api/audit",
                        "POST /api/tokens", "DELETE /api/tokens/{id}", "POST /api/session", "GET /api/scan", "GET /metrics"] {
                #expect(described.contains(key), "\(key)")
            }
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
            for reference in Self.references(in: document) {
                #expect(schemas[String(reference.dropFirst("#/components/schemas/".count))] != nil, "\(reference)")
            }
        }
    }

    @Test("/api-docs renders every route in Spanish by default, English with ?lang=en, without external assets")
    func docsPage() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            let page = try await client.execute(uri: "/api-docs", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("<html lang=\"es\">"))
            #expect(page.text.contains("/api/apps/{name}/start"))
            #expect(page.text.contains("/webhook/command"))
            #expect(page.text.contains("Iniciar una aplicación"))
            #expect(page.text.contains("Volver al panel"))
            #expect(page.text.contains("href=\"/apps\""))
            #expect(page.text.contains("Probar"))
            #expect(page.text.contains("tienda-api"), "an example body")
            #expect(!page.text.contains("List apps with their status"))
            // Only the agent's own script (the "try it" forms); nothing from elsewhere.
            let scripts = page.text.components(separatedBy: "<script").dropFirst()
            #expect(scripts.count == 1)
            #expect(scripts.allSatisfy { $0.hasPrefix(" type=\"module\" src=\"/js/") })
            #expect(!page.text.contains("src=\"http"))
            #expect(!page.text.contains("href=\"http"))
            let english = try await client.execute(uri: "/api-docs?lang=en", method: .get)
            #expect(english.text.contains("<html lang=\"en\">"))
            #expect(english.text.contains("List apps with their status"))
            #expect(english.text.contains("Back to the panel"))
        }
    }

    @Test("every route's summary, description and parameters have their Spanish words")
    func spanishCoverage() async throws {
        let agent = try await TestAgent(); defer { agent.cleanUp() }
        var missing: [String] = []
        for route in agent.server.routeTable().descriptors {
            let doc = route.doc
            for text in [doc.summary] + (doc.description.map { [$0] } ?? []) + doc.parameters.map(\.description)
            where SpanishDocs.text(text) == nil {
                missing.append("\(route.method.rawValue) \(route.path): \(text)")
            }
            #expect(SpanishDocs.tags[doc.tag] != nil, "tag \(doc.tag)")
        }
        #expect(missing.isEmpty, "\(missing)")
    }

    @Test("the panel's files are served without authentication, / as index.html, with content types")
    func panel() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("siax-panel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("img"), withIntermediateDirectories: true)
        try Data("<!doctype html><title>SIAX</title>".utf8).write(to: dir.appendingPathComponent("index.html"))
        try Data("console.log(1)".utf8).write(to: dir.appendingPathComponent("app.js"))
        try Data("body{}".utf8).write(to: dir.appendingPathComponent("style.css"))
        try Data("<svg/>".utf8).write(to: dir.appendingPathComponent("img/logo.svg"))
        defer { try? FileManager.default.removeItem(at: dir) }
        let agent = try await TestAgent(panel: dir); defer { agent.cleanUp() }
        try await agent.application().test(.router) { client in
            let index = try await client.execute(uri: "/", method: .get)
            #expect(index.status == .ok)
            #expect(index.headers[.contentType] == "text/html; charset=utf-8")
            #expect(index.text.contains("SIAX"))
            #expect(index.headers[.contentSecurityPolicy] != nil)
            #expect(try await client.execute(uri: "/app.js", method: .get).headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(try await client.execute(uri: "/style.css", method: .get).headers[.contentType] == "text/css; charset=utf-8")
            #expect(try await client.execute(uri: "/img/logo.svg", method: .get).headers[.contentType] == "image/svg+xml")
            let etag = try #require(index.headers[.eTag])
            #expect(try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: etag]).status == .notModified)
            #expect(try await client.execute(uri: "/missing.js", method: .get).errorCode == "not_found")
            #expect(try await client.execute(uri: "/api/apps", method: .get).status == .unauthorized)
        }
    }

    @Test("a browser's GET of a panel page answers index.html; the API, other paths and the log stream keep their routes")
    func panelPages() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("siax-panel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("<!doctype html><title>SIAX panel</title>".utf8).write(to: dir.appendingPathComponent("index.html"))
        defer { try? FileManager.default.removeItem(at: dir) }
        let agent = try await TestAgent(panel: dir); defer { agent.cleanUp() }
        let html: HTTPFields = [.accept: "text/html,application/xhtml+xml,*/*;q=0.8"]
        try await agent.application().test(.router) { client in
            for path in ["/apps", "/apps/", "/apps/shop-api", "/apps/shop-api/logs", "/apps/shop-api/edit", "/register",
                         "/scan", "/select", "/logs", "/events", "/tokens"] {
                let page = try await client.execute(uri: path, method: .get, headers: html)
                #expect(page.status == .ok, "\(path)")
                #expect(page.text.contains("SIAX panel"), "\(path)")
            }
            // Not pages: JSON clients, other paths, and the log stream of an app.
            #expect(try await client.execute(uri: "/scan", method: .get).errorCode == "not_found")
            #expect(try await client.execute(uri: "/apps/a/b/c", method: .get, headers: html).errorCode == "not_found")
            #expect(try await client.execute(uri: "/nothing", method: .get, headers: html).errorCode == "not_found")
            #expect(try await client.execute(uri: "/logs/shop-api", method: .get, headers: html).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/apps", method: .get, headers: html).status == .unauthorized)
        }
    }

    @Test("the bundled panel is found in the target's resources")
    func bundledPanel() throws {
        #expect(try PanelFiles.bundled().paths.contains("/index.html"))
    }

    @Test("a missing panel is an error naming where it was looked for, not a crash")
    func missingPanel() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("siax-no-panel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let error = #expect(throws: SiaxError.self) {
            try PanelLocation.directory(environment: [:], executable: empty.appendingPathComponent("bin/siax-agent").path)
        }
        #expect(error?.message.contains("\(empty.path)/share/siax-agent/panel") == true)
        #expect(error?.field == "SIAX_PANEL_DIR")
        let shared = empty.appendingPathComponent("share/siax-agent/panel")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        try Data("<html></html>".utf8).write(to: shared.appendingPathComponent("index.html"))
        #expect(try PanelLocation.directory(environment: [:], executable: empty.appendingPathComponent("bin/siax-agent").path).path == shared.path)
        #expect(throws: SiaxError.self) { try PanelLocation.directory(environment: ["SIAX_PANEL_DIR": empty.path], executable: nil) }
    }

    static func references(in value: Any) -> [String] {
        if let object = value as? [String: Any] {
            return object.flatMap { key, value in key == "$ref" ? [value as? String ?? ""] : references(in: value) }
        }
        if let array = value as? [Any] { return array.flatMap { references(in: $0) } }
        return []
    }
}
