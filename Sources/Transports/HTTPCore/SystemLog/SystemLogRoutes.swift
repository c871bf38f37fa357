import Foundation
import Hummingbird
import Kernel

/// `GET /api/system/logs`: the agent's own log (`AgentLogBook`) merged with
/// what systemd reported about the managed units (the event bus's state
/// changes and alerts, with their reasons) and the operations the agent ran,
/// oldest first. Works the same on both backends, in a unit, in the sandbox or
/// in a terminal. `WS /api/system/logs/stream` (WebSocketStreams) follows it live.
package struct SystemLogRoutes: APIRouteProvider {
    /// The agent's log lines.
    var book: AgentLogBook = .shared

    package func register(on table: RouteTable) {
        let kernel = table.services.kernel
        let book = book
        let parameters = Self.parameters

        table.add(.get, "/api/system/logs", access: .role(.viewer),
                  doc: RouteDoc("The agent's log and systemd's messages about the managed units", tag: "logs",
                                description: "Lines the agent logged (`source` `agent`) and the managed units' state changes and alerts with their reasons (`source` `systemd`), oldest first.",
                                parameters: parameters, response: .ref("SystemLogList"), errors: [422])) { request, _ in
            let lines = try Self.lines(request)
            return try JSON.response(["entries": await Self.history(book: book, events: kernel.events, lines: lines)])
        }
    }

    /// The query parameters of the history and of its stream.
    package static let parameters: [RouteDoc.Parameter] = [
        .query("lines", "entries of history (0–2000, default 200)", Schemas.integer),
    ]

    /// `lines`: 0–2000, default 200.
    package static func lines(_ request: Request) throws -> Int {
        try QueryParameters(request).int("lines", in: 0...2000, default: 200)
    }

    /// The last `lines` entries of the agent's log and the events, by time.
    package static func history(book: AgentLogBook, events: EventBus, lines: Int) async -> [SystemLogEntry] {
        let pid = getpid()
        let own = book.recent(limit: lines).map { SystemLogEntry($0, pid: pid) }
        let recent = await events.recent(limit: min(1000, max(lines, 1))).map(SystemLogEntry.init)
        let merged = (own + recent).enumerated().sorted {
            ($0.element.realtimeUsec, $0.offset) < ($1.element.realtimeUsec, $1.offset)
        }.map(\.element)
        return Array(merged.suffix(lines))
    }
}
