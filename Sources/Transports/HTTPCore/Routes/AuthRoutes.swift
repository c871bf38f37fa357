import Foundation
import Hummingbird
import Kernel

/// Token management (admin) and browser sessions.
struct AuthRoutes: APIRouteProvider {
    func register(on table: RouteTable) {
        let services = table.services
        let tokens = services.authenticator.tokens
        let sessions = services.authenticator.sessions
        let authenticator = services.authenticator
        let body = services.body

        // MARK: Tokens

        table.add(.post, "/api/tokens", access: .role(.admin), audit: "token.create",
                  doc: RouteDoc("Create a token (shown once)", tag: "tokens", requestBody: .ref("NewToken"), status: 201,
                                response: .ref("CreatedToken"), errors: [400, 409, 422])) { request, context in
            let input = try await body.decode(NewToken.self, from: request)
            let (record, token) = try tokens.create(name: input.name, role: input.role)
            context.noteAudit(action: "token.create:\(record.name)")
            return try JSON.response(CreatedToken(record: record, token: token), status: .created)
        }
        table.add(.get, "/api/tokens", access: .role(.admin),
                  doc: RouteDoc("List tokens (never the tokens themselves)", tag: "tokens", response: .ref("TokenList"))) { _, _ in
            try JSON.response(["tokens": tokens.list().map(TokenBody.init)])
        }
        table.add(.delete, "/api/tokens/{id}", access: .role(.admin), audit: "token.delete",
                  doc: RouteDoc("Delete a token", tag: "tokens", parameters: [.path("id", "the token's id")],
                                response: .ref("Deleted"), errors: [404, 409])) { _, context in
            let id = try context.parameters.require("id")
            try tokens.delete(id: id)
            return try JSON.response(["deleted": id])
        }

        // MARK: Sessions

        table.add(.post, "/api/session", access: .open, audit: "session.create",
                  doc: RouteDoc("Log in: a token for an HttpOnly, SameSite=Strict session cookie", tag: "session",
                                requestBody: .ref("Login"), response: .ref("Session"), errors: [400, 401, 422, 429])) { request, context in
            let address = context.clientAddress
            try authenticator.throttle.check(address)
            let login = try await body.decode(Login.self, from: request)
            guard let principal = tokens.authenticate(login.token) else {
                authenticator.throttle.recordFailure(address)
                throw SiaxError(.unauthorized, "the token is not valid", field: "token")
            }
            context.noteAudit(action: "session.create:\(principal.name)")
            let (id, expires) = sessions.create(tokenID: principal.tokenID, tokenSHA256: SecretDigest.hex(SecretDigest.digest(login.token)))
            var response = try JSON.response(SessionBody(principal, method: .cookie, expires: expires))
            response.headers[.setCookie] = Self.cookie(id, maxAge: Int(sessions.lifetime))
            return response
        }
        table.add(.get, "/api/session", access: .role(.viewer),
                  doc: RouteDoc("Who is asking: the token's name and role", tag: "session", response: .ref("Session"))) { _, context in
            try JSON.response(SessionBody(context.principal!, method: context.principal!.method, expires: nil))
        }
        table.add(.delete, "/api/session", access: .open, audit: "session.delete",
                  doc: RouteDoc("Log out: end the session and clear its cookie", tag: "session",
                                status: 204, errors: [403])) { request, _ in
            if let id = request.cookies[SessionStore.cookieName]?.value, !id.isEmpty {
                try Authenticator.checkOrigin(request)
                sessions.delete(id)
            }
            return Response(status: .noContent, headers: [.setCookie: Self.cookie("", maxAge: 0)])
        }
    }

    /// The session cookie (HttpOnly, SameSite=Strict, whole site).
    static func cookie(_ value: String, maxAge: Int) -> String {
        "\(SessionStore.cookieName)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict"
    }
}

/// `POST /api/tokens` body.
struct NewToken: Decodable {
    var name: String
    var role: Role

    enum CodingKeys: String, CodingKey, CaseIterable { case name, role }

    init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        let role = try c.decode(String.self, forKey: .role)
        guard let parsed = Role(rawValue: role) else {
            throw SiaxError.invalid("role", "must be viewer, operator or admin")
        }
        self.role = parsed
    }
}

/// A token as the API shows it: never its hash.
struct TokenBody: Encodable {
    var id: String
    var name: String
    var role: Role
    var createdAt: Date

    init(_ record: TokenStore.Record) {
        id = record.id
        name = record.name
        role = record.role
        createdAt = record.createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, role
        case createdAt = "created_at"
    }
}

/// `POST /api/tokens` answer: the record and, once, the token.
struct CreatedToken: Encodable {
    var record: TokenStore.Record
    var token: String

    enum CodingKeys: String, CodingKey { case token }

    func encode(to encoder: any Encoder) throws {
        try TokenBody(record).encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(token, forKey: .token)
    }
}

/// `POST /api/session` body.
struct Login: Decodable {
    var token: String

    enum CodingKeys: String, CodingKey, CaseIterable { case token }

    init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        token = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .token)
    }
}

/// The session (or bearer identity) answered by the session routes.
struct SessionBody: Encodable {
    var name: String
    var role: Role
    var method: String
    var expiresAt: Date?

    init(_ principal: Principal, method: Principal.Method, expires: Date?) {
        name = principal.name
        role = principal.role
        self.method = method.rawValue
        expiresAt = expires
    }

    enum CodingKeys: String, CodingKey {
        case name, role, method
        case expiresAt = "expires_at"
    }
}
