import Foundation
import Hummingbird
import Kernel

/// `GET /api/system/logs` and `WS /api/system/logs/stream`: the agent's own
/// log (`AgentLogBook`) merged with what systemd reported about the managed
/// units (the event bus's state changes and alerts, with their reasons) and
/// the operations the agent ran, oldest first. Works the same on both
/// backends, in a unit, in the sandbox or in a terminal.
struct SystemLogRoutes: APIRouteProvider {
    /// The agent's log lines.
    var book: AgentLogBook = .shared
    /// Messages buffered per WebSocket client before the oldest are dropped.
    var queueCapacity = 1000
    /// Whether the WebSocket follow is served.
    var webSocket = true

    func register(on table: RouteTable) {
        let kernel = table.services.kernel
        let book = book
        let capacity = queueCapacity
        let parameters: [RouteDoc.Parameter] = [
            .query("lines", "entries of history (0–2000, default 200)", Schemas.integer),
        ]

        table.add(.get, "/api/system/logs", access: .role(.viewer),
                  doc: RouteDoc("The agent's log and systemd's messages about the managed units", tag: "logs",
                                description: "Lines the agent logged (`source` `agent`) and the managed units' state changes and alerts with their reasons (`source` `systemd`), oldest first.",
                                parameters: parameters, response: .ref("SystemLogList"), errors: [422])) { request, _ in
            let lines = try Self.lines(request)
            return try JSON.response(["entries": await Self.history(book: book, events: kernel.events, lines: lines)])
        }

        if webSocket {
            table.addWebSocket(
                "/api/system/logs/stream", role: .viewer,
                doc: RouteDoc("The system log, live (WebSocket)", tag: "logs",
                              description: "The last `lines` entries of `GET /api/system/logs`, then each new one, one SystemLogEntry per text message; a slow client gets `{\"type\":\"gap\",\"dropped\":N}`.",
                              parameters: parameters, status: 101, response: .ref("SystemLogEntry"), errors: [422]),
                check: { request, _ in _ = try Self.lines(request) },
                onUpgrade: { inbound, outbound, context in
                    let lines = try Self.lines(context.request)
                    // Subscribed before the history is read, so nothing falls between; what both hold is sent once.
                    let live = book.follow(history: 0)
                    let events = await kernel.events.subscribe()
                    let history = await Self.history(book: book, events: kernel.events, lines: lines)
                    let lastSequence = book.recent(limit: 1).last?.sequence ?? 0
                    let sentEvents = Set(history.filter { $0.event != nil }.map(\.cursor))
                    try await StreamPump.run(capacity: capacity, inbound: inbound, outbound: outbound) { buffer in
                        for entry in history { buffer.push(try StreamRoutes.text(entry)) }
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask {
                                for await line in live where line.sequence > lastSequence {
                                    buffer.push(try StreamRoutes.text(SystemLogEntry(line, pid: getpid())))
                                }
                            }
                            group.addTask {
                                for await event in events {
                                    let entry = SystemLogEntry(event)
                                    if sentEvents.contains(entry.cursor) { continue }
                                    buffer.push(try StreamRoutes.text(entry))
                                }
                            }
                            try await group.waitForAll()
                        }
                    }
                })
        }
    }

    /// `lines`: 0–2000, default 200.
    static func lines(_ request: Request) throws -> Int {
        try QueryParameters(request).int("lines", in: 0...2000, default: 200)
    }

    /// The last `lines` entries of the agent's log and the events, by time.
    static func history(book: AgentLogBook, events: EventBus, lines: Int) async -> [SystemLogEntry] {
        let pid = getpid()
        let own = book.recent(limit: lines).map { SystemLogEntry($0, pid: pid) }
        let recent = await events.recent(limit: min(1000, max(lines, 1))).map(SystemLogEntry.init)
        let merged = (own + recent).enumerated().sorted {
            ($0.element.realtimeUsec, $0.offset) < ($1.element.realtimeUsec, $1.offset)
        }.map(\.element)
        return Array(merged.suffix(lines))
    }
}
