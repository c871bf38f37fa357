import Foundation
import Testing
import Kernel

@Suite("Rate limiter: one operation at a time, then a pause")
struct RateLimiterTests {
    @Test func inFlightThenInterval() throws {
        var limiter = RateLimiter(interval: 1)
        let t0 = Date(timeIntervalSince1970: 1000)
        try limiter.acquire("a", now: t0)
        #expect(throws: SiaxError.self) { try limiter.acquire("a", now: t0 + 5) }
        try limiter.acquire("b", now: t0)
        limiter.release("a", now: t0 + 3)
        let error = #expect(throws: SiaxError.self) { try limiter.acquire("a", now: t0 + 3.4) }
        #expect(error?.code == .rateLimited)
        #expect(error?.retryAfterSeconds == 1)
        try limiter.acquire("a", now: t0 + 4.01)
    }
}
