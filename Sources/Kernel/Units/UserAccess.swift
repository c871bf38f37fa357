import Foundation

/// What a system user may do with a path, by the mode bits for its uid, its
/// primary group and its supplementary groups — checked at registration, so a
/// path the app's user cannot reach is a clear error, not a unit that fails at
/// start. (POSIX ACLs are not read; a path they open is refused here.)
struct UserAccess {
    /// What the user needs of the path's last component.
    enum Need {
        /// Read a file (a script).
        case read
        /// Enter a directory (a working directory).
        case enter
    }

    let name: String
    let uid: uid_t
    let groups: Set<gid_t>

    /// The user's ids, or nil when there is no such user.
    init?(user: String) {
        guard let entry = getpwnam(user) else { return nil }
        name = user
        uid = entry.pointee.pw_uid
        let primary = entry.pointee.pw_gid
        var count: Int32 = 64
        var ids = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(user, primary, &ids, &count) < 0 {
            ids = [gid_t](repeating: 0, count: Int(count))
            _ = getgrouplist(user, primary, &ids, &count)
        }
        groups = Set(ids.prefix(Int(max(0, count)))).union([primary])
    }

    /// Why the user cannot `need` the absolute `path`, or nil when it can (or the path
    /// does not exist: other checks say so).
    func problem(with path: String, need: Need) -> String? {
        guard uid != 0 else { return nil }
        var directory = ""
        for component in path.split(separator: "/").dropLast() {
            directory += "/\(component)"
            if let refusal = refusal(directory, bit: 1, what: "enter") { return refusal }
        }
        return need == .read ? refusal(path, bit: 4, what: "read") : refusal(path, bit: 1, what: "enter")
    }

    /// Why the user lacks the permission `bit` (4 read, 1 execute/enter) on `path`, if it does.
    private func refusal(_ path: String, bit: mode_t, what: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let shift: mode_t = info.st_uid == uid ? 6 : groups.contains(info.st_gid) ? 3 : 0
        guard (info.st_mode >> shift) & bit == 0 else { return nil }
        let owner = getpwuid(info.st_uid).map { String(cString: $0.pointee.pw_name) } ?? String(info.st_uid)
        let mode = String(info.st_mode & 0o7777, radix: 8)
        return "user '\(name)' cannot \(what) \(path) (mode \(mode), owner \(owner)); run the app as a user who can, or change the permissions"
    }
}
