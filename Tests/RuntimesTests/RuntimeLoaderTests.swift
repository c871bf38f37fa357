import Foundation
import Kernel
import Runtimes
import Testing

/// Loading definitions from directories: bad files are reported and skipped, later ids win, new runtimes need no Swift.
@Suite("Runtime loader")
struct RuntimeLoaderTests {
    static let malformed: [(file: String, key: String?, message: String)] = [
        ("bad-json.json", nil, "is not valid JSON: Unexpected end of file"),
        ("missing-key.json", "exec_start", "is required"),
        ("wrong-type.json", "interpreter.candidates", "expected a list"),
        ("unknown-key.json", "process_matcher.argv_contains", "unknown key"),
        ("unknown-top-key.json", "exec", "unknown key"),
        ("bad-placeholder.json", "exec_start[3]", "unknown placeholder {modul}"),
        ("args-not-last.json", "exec_start[1]", "must be the last element"),
        ("args-missing.json", "exec_start", "must end with the element \"{args...}\""),
        ("program-not-interpreter.json", "exec_start[0]", "must be \"{interpreter}\""),
        ("unclosed-brace.json", "exec_start[1]", "without a closing '}'"),
        ("bad-regex.json", "process_matcher.executables[1]", "not a valid regular expression"),
        ("regex-without-caret.json", "process_matcher.executables[0]", "start it with '^'"),
        ("reserved-unit-key.json", "unit[0].key", "written by the agent"),
        ("control-char.json", "unit[0].value", "control characters"),
        ("bad-env-name.json", "environment.BAD-NAME", "must match"),
        ("schema-2.json", "schema_version", "must be 1"),
        ("venv-escape.json", "interpreter.venv[0]", "without '..'"),
        ("bad-id.json", "id", "must match"),
    ]

    @Test("each malformed file is reported with its file and key; the good one still loads")
    func malformedFilesReported() throws {
        let directory = TestFiles.fixtures("malformed")
        let result = RuntimeLoader.load(directories: [directory])
        #expect(result.catalog.ids == ["good-one"])
        #expect(result.issues.count == Self.malformed.count)
        for expected in Self.malformed {
            let issue = result.issues.first { $0.file == "\(directory)/\(expected.file)" }
            #expect(issue?.key == expected.key, "\(expected.file)")
            #expect(issue?.message.contains(expected.message) == true, "\(expected.file): \(issue?.message ?? "no issue")")
        }
    }

    @Test("an issue reads 'file: key: message'")
    func issueDescription() throws {
        let file = "\(TestFiles.fixtures("malformed"))/bad-placeholder.json"
        let issue = try #require(throws: RuntimeLoadIssue.self) { try RuntimeLoader.definition(at: file) }
        #expect(issue.description.hasPrefix("\(file): exec_start[3]: unknown placeholder {modul}; known: {interpreter}"))
    }

    @Test("a later directory overrides a runtime by id, keeping its place")
    func overrideByID() throws {
        let result = RuntimeLoader.load(directories: [TestFiles.pluginsDirectory, TestFiles.fixtures("override")])
        #expect(result.issues.isEmpty)
        #expect(result.catalog.ids == ["nodejs", "python-fastapi", "python"])
        #expect(result.catalog["nodejs"]?.displayName == "Node.js (site override)")
    }

    @Test("bun.json in an extra directory runs `bun run <script> args…` with no Swift change")
    func bunFromJSON() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let bun = try TestFiles.fakeInterpreter(at: "\(dir)/bin/bun")
        let result = RuntimeLoader.load(directories: [TestFiles.pluginsDirectory, TestFiles.fixtures("extra")], searchPath: ["\(dir)/bin"])
        #expect(result.issues.isEmpty)
        #expect(result.catalog.ids == ["nodejs", "python-fastapi", "python", "bun"])
        let runtime = try #require(result.catalog["bun"])
        let spec = AppSpec.sample(runtime: "bun", script: "/srv/web/index.ts", workingDir: "/srv/web", args: ["--smol", "-p"])
        #expect(try runtime.execStart(for: spec) == [bun, "run", "/srv/web/index.ts", "--smol", "-p"])
        #expect(runtime.defaultEnvironment(for: spec) == ["NODE_ENV": "production"])
        #expect(runtime.extraServiceKeys(for: spec).map { "\($0.key)=\($0.value)" } == ["LimitNOFILE=65536"])
        #expect(runtime.matches(ScannedProcess(pid: 7, ppid: 1, uid: 0, exe: "/usr/local/bin/bun", argv: ["bun", "run", "index.ts"])))
    }

    @Test("a missing directory is skipped silently; a file given as a directory is an issue")
    func directories() throws {
        let file = "\(TestFiles.fixtures("extra"))/bun.json"
        let result = RuntimeLoader.load(directories: ["/nonexistent/siax/runtimes.d", file])
        #expect(result.catalog.ids.isEmpty)
        #expect(result.issues == [RuntimeLoadIssue(file: file, key: nil, message: "is not a directory")])
    }
}
