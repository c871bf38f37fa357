import Glibc
import Synchronization

/// A unit's current memory use, read from its cgroup as systemd itself does
/// for `MemoryCurrent` (`memory.current` on cgroup v2, `memory.usage_in_bytes`
/// on v1) — a file read instead of a D-Bus call per unit.
///
/// Each unit's file stays open between reads (one `pread` per read; opening
/// and closing it cost more than the read itself). When the unit stops,
/// systemd removes its cgroup and the open file answers `ENODEV`: the file is
/// then opened again by path, which finds the new cgroup of a unit that
/// started again, or nothing.
final class CgroupMemory: Sendable {
    /// Files kept open at most; past that a read opens and closes its file.
    static let openFileLimit = 512

    /// One unit's open memory file.
    private struct OpenFile {
        var slice: String
        var fd: Int32
    }

    /// Where this host keeps memory figures, found once: cgroup v2 (also when
    /// mounted unified), else the v1 memory controller (hybrid layouts).
    private static let memoryFile: (root: String, file: String)? = {
        if access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0 { return ("/sys/fs/cgroup", "memory.current") }
        if access("/sys/fs/cgroup/memory", F_OK) == 0 { return ("/sys/fs/cgroup/memory", "memory.usage_in_bytes") }
        return nil
    }()

    private let files = Mutex<[String: OpenFile]>([:])

    deinit {
        files.withLock { files in
            for file in files.values { close(file.fd) }
        }
    }

    /// Bytes in use by `unit` (in `slice`), or nil when its cgroup is not readable.
    func current(unit: String, slice: String) -> UInt64? {
        files.withLock { files in
            if let file = files[unit], file.slice == slice, let value = Self.readNumber(file.fd) { return value }
            if let stale = files.removeValue(forKey: unit) { close(stale.fd) }
            guard let fd = Self.open(unit: unit, slice: slice) else { return nil }
            let value = Self.readNumber(fd)
            if value != nil, files.count < Self.openFileLimit {
                files[unit] = OpenFile(slice: slice, fd: fd)
            } else {
                close(fd)
            }
            return value
        }
    }

    /// Closes the file of a unit systemd no longer knows.
    func forget(_ unit: String) {
        files.withLock { files in
            if let file = files.removeValue(forKey: unit) { close(file.fd) }
        }
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

    private static func open(unit: String, slice: String) -> Int32? {
        guard let (root, file) = memoryFile else { return nil }
        let fd = Glibc.open("\(root)\(cgroupPath(unit: unit, slice: slice))/\(file)", O_RDONLY | O_CLOEXEC)
        return fd >= 0 ? fd : nil
    }

    /// The decimal number the file starts with; nil when it cannot be read (cgroup removed).
    private static func readNumber(_ fd: Int32) -> UInt64? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            let count = pread(fd, buffer.baseAddress, buffer.count, 0)
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
