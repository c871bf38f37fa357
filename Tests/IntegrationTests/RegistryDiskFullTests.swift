import Foundation
import Kernel
import KernelTestSupport
import Store
import Testing

/// A full disk never costs the previous registry. Mounts a tiny tmpfs, which
/// only the sandbox's private mount namespace sees.
@Suite("Registry on a full disk", .serialized, .enabled(if: SystemdEnvironment.shouldRun))
struct RegistryDiskFullTests {
    @Test("a save that hits ENOSPC fails cleanly and the previous registry still loads")
    func diskFull() throws {
        try SystemdEnvironment.check()
        let disk = try TinyDisk("full", size: "64k")
        defer { disk.remove() }
        let mountPoint = disk.path

        let store = try FileRegistryStore(stateDir: "\(mountPoint)/state")
        let small = [app("small", padding: 10)]
        try store.save(small)
        // Fill the disk, leaving less room than a second copy of a big registry needs.
        let filler = "\(mountPoint)/filler"
        #expect(FileManager.default.createFile(atPath: filler, contents: Data(count: 40 * 1024)))
        let big = (0..<40).map { app("app-\($0)", padding: 1000) }

        let error = #expect(throws: SiaxError.self) { try store.save(big) }
        #expect(error?.message.contains("No space left on device") == true, "\(String(describing: error))")
        #expect(try store.load() == small)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: "\(mountPoint)/state")
        #expect(leftovers == ["apps.json"], "temporary files left behind: \(leftovers)")
    }

    func app(_ name: String, padding: Int) -> ManagedApp {
        ManagedApp(
            spec: AppSpec(name: name, runtime: "nodejs", scriptPath: "/srv/\(name)/server.js", workingDir: "/srv/\(name)",
                          user: "nobody", environment: ["PAD": String(repeating: "x", count: padding)]),
            createdAt: Date(timeIntervalSince1970: 1_800_000_000), updatedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }
}
