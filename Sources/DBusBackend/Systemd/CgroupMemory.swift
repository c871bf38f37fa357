import Glibc

/// A unit's current memory use, read from its cgroup as systemd itself does
/// for `MemoryCurrent` (`memory.current` on cgroup v2, `memory.usage_in_bytes`
/// on v1) — a file read instead of a D-Bus call per unit.
enum CgroupMemory {
    /// Bytes in use by `unit` (in `slice`), or nil when the cgroup is not readable.
    static func current(unit: String, slice: String) -> UInt64? {
        let path = cgroupPath(unit: unit, slice: slice)
        return readNumber("/sys/fs/cgroup\(path)/memory.current")
            ?? readNumber("/sys/fs/cgroup/memory\(path)/memory.usage_in_bytes")
    }

    /// systemd's cgroup path of a unit: its slice's nested path, then the unit,
    /// e.g. `/system.slice/shop-api.service`, `/a.slice/a-b.slice/x.service`.
    static func cgroupPath(unit: String, slice: String) -> String {
        var path = ""
        if slice.hasSuffix(".slice"), slice != "-.slice" {
            var prefix = ""
            for part in slice.dropLast(".slice".count).split(separator: "-") {
                prefix += prefix.isEmpty ? String(part) : "-\(part)"
                path += "/\(prefix).slice"
            }
        }
        return "\(path)/\(unit)"
    }

    private static func readNumber(_ path: String) -> UInt64? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        return UInt64(String(decoding: buffer[..<count].prefix { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self))
    }
}
