import Foundation

/// Timestamps as `systemctl` prints them.
///
/// `--timestamp=unix` gives `@1795926360`; the default gives
/// `Sun 2026-11-29 05:26:00 UTC` (with `.123456` in the `us` format). Unset
/// values are empty, `n/a` or `[not set]`.
enum SystemdTimestamp {
    /// The date of a timestamp value, or nil when it is unset or not understood.
    static func parse(_ text: String) -> Date? {
        let value = text.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("@") {
            guard let seconds = Double(value.dropFirst()), seconds > 0 else { return nil }
            return Date(timeIntervalSince1970: seconds)
        }
        return parseText(value)
    }

    // MARK: - Text form

    /// `Www YYYY-MM-DD HH:MM:SS[.ffffff] [ZONE]`; without a zone, local time.
    private static func parseText(_ value: String) -> Date? {
        let parts = value.split(separator: " ")
        guard parts.count >= 3, parts.count <= 4 else { return nil }
        let date = parts[1].split(separator: "-").compactMap { Int($0) }
        let clock = parts[2].split(separator: ":")
        guard date.count == 3, clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]),
              let second = Double(clock[2])
        else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (date[0], date[1], date[2])
        (components.hour, components.minute, components.second) = (hour, minute, 0)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        guard let utc = calendar.date(from: components) else { return nil }
        let wallClock = utc.addingTimeInterval(second)
        let offset = parts.count == 4 ? offsetOf(zone: String(parts[3]), near: wallClock) : localOffset(near: wallClock)
        guard let offset else { return nil }
        return wallClock.addingTimeInterval(-Double(offset))
    }

    /// Seconds east of UTC for a zone abbreviation as systemd prints it.
    private static func offsetOf(zone: String, near date: Date) -> Int? {
        if zone == "UTC" || zone == "GMT" { return 0 }
        if TimeZone.current.abbreviation(for: date) == zone { return TimeZone.current.secondsFromGMT(for: date) }
        return TimeZone(abbreviation: zone)?.secondsFromGMT(for: date)
    }

    private static func localOffset(near date: Date) -> Int? {
        TimeZone.current.secondsFromGMT(for: date)
    }
}
