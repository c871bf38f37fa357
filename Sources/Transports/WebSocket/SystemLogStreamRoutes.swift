import Foundation
import Hummingbird
import HTTPCore
import Kernel

/// `WS /api/system/logs/stream`: the last `lines` entries of
/// `GET /api/system/logs` (the agent's log and systemd's messages about the
/// managed units), then each new one as it comes.
struct SystemLogStreamRoutes: APIRouteProvider {
    /// The agent's log lines.
    var book: AgentLogBook = .shared
    /// Messages buffered per client before the oldest are dropped.
    var queueCapacity = 1000

    func register(on table: RouteTable) {
        let kernel = table.services.kernel
        let book = book
        let capacity = queueCapacity
        table.addWebSocket(
            "/api/system/logs/stream", role: .viewer,
            doc: RouteDoc("The system log, live (WebSocket)", tag: "logs",
                          description: "The last `lines` entries of `GET /api/system/logs`, then each new one, one SystemLogEntry per text message; a slow client gets `{\"type\":\"gap\",\"dropped\":N}`.",
                          parameters: SystemLogRoutes.parameters, status: 101, response: .ref("SystemLogEntry"), errors: [422]),
            check: { request, _ in _ = try SystemLogRoutes.lines(request) },
            onUpgrade: { inbound, outbound, context in
                let lines = try SystemLogRoutes.lines(context.request)
                // Subscribed before the history is read, so nothing falls between; what both hold is sent once.
                let live = book.follow(history: 0)
                let events = await kernel.events.subscribe()
                let history = await SystemLogRoutes.history(book: book, events: kernel.events, lines: lines)
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
