import Hummingbird

/// How a route is protected.
public enum RouteAccess: Sendable, Equatable {
    /// No authentication (health, OpenAPI, the panel's login).
    case open
    /// A bearer token or session with at least this role.
    case role(Role)
    /// A Standard Webhooks signature (checked by the route itself).
    case signed
}

/// The OpenAPI description of one route, given where the route is registered.
public struct RouteDoc: Sendable {
    /// A path or query parameter.
    public struct Parameter: Sendable {
        public var name: String
        /// `path` or `query`.
        public var location: String
        public var description: String
        public var schema: JSONValue
        public var required: Bool

        /// A query parameter.
        public static func query(_ name: String, _ description: String, _ schema: JSONValue = ["type": "string"]) -> Parameter {
            Parameter(name: name, location: "query", description: description, schema: schema, required: false)
        }

        /// A path parameter.
        public static func path(_ name: String, _ description: String) -> Parameter {
            Parameter(name: name, location: "path", description: description, schema: ["type": "string"], required: true)
        }
    }

    public var summary: String
    public var tag: String
    public var description: String?
    public var parameters: [Parameter]
    /// The JSON request body's schema, if any.
    public var requestBody: JSONValue?
    /// The success status.
    public var status: Int
    /// The success body's schema (JSON unless `contentType` says otherwise).
    public var response: JSONValue?
    public var contentType: String
    /// Error statuses the route can answer besides those every route can.
    public var errors: [Int]

    public init(
        _ summary: String, tag: String, description: String? = nil, parameters: [Parameter] = [],
        requestBody: JSONValue? = nil, status: Int = 200, response: JSONValue? = nil,
        contentType: String = "application/json", errors: [Int] = []
    ) {
        self.summary = summary
        self.tag = tag
        self.description = description
        self.parameters = parameters
        self.requestBody = requestBody
        self.status = status
        self.response = response
        self.contentType = contentType
        self.errors = errors
    }
}

/// A registered route: method, path, protection, audit action and description.
public struct RouteDescriptor: Sendable {
    public var method: HTTPRequest.Method
    /// Path in OpenAPI form, `/api/apps/{name}`.
    public var path: String
    public var access: RouteAccess
    /// The audit log's action name, for state-changing routes.
    public var auditAction: String?
    /// Whether this is a WebSocket upgrade.
    public var webSocket: Bool
    public var doc: RouteDoc
}
