import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Where reports go and how one is delivered: `POST {url}/apps_servcs/apps`
/// with the bearer token, over AsyncHTTPClient (TLS verified; never turned off).
struct CloudEndpoint: Sendable {
    /// What became of one delivery.
    enum Outcome: Sendable, Equatable {
        /// 2xx.
        case delivered
        /// A status the cloud will give again for the same body (400, 404, 413, 422): the report is dropped.
        case refused(String)
        /// Down, slow, 5xx, 401, 429, …: retried later, not before `retryAfter` seconds when the cloud said so.
        case failed(String, retryAfter: TimeInterval? = nil)
    }

    let url: String
    private let token: String?
    private let timeout: TimeAmount

    init(baseURL: String, token: String?, timeout: Duration) {
        var parts = URLComponents(string: baseURL)
        let basePath = parts?.path ?? ""
        parts?.path = basePath.replacing(/\/+$/, with: "") + "/apps_servcs/apps"
        url = parts?.string ?? baseURL
        self.token = token
        self.timeout = .nanoseconds(Int64(timeout / .nanoseconds(1)))
    }

    /// The URL for logs: scheme, host, port and path only (no credentials, no query).
    var redactedURL: String {
        guard var parts = URLComponents(string: url) else { return "(invalid URL)" }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        parts.fragment = nil
        return parts.string ?? "(invalid URL)"
    }

    /// Sends one report body.
    func deliver(_ body: Data, with client: HTTPClient) async -> Outcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "siax-agent")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            switch response.status.code {
            case 200..<300: return .delivered
            case 400, 404, 413, 422: return .refused("HTTP \(response.status.code)")
            default:
                return .failed("HTTP \(response.status.code)", retryAfter: response.headers.first(name: "Retry-After").flatMap { Self.seconds(retryAfter: $0) })
            }
        } catch {
            return .failed(Self.describe(error))
        }
    }

    /// A `Retry-After` value in seconds: a number, or an HTTP date (RFC 9110).
    static func seconds(retryAfter value: String, now: Date = Date()) -> TimeInterval? {
        if let seconds = TimeInterval(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 { return seconds }
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "GMT")
        format.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return format.date(from: value).map { max(0, $0.timeIntervalSince(now)) }
    }

    /// An error's description. The token travels only in a header, which
    /// transport errors never echo.
    private static func describe(_ error: any Error) -> String {
        String(describing: error)
    }
}
