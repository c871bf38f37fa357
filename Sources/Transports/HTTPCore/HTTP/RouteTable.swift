import Hummingbird
import HummingbirdWebSocket
import Kernel

/// Where every route is registered, with its protection, audit action and
/// OpenAPI description, so the served document always lists exactly the
/// routes that exist.
///
/// A route handler runs after authentication (its principal is in the
/// context); for a route with an audit action, the outcome — success or
/// error, including refused authentication — is appended to the audit log,
/// and the cached app list is invalidated. Every HTTP request is counted and
/// timed by its route template (`RequestMetricsMiddleware`).
public final class RouteTable {
    /// A route's work, after authentication.
    public typealias Handler = @Sendable (Request, APIRequestContext) async throws -> Response
    /// Checks run before a WebSocket upgrade is accepted; may set fields of the context.
    public typealias UpgradeCheck = @Sendable (Request, inout APIRequestContext) async throws -> Void

    /// The HTTP router.
    public let router: Router<APIRequestContext>
    /// The router consulted for WebSocket upgrades.
    public let webSocketRouter: Router<APIRequestContext>
    /// What routes work with.
    public let services: APIServices
    /// Every route registered so far.
    public private(set) var descriptors: [RouteDescriptor] = []
    /// The methods of every path, for 405 answers.
    private let methods = RouteMethods()
    /// Middleware for paths no route matched, added once every route is registered.
    private var fallbacks: [(Router<APIRequestContext>) -> Void] = []

    init(services: APIServices) {
        self.services = services
        router = Router(context: APIRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(factory: services.kernel.metrics))
        router.add(middleware: ErrorMiddleware(methods: methods))
        webSocketRouter = Router(context: APIRequestContext.self)
    }

    /// Registers an HTTP route.
    public func add(
        _ method: HTTPRequest.Method, _ path: String, access: RouteAccess, audit: String? = nil,
        doc: RouteDoc, handler: @escaping Handler
    ) {
        descriptors.append(RouteDescriptor(method: method, path: path, access: access, auditAction: audit, webSocket: false, doc: doc))
        methods.register(method.rawValue, path)
        let authenticator = services.authenticator
        let auditLog = services.audit
        let appList = services.appViews.list
        let stateChanging = method != .get && method != .head
        router.on(RouterPath(path), method: method) { request, context in
            guard let audit else {
                var context = context
                if case .role(let role) = access {
                    context.principal = try authenticator.authorize(request, context: context, role: role, stateChanging: stateChanging)
                }
                return try await handler(request, context)
            }
            defer { appList.invalidate() }
            var context = context
            let note = AuditNote()
            context.auditNote = note
            do {
                if case .role(let role) = access {
                    let principal = try authenticator.authenticate(request, context: context)
                    context.principal = principal
                    try authenticator.permit(principal, request: request, role: role, stateChanging: stateChanging)
                }
                let response = try await handler(request, context)
                await auditLog.record(Self.entry(audit, access, context, note, status: response.status.code, error: nil))
                return response
            } catch {
                let failure = ErrorMiddleware<APIRequestContext>.siaxError(error, request: request)
                await auditLog.record(Self.entry(audit, access, context, note, status: failure.code.httpStatus.code, error: failure))
                throw failure
            }
        }
    }

    /// Registers a WebSocket route: `check` runs (after authentication) before
    /// the upgrade; a refusal answers with the error's status and body. A
    /// plain GET on the path answers 426 after the same checks.
    public func addWebSocket(
        _ path: String, role: Role, doc: RouteDoc, check: @escaping UpgradeCheck,
        onUpgrade handler: @escaping WebSocketDataHandler<WebSocketRouterContext<APIRequestContext>>
    ) {
        descriptors.append(RouteDescriptor(method: .get, path: path, access: .role(role), auditAction: nil, webSocket: true, doc: doc))
        methods.register(HTTPRequest.Method.get.rawValue, path)
        let authenticator = services.authenticator
        webSocketRouter.group()
            .add(middleware: UpgradeGate(authenticator: authenticator, role: role, check: check))
            .ws(RouterPath(path), onUpgrade: handler)
        router.on(RouterPath(path), method: .get) { request, context -> Response in
            var context = context
            context.principal = try authenticator.authorize(request, context: context, role: role, stateChanging: true)
            try await check(request, &context)
            context.logSlot?.release()
            throw SiaxError(.badRequest, "\(path) is a WebSocket endpoint: send a WebSocket upgrade request")
        }
    }

    /// Adds `middleware` for the paths no route matches (e.g. the panel's files).
    public func addFallback<Middleware: RouterMiddleware>(_ middleware: Middleware) where Middleware.Context == APIRequestContext {
        fallbacks.append { $0.add(middleware: middleware) }
    }

    /// Adds the fallbacks, after every route: the router runs middleware added last only for unmatched paths.
    func addFallbacks() {
        for add in fallbacks { add(router) }
    }

    private static func entry(
        _ action: String, _ access: RouteAccess, _ context: APIRequestContext, _ note: AuditNote,
        status: Int, error: SiaxError?
    ) -> AuditEntry {
        let signed = access == .signed
        return AuditEntry(
            actor: context.principal?.name ?? (signed ? "webhook" : "anonymous"), address: context.clientAddress,
            action: note.action ?? action, app: note.app ?? context.parameters.get("name"),
            result: error?.code.rawValue ?? "ok", status: status, detail: error?.message, via: signed ? "webhook" : "api")
    }
}

/// The checks in front of a WebSocket upgrade: authentication (with the
/// Origin rule for cookies), the route's own check, and — on refusal — an
/// answer with the error's status instead of the framework's bare 400.
struct UpgradeGate: RouterMiddleware {
    typealias Context = APIRequestContext
    let authenticator: Authenticator
    let role: Role
    let check: RouteTable.UpgradeCheck

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        do {
            context.principal = try authenticator.authorize(request, context: context, role: role, stateChanging: true)
            try await check(request, &context)
            return try await next(request, context)
        } catch {
            context.logSlot?.release()
            let failure = ErrorMiddleware<APIRequestContext>.siaxError(error, request: request)
            await UpgradeRefusal.install(failure, on: context.channel)
            throw failure
        }
    }
}
