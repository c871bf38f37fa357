#if canImport(Glibc)
import Glibc
#endif

/// User names by uid, looked up once each with `getpwuid_r` (thread-safe,
/// unlike `getpwuid`) and cached. Not thread-safe itself: one per scanner.
struct UserNames {
    private var cache: [UInt32: String?] = [:]

    /// The name of `uid`, or nil when no user has it.
    mutating func name(of uid: UInt32) -> String? {
        if let cached = cache[uid] { return cached }
        let name = Self.lookUp(uid)
        cache[uid] = name
        return name
    }

    private static func lookUp(_ uid: UInt32) -> String? {
        var capacity = max(1024, sysconf(Int32(_SC_GETPW_R_SIZE_MAX)))
        while capacity <= 1 << 20 {
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
            defer { buffer.deallocate() }
            let status = getpwuid_r(uid_t(uid), &entry, buffer, capacity, &result)
            if status == ERANGE {
                capacity *= 2
                continue
            }
            guard status == 0, let found = result, let name = found.pointee.pw_name else { return nil }
            return String(cString: name)
        }
        return nil
    }
}
