import Foundation
import Kernel
import Runtimes
import Testing

/// The argv each built-in runtime puts in `ExecStart=`.
@Suite("Built-in runtimes: ExecStart")
struct BuiltinExecStartTests {
    @Test("the built-in definitions load without issues, in file order")
    func builtinsLoad() throws {
        let result = RuntimeLoader.load(directories: [TestFiles.pluginsDirectory])
        #expect(result.issues.isEmpty)
        #expect(result.catalog.ids == ["nodejs", "python-fastapi", "python"])
    }

    @Test("nodejs: node, the script, then the args; NODE_ENV=production; stderr's priority preload inline")
    func nodejs() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let runtimes = try Builtins(bin: "\(dir)/bin")
        let spec = AppSpec.sample(runtime: "nodejs", script: "\(dir)/app/server.js", workingDir: "\(dir)/app", args: ["--port", "3000"])
        #expect(try runtimes["nodejs"].execStart(for: spec) == ["\(dir)/bin/node", "\(dir)/app/server.js", "--port", "3000"])
        // The preload travels inside NODE_OPTIONS as a data: URL of the file beside the definition, so the
        // app's user needs no access to the agent's files (and PrivateTmp= cannot hide them).
        let preload = try String(contentsOfFile: "\(TestFiles.pluginsDirectory)/nodejs-stderr-priority.cjs", encoding: .utf8)
        let uriComponent = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()")
        let url = "data:text/javascript," + preload.addingPercentEncoding(withAllowedCharacters: uriComponent)!
        #expect(runtimes["nodejs"].defaultEnvironment(for: spec) == ["NODE_ENV": "production", "NODE_OPTIONS": "--import \(url)"])
        #expect(runtimes["nodejs"].displayName == "Node.js")
    }

    @Test("python-fastapi: python -m uvicorn <module>:app on 0.0.0.0 and the port, then the args")
    func fastapi() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let runtimes = try Builtins(bin: "\(dir)/bin")
        let spec = AppSpec.sample(
            runtime: "python-fastapi", script: "\(dir)/app/pkg/main.py", workingDir: "\(dir)/app", args: ["--workers", "2"], port: 8000)
        #expect(try runtimes["python-fastapi"].execStart(for: spec) == [
            "\(dir)/bin/python3", "-m", "uvicorn", "pkg.main:app", "--host", "0.0.0.0", "--port", "8000", "--workers", "2",
        ])
        #expect(runtimes["python-fastapi"].defaultEnvironment(for: spec) == ["PYTHONUNBUFFERED": "1"])
    }

    @Test("python: python3, the script, then the args; PYTHONUNBUFFERED=1")
    func python() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let runtimes = try Builtins(bin: "\(dir)/bin")
        let spec = AppSpec.sample(runtime: "python", script: "\(dir)/app/job.py", workingDir: "\(dir)/app", args: ["daily"])
        #expect(try runtimes["python"].execStart(for: spec) == ["\(dir)/bin/python3", "\(dir)/app/job.py", "daily"])
        #expect(runtimes["python"].defaultEnvironment(for: spec) == ["PYTHONUNBUFFERED": "1"])
        #expect(runtimes["python"].extraServiceKeys(for: spec).isEmpty)
    }

    @Test("args come last even when they look like interpreter options", arguments: ["nodejs", "python", "python-fastapi"])
    func argsLast(runtime: String) throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let runtimes = try Builtins(bin: "\(dir)/bin")
        let args = ["--inspect=0.0.0.0:9229", "-c", "import os; os.system('id')", "-m", "http.server"]
        let spec = AppSpec.sample(runtime: runtime, script: "\(dir)/app/main.py", workingDir: "\(dir)/app", args: args, port: 8000)
        let argv = try runtimes[runtime].execStart(for: spec)
        #expect(Array(argv.suffix(args.count)) == args)
        let entry = try #require(argv.firstIndex { $0 == spec.scriptPath || $0 == "main:app" })
        #expect(entry < argv.count - args.count)
        #expect(argv[0].hasPrefix("/"))
    }

    @Test("module names follow the script's path under working_dir", arguments: [
        ("/srv/a/main.py", "/srv/a", "main:app"),
        ("/srv/a/pkg/main.py", "/srv/a", "pkg.main:app"),
        ("/srv/a/pkg/api/v1.py", "/srv/a/", "pkg.api.v1:app"),
        ("/srv/a/./src/app.py", "/srv/a", "src.app:app"),
    ])
    func moduleDerivation(script: String, workingDir: String, expected: String) throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let runtimes = try Builtins(bin: "\(dir)/bin")
        let spec = AppSpec.sample(runtime: "python-fastapi", script: script, workingDir: workingDir, port: 8000)
        #expect(try runtimes["python-fastapi"].execStart(for: spec)[3] == expected)
    }

    @Test("a script that is no importable module is refused on script_path", arguments: [
        ("/srv/other/main.py", "/srv/a", "inside working_dir"),
        ("/srv/a", "/srv/a", "inside working_dir"),
        ("/srv/a/../b/main.py", "/srv/a", "inside working_dir"),
        ("/srv/a/main.js", "/srv/a", ".py file"),
        ("/srv/a/my-app/main.py", "/srv/a", "not a Python identifier"),
        ("/srv/a/-c.py", "/srv/a", "not a Python identifier"),
    ])
    func moduleRefused(script: String, workingDir: String, message: String) throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let runtime = try Builtins(bin: "\(dir)/bin")["python-fastapi"]
        let spec = AppSpec.sample(runtime: "python-fastapi", script: script, workingDir: workingDir, port: 8000)
        let errors = runtime.validate(spec)
        #expect(errors.map(\.field) == ["script_path"])
        #expect(errors.first?.message.contains(message) == true)
        #expect(throws: SiaxError.self) { try runtime.execStart(for: spec) }
    }

    @Test("a runtime whose command line uses {port} requires a port")
    func portRequired() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let runtimes = try Builtins(bin: "\(dir)/bin")
        let spec = AppSpec.sample(runtime: "python-fastapi", script: "\(dir)/main.py", workingDir: dir)
        #expect(runtimes["python-fastapi"].validate(spec).map(\.field) == ["port"])
        let error = try #require(throws: SiaxError.self) { try runtimes["python-fastapi"].execStart(for: spec) }
        #expect(error.code == .validationFailed)
        #expect(error.field == "port")
        #expect(runtimes["nodejs"].validate(AppSpec.sample(runtime: "nodejs", script: "\(dir)/s.js", workingDir: dir)).isEmpty)
    }

    @Test("no interpreter installed: validation error on runtime saying it is missing")
    func interpreterMissing() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let result = RuntimeLoader.load(directories: [TestFiles.pluginsDirectory], searchPath: ["\(dir)/empty"])
        let runtime = try #require(result.catalog["nodejs"])
        let error = try #require(throws: SiaxError.self) {
            try runtime.execStart(for: AppSpec.sample(runtime: "nodejs", script: "\(dir)/s.js", workingDir: dir))
        }
        #expect(error.code == .validationFailed)
        #expect(error.field == "runtime")
        #expect(error.message.contains("interpreter is missing"))
        #expect(error.message.contains("node, nodejs"))
    }
}
