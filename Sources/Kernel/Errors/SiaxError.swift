/// An error with a stable machine-readable code, a human message and, when one
/// input is at fault, the field that caused it.
///
/// Codes are those of the external contract (docs/api.md); transports map them to
/// HTTP statuses. New codes can be added without breaking callers.
public struct SiaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let badRequest = Code(rawValue: "bad_request")
        public static let validationFailed = Code(rawValue: "validation_failed")
        public static let unauthorized = Code(rawValue: "unauthorized")
        public static let forbidden = Code(rawValue: "forbidden")
        public static let notFound = Code(rawValue: "not_found")
        public static let conflict = Code(rawValue: "conflict")
        public static let rateLimited = Code(rawValue: "rate_limited")
        public static let payloadTooLarge = Code(rawValue: "payload_too_large")
        public static let permissionDenied = Code(rawValue: "permission_denied")
        public static let backendUnavailable = Code(rawValue: "backend_unavailable")
        public static let operationFailed = Code(rawValue: "operation_failed")
        public static let timeout = Code(rawValue: "timeout")
        public static let `internal` = Code(rawValue: "internal")
    }

    /// The stable code.
    public var code: Code
    /// A message for people.
    public var message: String
    /// The input field at fault, if any (e.g. `script_path`, `environment.PORT`).
    public var field: String?
    /// For `rate_limited`: seconds until a retry may succeed.
    public var retryAfterSeconds: Int?
    /// Further field errors when several inputs are at fault (validation).
    public var details: [FieldError]

    public init(
        _ code: Code, _ message: String, field: String? = nil,
        retryAfterSeconds: Int? = nil, details: [FieldError] = []
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.retryAfterSeconds = retryAfterSeconds
        self.details = details
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let field { text += " (field: \(field))" }
        return text
    }
}

/// One invalid input: the field's name and what is wrong with it.
public struct FieldError: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Field path in snake_case, e.g. `environment.PORT` or `args[2]`.
    public var field: String
    /// What is wrong.
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

// MARK: - Convenience constructors

extension SiaxError {
    /// A validation failure for one or more fields; the first names the error's field.
    public static func validation(_ errors: [FieldError]) -> SiaxError {
        precondition(!errors.isEmpty, "a validation error needs at least one field error")
        let message = errors.count == 1
            ? errors[0].description
            : errors.map(\.description).joined(separator: "; ")
        return SiaxError(.validationFailed, message, field: errors[0].field, details: errors)
    }

    /// A validation failure of a single field.
    public static func invalid(_ field: String, _ message: String) -> SiaxError {
        validation([FieldError(field: field, message: message)])
    }

    /// No app of this name.
    public static func appNotFound(_ name: String) -> SiaxError {
        SiaxError(.notFound, "no app named '\(name)' is registered", field: "name")
    }
}
