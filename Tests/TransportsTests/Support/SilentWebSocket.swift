import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A WebSocket client on a raw loopback socket with a tiny receive buffer that reads
/// nothing after the upgrade until the test says so: the client that never reads.
/// `drain` then reads the server's frames (unmasked).
final class SilentWebSocket {
    /// How the reading ended.
    enum Ending: Equatable {
        /// The handler had enough.
        case enough
        /// The server sent a close frame with this code.
        case closed(UInt16)
        /// The connection ended (or 30 s passed) without a close frame.
        case cut
    }

    private let fd: Int32
    private var pending: [UInt8] = []

    /// Connects to 127.0.0.1:`port` and upgrades `path` with `headers`; throws unless the answer is 101.
    init(port: Int, path: String, headers: [String]) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var small: Int32 = 4096
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
        let request = Array(RawHTTP.upgrade(path, headers: headers).utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        while true {
            if let end = Self.headEnd(pending) {
                let head = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeFirst(end)
                guard head.hasPrefix("HTTP/1.1 101") else {
                    close(fd)
                    throw POSIXError(.EPROTO)
                }
                return
            }
            guard readMore() else {
                close(fd)
                throw POSIXError(.ECONNRESET)
            }
        }
    }

    deinit { close(fd) }

    /// Reads frames, handing each text to `onText` until it returns true, the server closes,
    /// the connection ends or 30 s pass without a byte.
    func drain(_ onText: (String) throws -> Bool) rethrows -> Ending {
        while let (opcode, payload) = nextFrame() {
            switch opcode {
            case 0x1: if try onText(String(decoding: payload, as: UTF8.self)) { return .enough }
            case 0x8: return .closed(payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : 1005)
            default: continue
            }
        }
        return .cut
    }

    private func nextFrame() -> (opcode: UInt8, payload: [UInt8])? {
        while true {
            if pending.count >= 2 {
                var length = Int(pending[1] & 0x7f)
                var offset = 2
                if length == 126, pending.count >= 4 {
                    length = Int(pending[2]) << 8 | Int(pending[3])
                    offset = 4
                } else if length == 127, pending.count >= 10 {
                    length = pending[2..<10].reduce(0) { $0 << 8 | Int($1) }
                    offset = 10
                }
                if length < 126 || offset > 2, pending.count >= offset + length {
                    let frame = (pending[0] & 0x0f, Array(pending[offset..<(offset + length)]))
                    pending.removeFirst(offset + length)
                    return frame
                }
            }
            guard readMore() else { return nil }
        }
    }

    private func readMore() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        pending += buffer[0..<count]
        return true
    }

    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }
}
