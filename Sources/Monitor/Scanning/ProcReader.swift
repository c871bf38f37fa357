#if canImport(Glibc)
import Glibc
#endif

/// Reads `/proc` files with raw system calls into one reusable buffer, so a
/// scan allocates nothing per file it reads.
///
/// Files are opened relative to a process directory's descriptor: once that
/// directory is open, every read concerns the same process, and a read after
/// the process exited fails (`ESRCH`) instead of returning another process's data.
/// Not thread-safe: one reader belongs to one scanner.
final class ProcReader {
    /// Largest file read in full; longer files (a huge command line) are truncated.
    static let maximumFileSize = 1 << 20

    private var buffer: UnsafeMutableRawBufferPointer
    private let linkBuffer: UnsafeMutablePointer<CChar>
    private static let linkCapacity = Int(PATH_MAX)

    init(initialCapacity: Int = 16 * 1024) {
        buffer = .allocate(byteCount: initialCapacity, alignment: 1)
        linkBuffer = .allocate(capacity: Self.linkCapacity)
    }

    deinit {
        buffer.deallocate()
        linkBuffer.deallocate()
    }

    // MARK: - Directories

    /// Opens a directory (`/proc` itself, or `/proc/PID` relative to it), or -1.
    func openDirectory(_ path: UnsafePointer<CChar>, relativeTo parent: Int32 = AT_FDCWD) -> Int32 {
        openat(parent, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    // MARK: - Files

    /// Reads the file `name` in `directory` and passes its bytes to `body`
    /// (valid only during the call); nil when it cannot be read.
    func withContents<T>(of name: UnsafePointer<CChar>, in directory: Int32, _ body: (UnsafeRawBufferPointer) -> T) -> T? {
        let fd = openat(directory, name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var length = 0
        while true {
            if length == buffer.count {
                guard buffer.count < Self.maximumFileSize else { break }
                grow()
            }
            let n = read(fd, buffer.baseAddress! + length, buffer.count - length)
            if n > 0 {
                length += n
            } else if n == 0 {
                break
            } else if errno != EINTR {
                return nil
            }
        }
        return body(UnsafeRawBufferPointer(rebasing: buffer[0..<length]))
    }

    /// The target of the symbolic link `name` in `directory`, or nil.
    func link(_ name: UnsafePointer<CChar>, in directory: Int32) -> String? {
        withLink(name, in: directory) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Passes the bytes of the link `name` in `directory` (nil when unreadable)
    /// to `body`; they are valid only during the call. The file buffer is not touched.
    func withLink<T>(_ name: UnsafePointer<CChar>, in directory: Int32, _ body: (UnsafeRawBufferPointer?) -> T) -> T {
        let n = readlinkat(directory, name, linkBuffer, Self.linkCapacity)
        return body(n > 0 ? UnsafeRawBufferPointer(start: linkBuffer, count: n) : nil)
    }

    /// Like `withLink(_:in:)` for `<processName>/<name>` relative to `rootFD`
    /// (`/proc`): one `readlinkat`, without opening the process's directory.
    func withLink<T>(
        _ name: StaticString, ofProcess processName: UnsafePointer<CChar>, in rootFD: Int32,
        _ body: (UnsafeRawBufferPointer?) -> T
    ) -> T {
        Self.withPath(name, ofProcess: processName) { path in
            let n = readlinkat(rootFD, path, linkBuffer, Self.linkCapacity)
            return body(n > 0 ? UnsafeRawBufferPointer(start: linkBuffer, count: n) : nil)
        }
    }

    /// Like `withContents(of:in:)` for `<processName>/<name>` relative to `rootFD`.
    func withContents<T>(
        of name: StaticString, ofProcess processName: UnsafePointer<CChar>, in rootFD: Int32,
        _ body: (UnsafeRawBufferPointer) -> T
    ) -> T? {
        Self.withPath(name, ofProcess: processName) { withContents(of: $0, in: rootFD, body) }
    }

    /// Passes `<processName>/<name>` as a C string (on the stack) to `body`.
    private static func withPath<T>(
        _ name: StaticString, ofProcess processName: UnsafePointer<CChar>, _ body: (UnsafePointer<CChar>) -> T
    ) -> T {
        let nameLength = strlen(processName)
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: nameLength + name.utf8CodeUnitCount + 2) { path in
            let base = path.baseAddress!
            memcpy(base, processName, nameLength)
            base[nameLength] = CChar(UInt8(ascii: "/"))
            memcpy(base + nameLength + 1, name.utf8Start, name.utf8CodeUnitCount)
            base[nameLength + 1 + name.utf8CodeUnitCount] = 0
            return body(base)
        }
    }

    private func grow() {
        let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: min(buffer.count * 2, Self.maximumFileSize), alignment: 1)
        larger.copyMemory(from: UnsafeRawBufferPointer(buffer))
        buffer.deallocate()
        buffer = larger
    }
}
