import Kernel
import Runtimes
import Testing

/// Which built-in runtime recognises which process of a `/proc` scan.
@Suite("Process matchers")
struct ProcessMatcherTests {
    struct Sample: Sendable, CustomTestStringConvertible {
        let exe: String?
        let argv: [String]
        /// The runtimes that should match, among nodejs, python-fastapi, python.
        let runtimes: Set<String>

        var testDescription: String { argv.isEmpty ? "(no argv)" : argv.joined(separator: " ") }

        var process: ScannedProcess { ScannedProcess(pid: 42, ppid: 1, uid: 0, exe: exe, argv: argv) }
    }

    static let samples: [Sample] = [
        Sample(exe: "/usr/bin/node", argv: ["node", "server.js"], runtimes: ["nodejs"]),
        Sample(exe: "/usr/bin/node", argv: ["/usr/bin/nodejs", "/srv/api/index.js", "--port", "3000"], runtimes: ["nodejs"]),
        Sample(exe: "/usr/bin/node (deleted)", argv: ["my-worker-title"], runtimes: ["nodejs"]),
        Sample(exe: "/usr/bin/python3.11", argv: ["python3.11", "-m", "uvicorn", "main:app"], runtimes: ["python-fastapi"]),
        Sample(
            exe: "/usr/bin/python3.11", argv: ["/srv/a/.venv/bin/python", "/srv/a/.venv/bin/uvicorn", "main:app", "--port", "8000"],
            runtimes: ["python-fastapi"]),
        Sample(exe: "/usr/bin/python3.11", argv: ["/usr/bin/python3", "script.py"], runtimes: ["python"]),
        Sample(exe: nil, argv: ["python", "worker.py", "--once"], runtimes: ["python"]),
        Sample(exe: "/usr/bin/python3.11", argv: ["/usr/bin/python3", "/usr/bin/gunicorn", "-k", "uvicorn.workers.UvicornWorker", "main:app"], runtimes: []),
        Sample(exe: "/usr/bin/python3.11", argv: ["/srv/a/.venv/bin/python3", "/srv/a/.venv/bin/gunicorn", "main:app"], runtimes: []),
        Sample(exe: "/usr/bin/python3.11", argv: ["python3", "-m", "gunicorn", "main:app"], runtimes: []),
        Sample(exe: "/usr/bin/python3-config", argv: ["python3-config", "--includes"], runtimes: []),
        Sample(exe: "/usr/bin/bash", argv: ["bash", "-c", "node server.js"], runtimes: []),
        Sample(exe: nil, argv: [], runtimes: []),
    ]

    @Test("built-in matchers", arguments: samples)
    func builtins(sample: Sample) throws {
        let catalog = RuntimeLoader.load(directories: [TestFiles.pluginsDirectory]).catalog
        let matched = Set(catalog.all.filter { $0.matches(sample.process) }.map(\.id))
        #expect(matched == sample.runtimes)
    }
}
