import Hummingbird
import Kernel

// MARK: - Status per error code (docs/api.md "Errors")

extension SiaxError.Code {
    /// The HTTP status docs/api.md gives this code; unknown codes are 500.
    public var httpStatus: HTTPResponse.Status {
        switch self {
        case .badRequest: return .badRequest
        case .validationFailed: return .unprocessableContent
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .methodNotAllowed: return .methodNotAllowed
        case .conflict: return .conflict
        case .rateLimited: return .tooManyRequests
        case .payloadTooLarge: return .contentTooLarge
        case .permissionDenied, .backendUnavailable: return .serviceUnavailable
        case .operationFailed: return .badGateway
        case .timeout: return .gatewayTimeout
        default: return .internalServerError
        }
    }

    /// The code for an HTTP status that did not come from a `SiaxError` (router, framework).
    static func from(status: HTTPResponse.Status) -> SiaxError.Code {
        switch status.code {
        case 400: return .badRequest
        case 401: return .unauthorized
        case 403: return .forbidden
        case 404: return .notFound
        case 405: return .methodNotAllowed
        case 409: return .conflict
        case 413: return .payloadTooLarge
        case 422: return .validationFailed
        case 429: return .rateLimited
        case 503: return .backendUnavailable
        case 504: return .timeout
        default: return .internal
        }
    }
}

// MARK: - Error as a response

extension SiaxError {
    /// The error as docs/api.md's body, with its status and, for `rate_limited`, `Retry-After`.
    func response() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        if code == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"siax-agent\"" }
        return Response(status: code.httpStatus, headers: headers, body: .init(byteBuffer: JSON.errorBuffer(self)))
    }

    /// The body text of the error (also used by refused WebSocket upgrades).
    package var bodyText: String { String(buffer: JSON.errorBuffer(self)) }
}

/// docs/api.md's error body: `{"error":{"code","message","field"}}`, plus
/// `details` (every field at fault) when validation found several.
struct ErrorBody: Encodable {
    struct Inner: Encodable {
        var code: String
        var message: String
        var field: String?
        var details: [FieldError]?
    }

    var error: Inner

    init(_ error: SiaxError) {
        self.error = Inner(
            code: error.code.rawValue, message: error.message, field: error.field,
            details: error.details.count > 1 ? error.details : nil)
    }
}
