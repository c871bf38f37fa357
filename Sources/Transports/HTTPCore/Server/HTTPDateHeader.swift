#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The `Date` response header (RFC 9110's IMF-fixdate, e.g.
/// `Sun, 06 Dec 2026 01:55:00 GMT`), formatted when a response asks for it and
/// kept for the rest of that second. Hummingbird's `Application` refreshes its
/// date with a timer every second; formatted on demand, an idle agent has no
/// such timer, and no calendar code runs while nobody calls the API.
final class HTTPDateHeader: Sendable {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The second last formatted, and its text.
    private let cached = Mutex<(second: Int, text: String)>((-1, ""))

    /// The header's value for the current second.
    func current() -> String {
        let second = time(nil)
        return cached.withLock { cached in
            if cached.second != second { cached = (second, Self.format(second)) }
            return cached.text
        }
    }

    /// `seconds` since 1970 as an IMF-fixdate in GMT.
    static func format(_ seconds: Int) -> String {
        var moment = time_t(seconds)
        var parts = tm()
        gmtime_r(&moment, &parts)
        return "\(days[Int(parts.tm_wday)]), \(twoDigits(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(1900 + Int(parts.tm_year)) "
            + "\(twoDigits(parts.tm_hour)):\(twoDigits(parts.tm_min)):\(twoDigits(parts.tm_sec)) GMT"
    }

    private static func twoDigits(_ value: Int32) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
