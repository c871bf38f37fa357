import Foundation
import Kernel
import Store
import Testing

@Suite("The registry file survives crashes")
struct FileRegistryStoreTests {
    func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("siax-store-\(UUID().uuidString)").path
    }

    func app(_ name: String) -> ManagedApp {
        ManagedApp(spec: AppSpec(name: name, runtime: "nodejs", scriptPath: "/srv/\(name)/s.js", workingDir: "/srv/\(name)", user: "nobody"),
                   createdAt: Date(timeIntervalSince1970: 1_800_000_000), updatedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test("save then load gives the same apps; the file is 0600 and no temp file is left")
    func roundTrip() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try FileRegistryStore(stateDir: dir)
        #expect(try store.load().isEmpty)
        try store.save([app("a"), app("b")])
        #expect(try store.load() == [app("a"), app("b")])
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["apps.json"])
    }

    @Test("a corrupt registry is reported with its path and left untouched")
    func corrupt() throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try FileRegistryStore(stateDir: dir)
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: store.path))
        let error = #expect(throws: SiaxError.self) { try store.load() }
        #expect(error?.message.contains(store.path) == true)
        #expect(try String(contentsOfFile: store.path, encoding: .utf8) == "{not json")
    }

    @Test("kill -9 at random moments during saves always leaves a readable registry")
    func killNine() async throws {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // The test bundle sits next to the package's executables in the build directory.
        var executable = writer.appendingPathComponent("RegistryCrashWriter").path
        if !FileManager.default.isExecutableFile(atPath: executable) {
            executable = writer.deletingLastPathComponent().appendingPathComponent("RegistryCrashWriter").path
        }
        try #require(FileManager.default.isExecutableFile(atPath: executable), "build with `swift build --build-tests` first")
        for round in 0..<20 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = [dir]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            _ = output.fileHandleForReading.availableData  // "ready": at least one save completed
            try await Task.sleep(for: .milliseconds(Int.random(in: 1...40)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let apps = try FileRegistryStore(stateDir: dir).load()
            #expect(!apps.isEmpty, "round \(round): registry empty after kill -9")
            let generations = Set(apps.compactMap { $0.spec.environment["GENERATION"] })
            #expect(generations.count == 1, "round \(round): a mix of generations \(generations)")
        }
    }
}
