import Foundation
import Kernel
@testable import Runtimes
import Testing

/// `interpreterInfo()`: which interpreter, whether it exists, its version.
@Suite("Interpreter info")
struct InterpreterInfoTests {
    static let nodeInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/node")
    static let systemPython = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")

    @Test("node is available with a version starting with v", .enabled(if: nodeInstalled))
    func node() async throws {
        let runtime = try #require(RuntimeLoader.load(directories: [TestFiles.pluginsDirectory]).catalog["nodejs"])
        let info = await runtime.interpreterInfo()
        #expect(info.available)
        #expect(info.path?.hasPrefix("/") == true)
        #expect(info.version?.hasPrefix("v") == true)
    }

    @Test("python3 resolves to the system python, never to a version-manager shim", .enabled(if: systemPython))
    func systemPythonPreferred() async throws {
        let runtime = try #require(RuntimeLoader.load(directories: [TestFiles.pluginsDirectory]).catalog["python"])
        let info = await runtime.interpreterInfo()
        #expect(info.path == "/usr/bin/python3")
        #expect(info.version?.hasPrefix("Python 3") == true)
    }

    @Test("an interpreter that is not installed is reported unavailable")
    func missing() async throws {
        let result = RuntimeLoader.load(directories: [TestFiles.pluginsDirectory], searchPath: ["/nonexistent"])
        let info = try await #require(result.catalog["python"]).interpreterInfo()
        #expect(info == InterpreterInfo(path: nil, version: nil))
        #expect(!info.available)
    }

    @Test("the result is cached after the first call")
    func cached() async throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let node = try TestFiles.fakeInterpreter(at: "\(dir)/bin/node", body: "echo v99.0.0")
        let runtime = try #require(RuntimeLoader.load(directories: [TestFiles.pluginsDirectory], searchPath: ["\(dir)/bin"]).catalog["nodejs"])
        #expect(await runtime.interpreterInfo() == InterpreterInfo(path: node, version: "v99.0.0"))
        TestFiles.remove(node)
        #expect(await runtime.interpreterInfo() == InterpreterInfo(path: node, version: "v99.0.0"))
    }

    @Test("the version is the first line printed, on stdout or stderr")
    func versionOnStderr() async throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let python = try TestFiles.fakeInterpreter(at: "\(dir)/python", body: "echo >&2; echo '  Python 2.7.18  ' >&2")
        #expect(await VersionProbe.version(of: python, arguments: ["--version"]) == "Python 2.7.18")
    }

    @Test("an interpreter that fails has no version")
    func failing() async throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let broken = try TestFiles.fakeInterpreter(at: "\(dir)/broken", body: "echo oops; exit 3")
        #expect(await VersionProbe.version(of: broken, arguments: []) == nil)
    }

    @Test("an interpreter that hangs is given up on at the timeout")
    func timeout() async throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let hanging = try TestFiles.fakeInterpreter(at: "\(dir)/hang", body: "exec sleep 300")
        let clock = ContinuousClock()
        let start = clock.now
        #expect(await VersionProbe.version(of: hanging, arguments: [], timeout: 0.3) == nil)
        #expect(clock.now - start < .seconds(60))
    }
}
