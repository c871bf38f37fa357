import Foundation
import Hummingbird
import Kernel
import NIOCore

/// One JSON style for every response: snake_case keys (set by the models),
/// ISO 8601 dates, slashes unescaped.
package enum JSON {
    /// The shared encoder; its options are never changed after creation.
    package static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// The shared decoder for request bodies.
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// `value` encoded into a buffer.
    static func buffer(_ value: some Encodable) throws -> ByteBuffer {
        ByteBuffer(bytes: try encoder.encode(value))
    }

    /// A JSON response with `status`.
    package static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        response(buffer: try buffer(value), status: status)
    }

    /// A JSON response of an already encoded body.
    package static func response(buffer: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
    }

    /// The error body of `error`; never fails.
    static func errorBuffer(_ error: SiaxError) -> ByteBuffer {
        if let buffer = try? buffer(ErrorBody(error)) { return buffer }
        return ByteBuffer(string: #"{"error":{"code":"internal","message":"unencodable error"}}"#)
    }
}
