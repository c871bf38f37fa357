import CoreMetrics
import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import HTTPCore
import Kernel

/// `WS /logs/{name}` (history, then follow) and `WS /api/events/stream`.
/// Open clients are counted per stream (`MetricDescription.webSocketClients`).
struct StreamRoutes: APIRouteProvider {
    /// Live log connections per app.
    let limiter: ConnectionLimiter
    /// Messages buffered per log client before the oldest are dropped.
    var logQueueCapacity = 1000
    /// Messages buffered per event client before the oldest are dropped.
    var eventQueueCapacity = 256

    func register(on table: RouteTable) {
        let kernel = table.services.kernel
        let limiter = limiter
        let logCapacity = logQueueCapacity
        let eventCapacity = eventQueueCapacity
        let entryTexts = RecentEntryTexts()
        let logClients = Meter(label: MetricDescription.webSocketClients.name, dimensions: [("stream", "logs")], factory: kernel.metrics)
        let eventClients = Meter(label: MetricDescription.webSocketClients.name, dimensions: [("stream", "events")], factory: kernel.metrics)

        table.addWebSocket(
            "/logs/{name}", role: .viewer,
            doc: RouteDoc("Live log stream (WebSocket)", tag: "logs",
                          description: "Sends the last `lines` entries, then follows: one LogEntry per text message. With `cursor` (a LogEntry's `cursor`, e.g. the last one received before a disconnection or an agent restart) it sends the entries after that one instead, then follows: nothing repeated, nothing skipped; when the journal no longer holds that entry (rotated away and vacuumed) it first sends `{\"type\":\"journal_gap\",\"after\":CURSOR}`: entries written after it may be gone. A slow client's oldest entries are dropped and it receives `{\"type\":\"gap\",\"dropped\":N}`. A client sends nothing but control frames: more than a few messages close the stream (1008), a frame over 64 KiB closes it (1009). At most `max_log_connections_per_app` connections per app; further upgrades get 429.",
                          parameters: [
                              .appName,
                              .query("lines", "entries of history first (0–10000, default 100; with `cursor`, default 10000)", ["type": "integer", "minimum": 0, "maximum": 10_000]),
                              .query("cursor", "resume after this entry: the `cursor` of the last LogEntry received"),
                              .query("priority", "only this syslog priority (0–7 or a level name) or more urgent"),
                              .query("grep", "only entries whose message contains this text"),
                          ],
                          status: 101, response: .ref("LogEntry"), errors: [404, 429]),
            check: { request, context in
                let app = try await kernel.apps.get(try context.parameters.require("name"))
                _ = try Self.logQuery(request)
                context.logSlot = try limiter.reserve(app.name)
            },
            onUpgrade: { inbound, outbound, context in
                let slot = context.requestContext.logSlot
                logClients.increment()
                defer {
                    slot?.release()
                    logClients.decrement()
                }
                let app = try await kernel.apps.get(try context.requestContext.parameters.require("name"))
                let query = try Self.logQuery(context.request)
                // Nagle on for a log stream: while earlier messages are unacknowledged, the kernel
                // packs the next ones into one segment instead of one per line. A lone line still
                // leaves at once; under a burst, fifty followers cost the sender and every client
                // a fraction of the packets (docs/benchmarks.md, log fan-out). Without it, the
                // stream works as before.
                _ = try? await context.requestContext.channel.setOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 0)
                try await StreamPump.run(capacity: logCapacity, inbound: inbound, outbound: outbound) { buffer in
                    if let cursor = query.afterCursor, try await !kernel.logsHold(cursor: cursor) {
                        buffer.push(try Self.journalGapMessage(after: cursor))
                    }
                    for try await entry in kernel.followLogs(of: app, query: query) {
                        buffer.push(try entryTexts.text(of: entry, encode: Self.text))
                    }
                }
            })

        table.addWebSocket(
            "/api/events/stream", role: .viewer,
            doc: RouteDoc("Live events (WebSocket)", tag: "agent",
                          description: "State changes, operations and alerts as they happen, one Event per text message; a slow client gets `{\"type\":\"gap\",\"dropped\":N}`.",
                          status: 101, response: .ref("Event")),
            check: { _, _ in },
            onUpgrade: { inbound, outbound, _ in
                eventClients.increment()
                defer { eventClients.decrement() }
                let events = await kernel.events.subscribe()
                try await StreamPump.run(capacity: eventCapacity, inbound: inbound, outbound: outbound) { buffer in
                    for await event in events {
                        buffer.push(try Self.text(event))
                    }
                }
            })
    }

    /// The follow's query: `lines` of history (default 100, or 10,000 after a `cursor`), priority, grep, cursor.
    static func logQuery(_ request: Request) throws -> LogQuery {
        let query = QueryParameters(request)
        let cursor = try query.string("cursor")
        return LogQuery(
            lines: try query.int("lines", in: 0...10_000, default: cursor == nil ? 100 : 10_000),
            maxPriority: try query.priority("priority"), grep: try query.string("grep"), afterCursor: cursor)
    }

    /// Tells a client resuming after `cursor` that the journal no longer holds
    /// that entry (rotated away or vacuumed): entries written after it, before
    /// the next message, may be missing.
    static func journalGapMessage(after cursor: String) throws -> String {
        try text(["type": "journal_gap", "after": cursor])
    }

    /// One message's text.
    static func text(_ value: some Encodable) throws -> String {
        String(decoding: try JSON.encoder.encode(value), as: UTF8.self)
    }
}
