/// A group of routes added to the HTTP server, e.g. the app routes, the
/// WebSocket streams, the webhook — or a further transport's routes such as
/// Prometheus `/metrics`. Register each route through the table so that it
/// is authenticated, audited and described in `/openapi.json`.
public protocol APIRouteProvider: Sendable {
    /// Adds this provider's routes.
    func register(on table: RouteTable)
}

extension RouteDoc.Parameter {
    /// `{name}`: an app's name (or its unit name).
    package static let appName = RouteDoc.Parameter.path("name", "the app's name (`shop-api` or `shop-api.service`)")
}
