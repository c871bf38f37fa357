import Foundation
import Hummingbird
import Kernel
import NIOCore

/// Reads request bodies with a size cap and decodes them strictly.
///
/// A body larger than `maxBytes` is refused with 413 as soon as its declared
/// length (or, when streamed, its running length) passes the cap, without
/// buffering the rest. Malformed JSON and a repeated key are 400; a missing, unknown or mistyped
/// field is 422 naming the field (the models refuse unknown keys).
package struct RequestBodyReader: Sendable {
    /// Largest body accepted, in bytes (config `max_body_bytes`).
    let maxBytes: Int

    /// The raw body, at most `maxBytes`.
    package func bytes(of request: Request) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes {
            throw tooLarge()
        }
        do {
            return try await request.body.collect(upTo: maxBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge()
        } catch is NIOTooManyBytesError {
            throw tooLarge()
        }
    }

    /// The body as a JSON object of type `T`.
    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer = try await bytes(of: request)
        return try Self.decode(type, from: Data(buffer: buffer))
    }

    /// Decodes `data`, mapping decoding errors to docs/api.md's codes.
    package static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        guard !data.isEmpty else { throw SiaxError(.badRequest, "the request body is empty; a JSON object is expected") }
        if let key = DuplicateKeyScan.firstDuplicate(in: Array(data)) {
            throw SiaxError(.badRequest, "the request body repeats the key \(key); each key may appear once", field: key)
        }
        do {
            return try JSON.decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw siaxError(error)
        }
    }

    /// `bad_request` for malformed JSON, else `validation_failed` naming the field.
    static func siaxError(_ error: DecodingError) -> SiaxError {
        let (path, message) = StrictKeys.describe(error)
        if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
            return SiaxError(.badRequest, "the request body is not valid JSON: \(message)")
        }
        if path.isEmpty {
            return SiaxError(.badRequest, "the request body must be a JSON object: \(message)")
        }
        return SiaxError.invalid(path, message)
    }

    private func tooLarge() -> SiaxError {
        SiaxError(.payloadTooLarge, "the request body is larger than \(maxBytes) bytes (config max_body_bytes)")
    }
}
