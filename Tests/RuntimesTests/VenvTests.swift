import Foundation
import Kernel
import Runtimes
import Testing

/// Python runtimes run an app's own virtualenv when it has one.
@Suite("Virtualenv preference")
struct VenvTests {
    @Test("an executable .venv/bin/python in working_dir is used before python3", arguments: ["python", "python-fastapi"])
    func dotVenvFirst(runtime: String) throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let runtimes = try Builtins(bin: "\(dir)/bin")
        let app = "\(dir)/app"
        try TestFiles.fakeInterpreter(at: "\(app)/.venv/bin/python")
        try TestFiles.fakeInterpreter(at: "\(app)/venv/bin/python")
        let spec = AppSpec.sample(runtime: runtime, script: "\(app)/main.py", workingDir: app, port: 8000)
        #expect(try runtimes[runtime].execStart(for: spec).first == "\(app)/.venv/bin/python")
    }

    @Test("venv/bin/python is the second choice")
    func plainVenvSecond() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let runtimes = try Builtins(bin: "\(dir)/bin")
        let app = "\(dir)/app"
        try TestFiles.fakeInterpreter(at: "\(app)/venv/bin/python")
        let spec = AppSpec.sample(runtime: "python", script: "\(app)/main.py", workingDir: app)
        #expect(try runtimes["python"].execStart(for: spec).first == "\(app)/venv/bin/python")
    }

    @Test("a venv python that is not executable is skipped")
    func notExecutableSkipped() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let runtimes = try Builtins(bin: "\(dir)/bin")
        let app = "\(dir)/app"
        try TestFiles.write("not a program", to: "\(app)/.venv/bin/python", mode: 0o644)
        let spec = AppSpec.sample(runtime: "python", script: "\(app)/main.py", workingDir: app)
        #expect(try runtimes["python"].execStart(for: spec).first == "\(dir)/bin/python3")
    }

    @Test("nodejs has no venv: a .venv in the app changes nothing")
    func nodeIgnoresVenv() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let runtimes = try Builtins(bin: "\(dir)/bin")
        let app = "\(dir)/app"
        try TestFiles.fakeInterpreter(at: "\(app)/.venv/bin/python")
        let spec = AppSpec.sample(runtime: "nodejs", script: "\(app)/index.js", workingDir: app)
        #expect(try runtimes["nodejs"].execStart(for: spec).first == "\(dir)/bin/node")
    }
}
