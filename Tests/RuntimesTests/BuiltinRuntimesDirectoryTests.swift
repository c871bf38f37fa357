import Foundation
import Runtimes
import Testing

/// Finding the built-in definitions next to the binary.
@Suite("Built-in definitions directory")
struct BuiltinRuntimesDirectoryTests {
    @Test("$SIAX_PLUGINS_DIR wins: its runtimes subdirectory, else itself")
    func environmentVariable() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        #expect(BuiltinRuntimes.directory(environment: ["SIAX_PLUGINS_DIR": dir], executable: nil) == dir)
        try FileManager.default.createDirectory(atPath: "\(dir)/runtimes", withIntermediateDirectories: true)
        #expect(BuiltinRuntimes.directory(environment: ["SIAX_PLUGINS_DIR": dir], executable: nil) == "\(dir)/runtimes")
    }

    @Test("development tree: from .build/<triple>/debug up to Plugins/runtimes")
    func developmentTree() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        try FileManager.default.createDirectory(atPath: "\(dir)/Plugins/runtimes", withIntermediateDirectories: true)
        let binary = "\(dir)/.build/x86_64-unknown-linux-gnu/debug/siax-agent"
        #expect(BuiltinRuntimes.directory(environment: [:], executable: binary) == "\(dir)/Plugins/runtimes")
    }

    @Test("installed under a prefix: bin/siax-agent → share/siax-agent/runtimes")
    func installedPrefix() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        try FileManager.default.createDirectory(atPath: "\(dir)/share/siax-agent/runtimes", withIntermediateDirectories: true)
        #expect(BuiltinRuntimes.directory(environment: [:], executable: "\(dir)/bin/siax-agent") == "\(dir)/share/siax-agent/runtimes")
    }

    @Test("nothing found: nil")
    func notFound() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        #expect(BuiltinRuntimes.directory(environment: [:], executable: "\(dir)/bin/siax-agent") == nil)
        #expect(BuiltinRuntimes.directory(environment: [:], executable: nil) == nil)
    }

    @Test("the running test binary finds a Plugins/runtimes holding this repository's definitions")
    func fromRunningExecutable() throws {
        // Compare contents, not paths: the build tree may be reached through a
        // bind mount or a copy, so the path seen by /proc/self/exe can differ from #filePath.
        let found = try #require(BuiltinRuntimes.directory(environment: [:]))
        #expect(try Self.definitions(in: found) == Self.definitions(in: TestFiles.pluginsDirectory))
    }

    /// Each `*.json` file's name and bytes.
    private static func definitions(in directory: String) throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\($0)"))) })
    }
}
