import Foundation

/// A tiny tmpfs to fill up, under `/var/lib/siax-agent`: mounted in the sandbox's private
/// mount namespace, so only the tests see it. `remove()` unmounts and deletes it.
struct TinyDisk {
    let path: String

    init(_ name: String, size: String) throws {
        path = "/var/lib/siax-agent/it-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mount = try Command.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path])
        guard mount.status == 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw HarnessError("mount tmpfs: \(mount.stderr)")
        }
    }

    func remove() {
        _ = try? Command.run("/bin/umount", [path])
        try? FileManager.default.removeItem(atPath: path)
    }
}
