import Foundation
import NIOCore

/// Closes HTTP/1 connections that hold the server without a request, first in
/// each connection's pipeline (Hummingbird's own idle handler is added only
/// once a request head arrives, and not at all on the WebSocket-upgrade path):
///
/// - a request head must be complete within `timeout` of the connection's
///   start or of the last response bytes (slow headers, idle keep-alives);
/// - a request body must not pause for `timeout` (a `Content-Length` larger
///   than what is sent);
/// - while the agent works on a request (up to `operation_timeout_s` for a
///   start), nothing is timed; a WebSocket upgrade (`101`) ends the checks.
final class ConnectionDeadlines: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Phase {
        /// Waiting for a request head: the bytes of it so far.
        case awaitingHead([UInt8])
        /// Reading a body: the bytes still expected (nil: chunked, until the agent answers).
        case readingBody(remaining: Int?)
        /// The request is read; the agent is working on it.
        case handling
    }

    /// Longest request head kept for finding its end (Hummingbird refuses larger heads anyway).
    private static let maxHead = 96 * 1024
    private let timeout: TimeAmount
    private var phase = Phase.awaitingHead([])
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        schedule(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        advance(context, reading: bytes[...])
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let buffer = unwrapOutboundIn(data)
        if buffer.readableBytesView.starts(with: "HTTP/1.1 101".utf8) {
            deadline?.cancel()
            context.write(data, promise: promise)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        // The agent answers: the next request's head is due `timeout` after the last response bytes.
        phase = .awaitingHead([])
        schedule(context)
        context.write(data, promise: promise)
    }

    // MARK: - Phases

    private func advance(_ context: ChannelHandlerContext, reading bytes: ArraySlice<UInt8>) {
        switch phase {
        case .awaitingHead(var head):
            head += bytes
            guard let end = Self.endOfHead(head) else {
                phase = .awaitingHead(head.count > Self.maxHead ? Array(head.suffix(3)) : head)
                return
            }
            let received = head.count - end
            switch Self.body(of: head[..<end]) {
            case .length(let length) where length > received:
                phase = .readingBody(remaining: length - received)
                schedule(context)
            case .length:
                handling()
            case .chunked:
                phase = .readingBody(remaining: nil)
                schedule(context)
            }
        case .readingBody(let remaining):
            guard let remaining else {
                schedule(context)
                return
            }
            if bytes.count >= remaining {
                handling()
            } else {
                phase = .readingBody(remaining: remaining - bytes.count)
                schedule(context)
            }
        case .handling:
            break
        }
    }

    private func handling() {
        phase = .handling
        deadline?.cancel()
        deadline = nil
    }

    private func schedule(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: timeout) {
            loopBound.value.close(promise: nil)
        }
    }

    /// The index just past the head's blank line, if the head is complete.
    static func endOfHead(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 3..<bytes.count
        where bytes[index] == 10 && bytes[index - 1] == 13 && bytes[index - 2] == 10 && bytes[index - 3] == 13 {
            return index + 1
        }
        return nil
    }

    /// How a request's body is framed.
    enum Body: Equatable {
        /// `Content-Length` bytes (0 without the header).
        case length(Int)
        /// `Transfer-Encoding: chunked`: its end is not tracked here.
        case chunked
    }

    /// The framing a request head announces.
    static func body(of head: ArraySlice<UInt8>) -> Body {
        let text = String(decoding: head, as: UTF8.self).lowercased()
        var length = 0
        for line in text.split(separator: "\r\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            switch parts[0].trimmingCharacters(in: .whitespaces) {
            case "transfer-encoding" where value.contains("chunked"): return .chunked
            case "content-length": length = Int(value) ?? 0
            default: break
            }
        }
        return .length(length)
    }
}
