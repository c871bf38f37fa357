import ArgumentParser
import Foundation

/// A failure of a CLI command: what the agent answered, or why it could not be asked.
enum CLIError: Error {
    /// The agent answered with docs/api.md's error body.
    case api(APIFailure)
    /// The agent could not be reached.
    case unreachable(url: String, reason: String)
    /// The command line or its input is wrong.
    case usage(String)

    /// Exit codes: 1 the agent refused, 2 usage, 3 unreachable.
    var exitCode: Int32 {
        switch self {
        case .api: return 1
        case .usage: return 2
        case .unreachable: return 3
        }
    }

    /// The line printed on standard error.
    var message: String {
        switch self {
        case .api(let failure): return failure.description
        case .unreachable(let url, let reason): return "cannot reach the agent at \(url): \(reason)"
        case .usage(let text): return text
        }
    }
}

/// `{"error":{"code","message","field","details"}}` with the HTTP status and `Retry-After`.
struct APIFailure: Error, CustomStringConvertible {
    var status: Int
    var code: String
    var message: String
    var field: String?
    var details: [FieldProblem]
    var retryAfter: Int?
    /// A hint added by the client (e.g. where the token came from).
    var hint: String?

    struct FieldProblem: Decodable {
        var field: String
        var message: String
    }

    private struct Body: Decodable {
        struct Inner: Decodable {
            var code: String?
            var message: String?
            var field: String?
            var details: [FieldProblem]?
        }
        var error: Inner
    }

    /// Parses an error response; a body that is not docs/api.md's still gives a readable failure.
    init(status: Int, body: Data, retryAfter: Int?) {
        self.status = status
        self.retryAfter = retryAfter
        if let parsed = try? JSONDecoder().decode(Body.self, from: body) {
            code = parsed.error.code ?? "http_\(status)"
            message = parsed.error.message ?? "HTTP \(status)"
            field = parsed.error.field
            details = parsed.error.details ?? []
        } else {
            code = "http_\(status)"
            let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            message = text.isEmpty ? "HTTP \(status)" : text
            field = nil
            details = []
        }
    }

    var description: String {
        var text = "\(message) [\(code)"
        if let field { text += ", field: \(field)" }
        text += "]"
        if let retryAfter { text += "; retry after \(retryAfter) s" }
        if details.count > 1 {
            text += details.map { "\n  \($0.field): \($0.message)" }.joined()
        }
        if let hint { text += "\n\(hint)" }
        return text
    }
}

/// Runs a CLI command body, turning failures into a message on standard error and an exit code.
func runCLI(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as CLIError {
        printError("error: \(error.message)")
        throw ExitCode(error.exitCode)
    }
}
