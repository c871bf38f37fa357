import Foundation
import Kernel
import Runtimes

/// Paths and throw-away files shared by the tests.
enum TestFiles {
    /// The repository's built-in definitions, found from this file's path.
    static let pluginsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Plugins/runtimes").path

    /// A directory of the copied `Fixtures` resource, e.g. `malformed`.
    static func fixtures(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name).path
    }

    /// A fresh empty directory; remove it with `remove(_:)`.
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("siax-runtimes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes a file (creating its directory) with the given permissions.
    @discardableResult
    static func write(_ text: String, to path: String, mode: Int = 0o644) throws -> String {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    /// A fake interpreter: a shell script running `body`.
    @discardableResult
    static func fakeInterpreter(at path: String, body: String = "echo fake 1.0") throws -> String {
        try write("#!/bin/sh\n\(body)\n", to: path, mode: 0o755)
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The built-in runtimes, with interpreters looked for only in `bin` (fake ones, so results do not depend on the machine).
struct Builtins {
    let catalog: RuntimeCatalog
    let bin: String

    init(bin: String) throws {
        for name in ["node", "python3"] { try TestFiles.fakeInterpreter(at: "\(bin)/\(name)") }
        let result = RuntimeLoader.load(directories: [TestFiles.pluginsDirectory], searchPath: [bin])
        precondition(result.issues.isEmpty, "built-in definitions failed to load: \(result.issues)")
        catalog = result.catalog
        self.bin = bin
    }

    subscript(id: String) -> any Runtime { catalog[id]! }
}

extension AppSpec {
    /// A spec with only what a runtime looks at.
    static func sample(
        runtime: String, script: String, workingDir: String, args: [String] = [], port: Int? = nil
    ) -> AppSpec {
        AppSpec(name: "shop", runtime: runtime, scriptPath: script, workingDir: workingDir, user: "root", args: args, port: port)
    }
}
