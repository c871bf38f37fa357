import Kernel
import NIOCore

/// Answers a refused WebSocket upgrade with the error's status and JSON body.
///
/// hummingbird-websocket answers every refused upgrade with an empty 400 and
/// closes the connection. docs/api.md wants 401/403/404/429 with the usual error
/// body, so before refusing, the gate puts this handler at the network end of
/// the connection's pipeline: it replaces the first response written with
/// the error's own and drops the rest. It is only ever added to connections
/// whose upgrade is being refused, which close right after.
enum UpgradeRefusal {
    /// Installs the replacement response for `error` on `channel`.
    static func install(_ error: SiaxError, on channel: any Channel) async {
        let response = rawResponse(error)
        try? await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(ReplaceResponseHandler(response: response), position: .first)
        }.get()
    }

    /// The whole HTTP/1.1 response for `error`, closing the connection.
    static func rawResponse(_ error: SiaxError) -> ByteBuffer {
        let body = JSON.errorBuffer(error)
        let status = error.code.httpStatus
        var head = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n"
        head += "Content-Type: application/json; charset=utf-8\r\n"
        head += "Content-Length: \(body.readableBytes)\r\n"
        if let retryAfter = error.retryAfterSeconds { head += "Retry-After: \(retryAfter)\r\n" }
        if error.code == .unauthorized { head += "WWW-Authenticate: Bearer realm=\"siax-agent\"\r\n" }
        head += "Connection: close\r\n\r\n"
        var buffer = ByteBuffer(string: head)
        var copy = body
        buffer.writeBuffer(&copy)
        return buffer
    }
}

/// Writes `response` in place of the first outbound bytes and swallows the rest.
private final class ReplaceResponseHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private let response: ByteBuffer
    private var replaced = false

    init(response: ByteBuffer) {
        self.response = response
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !replaced else {
            promise?.succeed(())
            return
        }
        replaced = true
        context.write(wrapOutboundOut(.byteBuffer(response)), promise: promise)
    }
}
