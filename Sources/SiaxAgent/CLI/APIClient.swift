import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import NIOHTTP1

/// A small client of the agent's REST API and WebSocket streams, for the CLI.
///
/// Every failure is a `CLIError`: the API's error body (`.api`), or why the
/// agent could not be reached (`.unreachable`).
struct APIClient: Sendable {
    /// `http://host:port`, without a trailing slash.
    let baseURL: String
    /// The bearer token, if one was found.
    let token: String?
    /// Where the token came from (for error hints).
    let tokenSource: String?
    /// How long one request may take.
    let timeout: TimeAmount

    /// Largest response body read.
    static let maxBody = 64 * 1024 * 1024

    /// The CLI's HTTP client: a refused or unanswered connection fails at once (no retries
    /// until the request's deadline, which for operations is long). Never shut down: it
    /// lives as long as the process.
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    // MARK: - Requests

    /// Sends a request and returns the body of a 2xx answer.
    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, query: [(String, String?)] = [], json body: Data? = nil) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL + path + Self.queryString(query))
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "siax-agent-cli")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let status: Int
        let data: Data
        let retryAfter: Int?
        do {
            let response = try await Self.http.execute(request, timeout: timeout)
            status = Int(response.status.code)
            retryAfter = response.headers.first(name: "Retry-After").flatMap { Int($0) }
            let buffer = try await response.body.collect(upTo: Self.maxBody)
            data = Data(buffer.readableBytesView)
        } catch {
            throw CLIError.unreachable(url: baseURL, reason: Self.describe(error))
        }
        guard (200..<300).contains(status) else {
            var failure = APIFailure(status: status, body: data, retryAfter: retryAfter)
            if status == 401 { failure.hint = tokenHint }
            throw CLIError.api(failure)
        }
        return data
    }

    /// GETs and decodes JSON; also returns the raw body (for `--json`).
    func get<T: Decodable>(_ type: T.Type, _ path: String, query: [(String, String?)] = []) async throws -> (T, Data) {
        let data = try await send(.GET, path, query: query)
        return (try Self.decode(type, data), data)
    }

    /// Decodes an answer (snake_case keys).
    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: data)
        } catch {
            throw CLIError.usage("unexpected answer from the agent: \(error)")
        }
    }

    private var tokenHint: String {
        if let tokenSource { return "hint: the token from \(tokenSource) was refused" }
        return "hint: no token found: pass --token, set SIAX_TOKEN, or run as a user who can read <state_dir>/admin.token"
    }

    // MARK: - WebSocket

    /// Opens a WebSocket on `path` and calls `onText` for each text message until the server closes it.
    /// A refused upgrade is explained by asking the same URL with a plain GET (same checks, API error body).
    func stream(_ path: String, query: [(String, String?)], onText: @escaping @Sendable (String) -> Void) async throws {
        let url = baseURL.replacingOccurrences(of: "http", with: "ws", options: .anchored) + path + Self.queryString(query)
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        let logger = Logger(label: "siax-agent.cli", factory: { _ in SwiftLogNoOpLogHandler() })
        do {
            try await WebSocketClient.connect(
                url: url, configuration: .init(maxFrameSize: 1 << 20, additionalHeaders: headers, autoPing: .disabled), logger: logger
            ) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 22) {
                    if case .text(let text) = message { onText(text) }
                }
            }
        } catch let error as WebSocketClientError where error == .webSocketUpgradeFailed {
            // The GET answers the refusal's error (404, 401, 429, …); 400 means the checks passed.
            try await send(.GET, path, query: query)
            throw CLIError.unreachable(url: baseURL, reason: "the WebSocket upgrade of \(path) failed")
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError.unreachable(url: baseURL, reason: Self.describe(error))
        }
    }

    // MARK: - Helpers

    /// A path segment, percent-encoded.
    static func segment(_ value: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    static func queryString(_ query: [(String, String?)]) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#%")
        let parts = query.compactMap { key, value in
            value.map { "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0)" }
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectTimeout") { return "connection timed out" }
        if text.contains("Connection refused") || text.contains("connectionRefused") { return "connection refused (is `siax-agent serve` running?)" }
        if text.contains("deadlineExceeded") || text.contains("readTimeout") { return "no answer in time (raise --timeout)" }
        return text
    }
}
