import Foundation
import Hummingbird
import Kernel

/// Routes that change apps: register, update, delete (admin) and the
/// lifecycle operations (operator). Each is audited.
struct AppChangeRoutes: APIRouteProvider {
    func register(on table: RouteTable) {
        let services = table.services
        let kernel = services.kernel
        let views = services.appViews
        let body = services.body

        let registerDoc = { (path: String) in
            RouteDoc("Register an app", tag: "apps",
                     description: "Validates the spec, writes the unit and reloads systemd; does not start the app\(path).",
                     requestBody: .ref("AppSpec"), status: 201, response: .ref("App"), errors: [400, 409, 413, 422])
        }
        let registerHandler: RouteTable.Handler = { request, context in
            let spec = try await body.decode(AppSpec.self, from: request)
            context.noteAudit(app: spec.name)
            let app = try await kernel.apps.register(spec, actor: context.actor)
            let status = await kernel.liveStatus(of: app)
            return try JSON.response(AppView(app: app, status: status), status: .created)
        }
        table.add(.post, "/api/apps/register", access: .role(.admin), audit: "register", doc: registerDoc(""), handler: registerHandler)
        table.add(.post, "/api/apps", access: .role(.admin), audit: "register",
                  doc: registerDoc(" (same as POST /api/apps/register)"), handler: registerHandler)

        table.add(.put, "/api/apps/{name}", access: .role(.admin), audit: "update",
                  doc: RouteDoc("Replace an app's spec", tag: "apps",
                                description: "Rewrites the unit. A running app keeps the old one until restarted, unless `restart=true`.",
                                parameters: [.appName, .query("restart", "restart the app if it is active (true/false)", Schemas.boolean)],
                                requestBody: .ref("AppSpec"), response: .ref("App"), errors: [400, 404, 413, 422, 429])) { request, context in
            let name = AppManager.appName(try context.parameters.require("name"))
            let restart = try QueryParameters(request).bool("restart", default: false)
            let spec = try Self.decodeSpec(try await body.bytes(of: request), name: name)
            let app = try await kernel.apps.update(name, spec: spec, actor: context.actor)
            if restart, let status = try await kernel.statuses()[app.name], ["active", "activating", "reloading"].contains(status.activeState) {
                let restarted = try await kernel.lifecycle.perform(.restart, on: app.name, actor: context.actor)
                context.noteAudit(action: "update+restart")
                return try JSON.response(AppView(app: app, status: restarted))
            }
            return try JSON.response(try await views.view(app.name))
        }

        table.add(.delete, "/api/apps/{name}", access: .role(.admin), audit: "delete",
                  doc: RouteDoc("Delete an app", tag: "apps",
                                description: "Stops and disables it, removes its unit, reloads systemd and forgets it.",
                                parameters: [.appName], response: .ref("Deleted"), errors: [404])) { _, context in
            let name = AppManager.appName(try context.parameters.require("name"))
            try await kernel.delete(name, actor: context.actor)
            return try JSON.response(["deleted": name])
        }

        table.add(.post, "/api/apps/{name}/unit", access: .role(.admin), audit: "rewrite_unit",
                  doc: RouteDoc("Write an app's unit file again", tag: "apps",
                                description: "Replaces a unit file that was edited or deleted outside the agent (the status's `drift`) with the one the registry renders, and reloads systemd. The agent never does this by itself.",
                                parameters: [.appName], response: .ref("App"), errors: [404, 422])) { _, context in
            let name = AppManager.appName(try context.parameters.require("name"))
            context.noteAudit(app: name)
            let (app, status) = try await kernel.rewriteUnit(name, actor: context.actor)
            return try JSON.response(AppView(app: app, status: status))
        }

        for operation in Operation.allCases {
            table.add(.post, "/api/apps/{name}/\(operation.rawValue)", access: .role(.operator), audit: operation.rawValue,
                      doc: RouteDoc("\(operation.rawValue.capitalized) an app", tag: "operations",
                                    description: "Waits for systemd's job; at most one operation per app per second (429 with Retry-After).",
                                    parameters: [.appName], response: .ref("App"), errors: [404, 429, 502, 503, 504])) { _, context in
                let name = try context.parameters.require("name")
                let status = try await kernel.lifecycle.perform(operation, on: name, actor: context.actor)
                return try JSON.response(try await views.view(name, status: status))
            }
        }
    }

    /// The spec of a PUT body; `name` may be left out (it is the path's).
    static func decodeSpec(_ buffer: ByteBuffer, name: String) throws -> AppSpec {
        var data = Data(buffer: buffer)
        if var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
           object["name"] == nil, object["app_name"] == nil {
            object["name"] = name
            data = try JSONSerialization.data(withJSONObject: object)
        }
        return try RequestBodyReader.decode(AppSpec.self, from: data)
    }
}
