import Hummingbird

/// `GET /openapi.json` and `GET /api-docs`, built from the route table when
/// the server starts (so they include every route registered before them).
struct DocRoutes: APIRouteProvider {
    func register(on table: RouteTable) {
        let documentDoc = RouteDoc("This API's OpenAPI 3.1 description", tag: "docs", response: ["type": "object"])
        let pageDoc = RouteDoc("This API's description for people", tag: "docs",
                               parameters: [.query("lang", "the page's language: es (default) or en")],
                               response: Schemas.string, contentType: "text/html")
        let documentRoute = RouteDescriptor(method: .get, path: "/openapi.json", access: .open, auditAction: nil, webSocket: false, doc: documentDoc)
        let pageRoute = RouteDescriptor(method: .get, path: "/api-docs", access: .open, auditAction: nil, webSocket: false, doc: pageDoc)
        let all = table.descriptors + [documentRoute, pageRoute]
        let document = (try? JSON.buffer(OpenAPIDocument.build(all))) ?? ByteBuffer(string: "{}")
        var pages: [String: ByteBuffer] = [:]
        for language in APIDocsPage.Language.allCases {
            pages[language.rawValue] = ByteBuffer(string: APIDocsPage.html(all, language: language))
        }
        let spanish = pages["es"]!

        table.add(.get, "/openapi.json", access: .open, doc: documentDoc) { _, _ in
            JSON.response(buffer: document)
        }
        table.add(.get, "/api-docs", access: .open, doc: pageDoc) { [pages] request, _ in
            let page = try QueryParameters(request).string("lang").flatMap { pages[$0] } ?? spanish
            return Response(status: .ok, headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'",
            ], body: .init(byteBuffer: page))
        }
    }
}
