#if canImport(Glibc)
import Glibc
#endif

/// The running Linux kernel's release (`uname -r`), for tests of features newer kernels have.
public enum KernelRelease {
    /// Whether the kernel is `major.minor` or newer.
    public static func atLeast(_ major: Int, _ minor: Int) -> Bool {
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let parts = release.split(separator: ".").prefix(2).compactMap { Int($0.prefix { $0.isNumber }) }
        return parts.count == 2 && (parts[0], parts[1]) >= (major, minor)
    }
}
