import Glibc

/// A unit's current memory use, read from its cgroup as systemd itself does
/// for `MemoryCurrent` (`memory.current` on cgroup v2, `memory.usage_in_bytes`
/// on v1) — a file read instead of a D-Bus call per unit.
enum CgroupMemory {
    /// Where this host keeps memory figures, found once: cgroup v2 (also when
    /// mounted unified), else the v1 memory controller (hybrid layouts).
    private static let memoryFile: (root: String, file: String)? = {
        if access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0 { return ("/sys/fs/cgroup", "memory.current") }
        if access("/sys/fs/cgroup/memory", F_OK) == 0 { return ("/sys/fs/cgroup/memory", "memory.usage_in_bytes") }
        return nil
    }()

    /// Bytes in use by `unit` (in `slice`), or nil when the cgroup is not readable.
    static func current(unit: String, slice: String) -> UInt64? {
        guard let (root, file) = memoryFile else { return nil }
        return readNumber("\(root)\(cgroupPath(unit: unit, slice: slice))/\(file)")
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

    /// The decimal number a cgroup file starts with.
    private static func readNumber(_ path: String) -> UInt64? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            let count = read(fd, buffer.baseAddress, buffer.count)
            guard count > 0 else { return nil }
            var value: UInt64 = 0
            var digits = 0
            for byte in buffer.prefix(count) {
                guard byte >= 0x30, byte <= 0x39 else { break }
                value = value &* 10 &+ UInt64(byte - 0x30)
                digits += 1
            }
            return digits > 0 ? value : nil
        }
    }
}
