import Foundation

/// Crash-safe file replacement: write a temporary file in the same directory,
/// fsync it, rename it over the target, fsync the directory.
///
/// After `kill -9` or a full disk at any point, the target holds either its
/// previous or its new contents, never a mix.
public enum AtomicFile {
    /// Atomically replaces `path` with `data`, creating it with `mode` if new.
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = "\(directory)/.\((path as NSString).lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw posixError("create \(temporary)") }
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do {
            defer { close(fd) }
            try data.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw posixError("write \(temporary)")
                    }
                    offset += written
                }
            }
            guard fchmod(fd, mode) == 0 else { throw posixError("chmod \(temporary)") }
            guard fsync(fd) == 0 else { throw posixError("fsync \(temporary)") }
        }
        guard rename(temporary, path) == 0 else { throw posixError("rename to \(path)") }
        renamed = true
        try syncDirectory(directory)
    }

    /// fsyncs a directory so a rename or unlink in it is durable.
    public static func syncDirectory(_ directory: String) throws {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw posixError("open \(directory)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw posixError("fsync \(directory)") }
    }

    /// Creates a directory and its parents with `mode` if missing.
    public static func ensureDirectory(_ path: String, mode: mode_t = 0o755) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true,
                attributes: [.posixPermissions: Int(mode)])
        } catch {
            throw SiaxError(.internal, "cannot create directory \(path): \(error.localizedDescription)")
        }
    }

    static func posixError(_ what: String) -> SiaxError {
        let reason = String(cString: strerror(errno))
        return SiaxError(.internal, "\(what): \(reason)")
    }
}
