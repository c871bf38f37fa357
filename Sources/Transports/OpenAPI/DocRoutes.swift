import Hummingbird

/// `GET /openapi.json` and `GET /api-docs`, built from the route table when
/// the server starts (so they include every route registered before them).
struct DocRoutes: APIRouteProvider {
    func register(on table: RouteTable) {
        let documentDoc = RouteDoc("This API's OpenAPI 3.1 description", tag: "docs", response: ["type": "object"])
        let pageDoc = RouteDoc("This API's description for people", tag: "docs", response: Schemas.string, contentType: "text/html")
        let documentRoute = RouteDescriptor(method: .get, path: "/openapi.json", access: .open, auditAction: nil, webSocket: false, doc: documentDoc)
        let pageRoute = RouteDescriptor(method: .get, path: "/api-docs", access: .open, auditAction: nil, webSocket: false, doc: pageDoc)
        let all = table.descriptors + [documentRoute, pageRoute]
        let document = (try? JSON.buffer(OpenAPIDocument.build(all))) ?? ByteBuffer(string: "{}")
        let page = ByteBuffer(string: APIDocsPage.html(all))

        table.add(.get, "/openapi.json", access: .open, doc: documentDoc) { _, _ in
            JSON.response(buffer: document)
        }
        table.add(.get, "/api-docs", access: .open, doc: pageDoc) { _, _ in
            Response(status: .ok, headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'",
            ], body: .init(byteBuffer: page))
        }
    }
}
