import Hummingbird
import Kernel

/// `GET /api/apps…`: the app list, one app, its status, unit, resource history and log history.
struct AppQueryRoutes: APIRouteProvider {
    func register(on table: RouteTable) {
        let views = table.services.appViews
        let kernel = table.services.kernel

        table.add(.get, "/api/apps", access: .role(.viewer),
                  doc: RouteDoc("List apps with their status", tag: "apps", response: .ref("AppList"))) { _, _ in
            JSON.response(buffer: try await views.listBody())
        }
        table.add(.get, "/api/apps/{name}", access: .role(.viewer),
                  doc: RouteDoc("One app", tag: "apps", parameters: [.appName], response: .ref("App"), errors: [404])) { _, context in
            try JSON.response(try await views.view(try context.parameters.require("name")))
        }
        table.add(.get, "/api/apps/{name}/status", access: .role(.viewer),
                  doc: RouteDoc("One app's status object", tag: "apps", parameters: [.appName],
                                response: .ref("AppStatus"), errors: [404])) { _, context in
            try JSON.response(try await views.status(try context.parameters.require("name")))
        }
        table.add(.get, "/api/apps/{name}/unit", access: .role(.viewer),
                  doc: RouteDoc("The generated unit file", tag: "apps", parameters: [.appName],
                                response: Schemas.string, contentType: "text/plain", errors: [404])) { _, context in
            let text = try await kernel.apps.unitText(try context.parameters.require("name"))
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        table.add(.get, "/api/apps/{name}/metrics", access: .role(.viewer),
                  doc: RouteDoc("Resource history (CPU, memory, state) for sparklines", tag: "apps",
                                description: "The monitor's samples, oldest first (about an hour at its interval).",
                                parameters: [.appName], response: .ref("AppMetrics"), errors: [404])) { _, context in
            let app = try await kernel.apps.get(try context.parameters.require("name"))
            return try JSON.response(AppMetrics(app: app.name, samples: await kernel.statusCache.samples(of: app.name)))
        }
        table.add(.get, "/api/apps/{name}/logs", access: .role(.viewer),
                  doc: RouteDoc("Log history, newest last", tag: "logs", parameters: [
                      .appName,
                      .query("lines", "entries to return (1–10000, default 200)", ["type": "integer", "minimum": 1, "maximum": 10_000]),
                      .query("priority", "only this syslog priority (0–7 or a level name) or more urgent"),
                      .query("grep", "only entries whose message contains this text"),
                      .query("since", "only entries at or after this ISO 8601 time"),
                      .query("cursor", "only entries after this cursor (from a previous page)"),
                  ], response: .ref("LogPage"), errors: [404])) { request, context in
            let name = try context.parameters.require("name")
            let query = try LogQuery(request, defaultLines: 200)
            let page = try await kernel.logs(of: name, query: query)
            return try JSON.response(LogPageBody(entries: page.entries, cursor: page.cursor))
        }
    }
}

/// `{"app","samples"}`.
struct AppMetrics: Encodable {
    var app: String
    var samples: [StatusCache.Sample]
}

/// `{"entries","cursor"}`.
struct LogPageBody: Encodable {
    var entries: [LogEntry]
    var cursor: String?

    enum CodingKeys: String, CodingKey { case entries, cursor }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entries, forKey: .entries)
        try container.encode(cursor, forKey: .cursor)
    }
}

extension LogQuery {
    /// The query of `?lines=&priority=&grep=&since=&cursor=`.
    init(_ request: Request, defaultLines: Int) throws {
        let query = QueryParameters(request)
        self.init(
            lines: try query.int("lines", in: 1...10_000, default: defaultLines),
            maxPriority: try query.priority("priority"),
            grep: try query.string("grep"),
            since: try query.date("since"),
            afterCursor: try query.string("cursor"))
    }
}
