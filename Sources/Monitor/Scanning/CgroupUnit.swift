/// Finds the systemd unit that owns a process from `/proc/PID/cgroup`.
///
/// Each line is `hierarchy-ID:controllers:path`. Three layouts exist:
/// - unified (cgroup v2): one line `0::/system.slice/x.service`;
/// - legacy (v1): systemd's own hierarchy `1:name=systemd:/system.slice/x.service`
///   among the controllers' lines;
/// - hybrid: both of the above, with the same path.
///
/// systemd's `name=systemd` line wins when present, else the unified line.
/// The unit is the first path component that is a unit but not a slice, as
/// systemd's `cg_path_get_unit` decides: `/system.slice/x.service/payload` →
/// `x.service`, `/user.slice/user-0.slice/session-3.scope` → `session-3.scope`.
enum CgroupUnit {
    /// The owning unit, or nil (the root cgroup, a slice, an unreadable file).
    static func unit(fromCgroupFile bytes: UnsafeRawBufferPointer) -> String? {
        var unified: Slice<UnsafeRawBufferPointer>?
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            guard let first = line.firstIndex(of: UInt8(ascii: ":")),
                  let second = line[(first + 1)...].firstIndex(of: UInt8(ascii: ":")) else { continue }
            let controllers = line[(first + 1)..<second]
            let path = line[(second + 1)...]
            if controllers.elementsEqual("name=systemd".utf8) { return unit(inPath: path) }
            if controllers.isEmpty, line[line.startIndex..<first].elementsEqual("0".utf8) { unified = path }
        }
        return unified.flatMap(unit(inPath:))
    }

    /// The first non-slice unit in a cgroup path.
    static func unit<Path: Collection<UInt8>>(inPath path: Path) -> String? {
        for component in path.split(separator: UInt8(ascii: "/")) {
            var name = component[...]
            // cg_escape prefixes `_` to names that could clash with kernel files.
            if name.first == UInt8(ascii: "_") { name = name.dropFirst() }
            if endsWith(name, ".slice") { continue }
            if unitSuffixes.contains(where: { endsWith(name, $0) }) { return String(decoding: name, as: UTF8.self) }
        }
        return nil
    }

    /// Unit types that own processes.
    private static let unitSuffixes = [".service", ".scope", ".socket", ".mount", ".swap"]

    private static func endsWith<Bytes: Collection<UInt8>>(_ bytes: Bytes, _ suffix: String) -> Bool {
        let suffix = suffix.utf8
        guard bytes.count > suffix.count else { return false }
        return bytes.dropFirst(bytes.count - suffix.count).elementsEqual(suffix)
    }
}
