import Foundation
import HTTPCore
import Hummingbird

/// A transport that exists only in the tests: `GET /api/greeting` on the
/// `http` server answers `{"greeting": "<greeting.text>"}`.
public struct GreetingRoutes: APIRouteProvider {
    private let body: ByteBuffer

    public init(settings: GreetingSettings) {
        body = ByteBuffer(bytes: (try? JSONEncoder().encode(["greeting": settings.greeting.text])) ?? Data())
    }

    public func register(on table: RouteTable) {
        let body = body
        table.add(.get, "/api/greeting", access: .open,
                  doc: RouteDoc("A greeting from the test transport", tag: "greeting", response: ["type": "object"])) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
        }
    }
}
