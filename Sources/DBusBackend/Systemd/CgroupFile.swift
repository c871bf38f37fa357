import Glibc
import Kernel
import Synchronization

/// One figure of each unit, read from a file of its cgroup as systemd itself does for
/// `MemoryCurrent` (`memory.current` on cgroup v2, `memory.usage_in_bytes` on v1) and
/// `CPUUsageNSec` (`usage_usec` in cgroup v2's `cpu.stat`) — a file read instead of a
/// D-Bus call per unit.
///
/// Each unit's file stays open between reads (one `pread` per read; opening
/// and closing it cost more than the read itself). When the unit stops,
/// systemd removes its cgroup and the open file answers `ENODEV`: the file is
/// then opened again by path, which finds the new cgroup of a unit that
/// started again, or nothing.
final class CgroupFile: Sendable {
    /// Files kept open at most; past that a read opens and closes its file.
    static let openFileLimit = 512

    /// One unit's open file.
    private struct OpenFile {
        var slice: String
        var fd: Int32
    }

    /// Where the cgroup tree holding the file is mounted.
    private let root: String
    /// The file's name in each unit's cgroup directory.
    private let name: String
    /// The key of the figure in a `key value` file (`cpu.stat`); nil when the file is one number.
    private let key: [UInt8]?
    private let files = Mutex<[String: OpenFile]>([:])

    private init(root: String, name: String, key: String? = nil) {
        self.root = root
        self.name = name
        self.key = key.map { Array($0.utf8) + [UInt8(ascii: " ")] }
    }

    /// Memory in use, in bytes: cgroup v2 (also when mounted unified), else the v1
    /// memory controller (hybrid layouts); nil when this host has neither.
    static func memory() -> CgroupFile? {
        if UnitStatus.hostHasCgroupV2 { return CgroupFile(root: "/sys/fs/cgroup", name: "memory.current") }
        if access("/sys/fs/cgroup/memory", F_OK) == 0 { return CgroupFile(root: "/sys/fs/cgroup/memory", name: "memory.usage_in_bytes") }
        return nil
    }

    /// CPU time used, in microseconds, on cgroup v2 (present whether or not the `cpu`
    /// controller is enabled); nil on other hosts.
    static func cpuUsage() -> CgroupFile? {
        UnitStatus.hostHasCgroupV2 ? CgroupFile(root: "/sys/fs/cgroup", name: "cpu.stat", key: "usage_usec") : nil
    }

    deinit {
        files.withLock { files in
            for file in files.values { close(file.fd) }
        }
    }

    /// The figure of `unit` (in `slice`), or nil when its cgroup is not readable.
    func value(unit: String, slice: String) -> UInt64? {
        files.withLock { files in
            if let file = files[unit], file.slice == slice, let value = read(file.fd) { return value }
            if let stale = files.removeValue(forKey: unit) { close(stale.fd) }
            let fd = Glibc.open("\(root)\(Self.cgroupPath(unit: unit, slice: slice))/\(name)", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            let value = read(fd)
            if value != nil, files.count < Self.openFileLimit {
                files[unit] = OpenFile(slice: slice, fd: fd)
            } else {
                close(fd)
            }
            return value
        }
    }

    /// Closes the file of a unit that is down or that systemd no longer knows.
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

    /// The figure in the file; nil when it cannot be read (cgroup removed) or lacks it.
    private func read(_ fd: Int32) -> UInt64? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer in
            let count = pread(fd, buffer.baseAddress, buffer.count, 0)
            guard count > 0 else { return nil }
            return Self.number(in: UnsafeBufferPointer(rebasing: buffer.prefix(count)), after: key)
        }
    }

    /// The decimal number at the start of `text`, or after `key` at the start of one of its lines.
    static func number(in text: UnsafeBufferPointer<UInt8>, after key: [UInt8]?) -> UInt64? {
        var start = text.startIndex
        if let key {
            var lineStart = text.startIndex
            while true {
                if text[lineStart...].starts(with: key) {
                    start = lineStart + key.count
                    break
                }
                guard let newline = text[lineStart...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
                lineStart = newline + 1
            }
        }
        var value: UInt64 = 0
        var digits = 0
        for byte in text[start...] {
            guard byte >= 0x30, byte <= 0x39 else { break }
            value = value &* 10 &+ UInt64(byte - 0x30)
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}
