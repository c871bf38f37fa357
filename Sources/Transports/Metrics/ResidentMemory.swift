#if canImport(Glibc)
import Glibc
#endif

/// This process's resident set size, from `/proc/self/statm`.
enum ResidentMemory {
    /// Resident bytes now; nil where `/proc` cannot be read.
    static func current() -> UInt64? {
        let fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let pages: UInt64? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { buffer in
            let count = read(fd, buffer.baseAddress, buffer.count)
            guard count > 0 else { return nil }
            // "size resident shared text lib data dt": the second field.
            return secondField(of: UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
        return pages.map { $0 * UInt64(sysconf(Int32(_SC_PAGESIZE))) }
    }

    /// The second space-separated decimal number of `text`.
    static func secondField(of text: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard let space = text.firstIndex(of: UInt8(ascii: " ")) else { return nil }
        var value: UInt64 = 0
        var digits = 0
        for byte in text[(space + 1)...] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { break }
            value = value &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}
