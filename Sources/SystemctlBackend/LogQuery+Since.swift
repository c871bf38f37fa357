import Kernel

extension LogQuery {
    /// Whether an entry passes every filter of the query, `since` included:
    /// `journalctl --since` has one-second resolution and cannot be combined
    /// with `--after-cursor`, so the exact check is made here.
    func includes(_ entry: LogEntry) -> Bool {
        if let since, entry.timestamp < since { return false }
        return admits(entry)
    }
}
