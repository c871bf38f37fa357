import KernelTestSupport

/// One raw HTTP/1.1 exchange over a loopback socket, for what the test
/// clients cannot send (a WebSocket upgrade whose refusal we want to read).
enum RawHTTP {
    /// Sends `request` to 127.0.0.1:`port` and returns the response (a 101's head, or a whole response).
    static func exchange(port: Int, _ request: String) async throws -> String {
        let socket = try LoopbackSocket(port: port)
        try socket.send(Array(request.utf8))
        return try await socket.response()
    }

    /// A WebSocket upgrade request for `path` with extra header lines.
    static func upgrade(_ path: String, headers: [String] = []) -> String {
        (["GET \(path) HTTP/1.1", "Host: localhost", "Connection: Upgrade", "Upgrade: websocket",
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"] + headers)
            .joined(separator: "\r\n") + "\r\n\r\n"
    }
}
