import Kernel

/// The OpenAPI 3.1 document of the routes actually registered: built from the
/// route table, so a route cannot exist without a description or the reverse.
enum OpenAPIDocument {
    /// The document for `descriptors`.
    static func build(_ descriptors: [RouteDescriptor]) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for route in descriptors {
            paths[route.path, default: [:]][route.method.rawValue.lowercased()] = operation(route)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "SIAX Agent API",
                "version": .string(AgentKernel.version),
                "description": "Manages Node.js and Python apps as systemd services. Authenticate with `Authorization: Bearer <token>` or, in a browser, the session cookie from `POST /api/session` (state changes then need the agent's own `Origin`). Every error is `{\"error\":{\"code\",\"message\",\"field\"}}`.",
            ],
            "servers": [["url": "/"]],
            "components": [
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer"],
                    "session": ["type": "apiKey", "in": "cookie", "name": .string(SessionStore.cookieName)],
                    "webhookSignature": ["type": "apiKey", "in": "header", "name": "webhook-signature"],
                ],
                "schemas": .object(Schemas.components),
            ],
            "paths": .object(paths.mapValues { .object($0) }),
        ]
    }

    private static func operation(_ route: RouteDescriptor) -> JSONValue {
        let doc = route.doc
        var operation: [String: JSONValue] = [
            "summary": .string(doc.summary),
            "tags": [.string(doc.tag)],
            "operationId": .string(operationID(route)),
        ]
        var description = doc.description ?? ""
        switch route.access {
        case .open:
            operation["security"] = []
        case .role(let role):
            operation["security"] = [["bearer": []], ["session": []]]
            operation["x-role"] = .string(role.rawValue)
            description = "Role: \(role.rawValue). " + description
        case .signed:
            operation["security"] = [["webhookSignature": []]]
        }
        if route.webSocket {
            operation["x-websocket"] = true
            description = "WebSocket upgrade (ws:// or wss://). " + description
        }
        if !description.isEmpty { operation["description"] = .string(description.trimmingCharacters(in: .whitespaces)) }
        if !doc.parameters.isEmpty {
            operation["parameters"] = .array(doc.parameters.map { parameter in
                [
                    "name": .string(parameter.name), "in": .string(parameter.location),
                    "description": .string(parameter.description), "required": .bool(parameter.required),
                    "schema": parameter.schema,
                ]
            })
        }
        if let body = doc.requestBody {
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": body]]]
        }
        var responses: [String: JSONValue] = [:]
        var success: [String: JSONValue] = ["description": route.webSocket ? "Switching Protocols; then one message per item" : "Success"]
        if let schema = doc.response { success["content"] = .object([doc.contentType: ["schema": schema]]) }
        responses[String(doc.status)] = .object(success)
        var errors = Set(doc.errors)
        if route.access != .open { errors.formUnion([401, 403]) }
        if case .role = route.access { errors.insert(429) }
        // A query parameter or a body the route refuses is a 400 (bad_request).
        // So is a plain GET of a WebSocket route.
        if doc.requestBody != nil || route.webSocket || doc.parameters.contains(where: { $0.location == "query" }) { errors.insert(400) }
        for status in errors.sorted() {
            responses[String(status)] = [
                "description": .string(errorDescription(status)),
                "content": ["application/json": ["schema": .ref("Error")]],
            ]
        }
        operation["responses"] = .object(responses)
        return .object(operation)
    }

    /// A stable id such as `post_api_apps_name_start`.
    static func operationID(_ route: RouteDescriptor) -> String {
        let words = route.path.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        return ([route.method.rawValue.lowercased()] + words.map(String.init)).joined(separator: "_")
    }

    private static func errorDescription(_ status: Int) -> String {
        switch status {
        case 400: return "bad_request"
        case 401: return "unauthorized: no valid token, session or signature"
        case 403: return "forbidden: role too low, or a cookie request from another Origin"
        case 404: return "not_found"
        case 409: return "conflict"
        case 413: return "payload_too_large"
        case 422: return "validation_failed: `field` names the input at fault"
        case 429: return "rate_limited (see Retry-After)"
        case 502: return "operation_failed: systemd's job failed (its result in the message)"
        case 503: return "permission_denied or backend_unavailable"
        case 504: return "timeout"
        default: return "error"
        }
    }
}
