import HummingbirdWebSocket
import Kernel
import ServiceLifecycle

/// Moves messages from a producer (journal follow, event bus) to one
/// WebSocket client through a `DropOldestBuffer`, so a slow client costs at
/// most `capacity` messages of memory and learns of drops as
/// `{"type":"gap","dropped":N}`.
///
/// Ends when the client closes (which cancels the producer: the journal
/// reader or event subscription is released), when the client floods the
/// stream with messages (`InboundBudget`: closed with 1008), or when the
/// producer ends and everything it produced was sent.
enum StreamPump {
    /// The text of a gap message.
    static func gapMessage(_ dropped: Int) -> String { #"{"type":"gap","dropped":\#(dropped)}"# }

    /// The text of an error that ended a stream.
    static func errorMessage(_ error: any Error) -> String {
        let siax = error as? SiaxError ?? SiaxError(.internal, "\(error)")
        return #"{"type":"error","error":"# + siax.bodyText.dropFirst(#"{"error":"#.count)
    }

    private enum Finished { case producer, consumer, client }

    /// Runs the stream until the client leaves, the producer is done and
    /// drained, or the agent shuts down gracefully (then the socket is closed).
    static func run(
        capacity: Int, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        produce: @escaping @Sendable (DropOldestBuffer<String>) async throws -> Void
    ) async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await pump(capacity: capacity, inbound: inbound, outbound: outbound, produce: produce)
            }
        } catch is CancellationError {}
    }

    private static func pump(
        capacity: Int, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        produce: @escaping @Sendable (DropOldestBuffer<String>) async throws -> Void
    ) async throws {
        let buffer = DropOldestBuffer<String>(capacity: capacity)
        try await withThrowingTaskGroup(of: Finished.self) { group in
            group.addTask {
                do {
                    try await produce(buffer)
                } catch is CancellationError {
                } catch {
                    buffer.push(errorMessage(error))
                }
                buffer.finish()
                return .producer
            }
            group.addTask {
                while let item = await buffer.next() {
                    switch item {
                    case .element(let text): try await outbound.write(.text(text))
                    case .gap(let dropped): try await outbound.write(.text(gapMessage(dropped)))
                    }
                }
                return .consumer
            }
            group.addTask {
                var budget = InboundBudget()
                for try await _ in inbound where !budget.spend() {
                    try await outbound.close(.policyViolation, reason: budget.closeReason)
                    break
                }
                return .client
            }
            while let finished = try await group.next() {
                if finished != .producer { break }
            }
            group.cancelAll()
        }
    }
}
