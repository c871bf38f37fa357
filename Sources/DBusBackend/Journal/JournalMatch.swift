/// The journal matches that select a unit's entries, as `journalctl -u UNIT`
/// does: the unit's own processes, systemd's messages about it, coredumps and
/// messages about it from other root processes; then its priority filter.
///
/// A new unit's first lines are no special case here: journald stamps them
/// with `_SYSTEMD_UNIT=` (from the unit id the stream sends when the process
/// is already gone). They are lost only by a follower positioned with
/// `seek_tail` while the unit had no entry — see `UnitJournalTail`.
enum JournalMatch: Equatable {
    /// `FIELD=value`.
    case field(String)
    /// Starts another alternative.
    case or
    /// Starts another required group.
    case and

    static let coredumpMessageID = "fc2e22bc6ee647b6b90729ab34a250b1"

    /// The match terms for `unit` and an optional priority ceiling (0–7).
    static func terms(unit: String, maxPriority: Int?) -> [JournalMatch] {
        var terms: [JournalMatch] = [
            .field("_SYSTEMD_UNIT=\(unit)"), .or,
            .field("MESSAGE_ID=\(coredumpMessageID)"), .field("_UID=0"), .field("COREDUMP_UNIT=\(unit)"), .or,
            .field("_PID=1"), .field("UNIT=\(unit)"), .or,
            .field("_UID=0"), .field("OBJECT_SYSTEMD_UNIT=\(unit)"),
        ]
        if let maxPriority {
            terms.append(.and)
            terms += (0...min(max(maxPriority, 0), 7)).map { .field("PRIORITY=\($0)") }
        }
        return terms
    }
}
