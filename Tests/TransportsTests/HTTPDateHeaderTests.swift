#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HTTPCore

@Suite("The Date response header")
struct HTTPDateHeaderTests {
    @Test("IMF-fixdate in GMT (RFC 9110), with leading zeros and leap days")
    func format() {
        #expect(HTTPDateHeader.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDateHeader.format(951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDateHeader.format(1_796_526_005) == "Sun, 06 Dec 2026 03:00:05 GMT")
    }

    @Test("the current second's date, formatted again when the second changes")
    func current() async throws {
        let header = HTTPDateHeader()
        let before = time(nil)
        let value = header.current()
        #expect([HTTPDateHeader.format(before), HTTPDateHeader.format(before + 1)].contains(value))
        try await Task.sleep(for: .milliseconds(1100))
        let later = header.current()
        #expect(later != value)
        #expect(later == HTTPDateHeader.format(time(nil)) || later == HTTPDateHeader.format(time(nil) - 1))
    }
}
