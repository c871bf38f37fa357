import Foundation
import KernelTestSupport
import Testing

/// The agent's own HTTP application (`AgentApplication`): what Hummingbird's
/// `Application` added to every response, without its once-a-second timer.
@Suite("HTTP server on a real systemd", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct HTTPServerTests {
    @Test("every response has a Date header of the current second, in IMF-fixdate")
    func dateHeader() async throws {
        let api = try APIHarness(operationInterval: 0.05)
        try await api.serve(cleaningUp: []) { api in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            for path in ["/api/health", "/api/apps", "/api/no-such-route"] {
                let answer = try await api.call(.GET, path)
                let header = try #require(answer.headers.first(name: "Date"), "\(path): no Date header")
                let date = try #require(formatter.date(from: header), "\(path): '\(header)' is not an IMF-fixdate")
                #expect(abs(date.timeIntervalSinceNow) < 3, "\(path): \(header)")
            }
        }
    }
}
