import Foundation
import Hummingbird
import Kernel
import NIOCore
import ServiceLifecycle

/// docs/api.md's App object: the spec's fields, then `unit`, `status`, `created_at`, `updated_at`.
package struct AppView: Encodable {
    let app: ManagedApp
    let status: AppStatus

    private enum Extra: String, CodingKey {
        case unit, status
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    package func encode(to encoder: any Encoder) throws {
        try app.spec.encode(to: encoder)
        var container = encoder.container(keyedBy: Extra.self)
        try container.encode(app.unitName, forKey: .unit)
        try container.encode(status, forKey: .status)
        try container.encode(app.createdAt, forKey: .createdAt)
        try container.encode(app.updatedAt, forKey: .updatedAt)
    }
}

/// Builds App objects from the registry and the Kernel's cached statuses.
///
/// `GET /api/apps` is the hot path: its body comes from an `AppListCache`,
/// so a request costs a lookup, not a registry walk and an encoding.
package final class AppViews: Sendable {
    private struct AppList: Encodable {
        var apps: [AppView]
    }

    let kernel: AgentKernel
    /// The encoded app list.
    let list: AppListCache

    init(kernel: AgentKernel, listTTL: Duration = .seconds(1)) {
        self.kernel = kernel
        list = AppListCache(ttl: listTTL) { [kernel] in
            let statuses = try await kernel.statuses()
            let apps = await kernel.apps.list()
            return try JSON.buffer(AppList(apps: apps.map { AppView(app: $0, status: statuses[$0.name] ?? AppStatus(unit: nil)) }))
        }
    }

    /// The body of `GET /api/apps`: `{"apps":[App]}`.
    func listBody() async throws -> ByteBuffer {
        try await list.body()
    }

    /// Invalidates the list whenever the event bus reports a state change or an alert, until
    /// cancelled or shut down. Operations are left out: every one comes through an audited
    /// route, which invalidates the list once when it ends (`RouteTable`), and what an operation
    /// does to an app's state arrives as a state event.
    func followEvents() async {
        let events = await kernel.events.subscribe()
        for await event in events.cancelOnGracefulShutdown() where event.type != .operation {
            list.invalidate()
        }
    }

    /// One app with its current status.
    package func view(_ name: String) async throws -> AppView {
        let app = try await kernel.apps.get(name)
        let statuses = try await kernel.statuses()
        return AppView(app: app, status: statuses[app.name] ?? AppStatus(unit: nil))
    }

    /// One app's current status.
    func status(_ name: String) async throws -> AppStatus {
        let app = try await kernel.apps.get(name)
        return try await kernel.statuses()[app.name] ?? AppStatus(unit: nil)
    }

    /// One app after an operation, with the status the operation returned.
    package func view(_ name: String, status: AppStatus) async throws -> AppView {
        AppView(app: try await kernel.apps.get(name), status: status)
    }
}
