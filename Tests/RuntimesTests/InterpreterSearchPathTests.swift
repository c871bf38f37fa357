import Runtimes
import Testing

/// Where bare interpreter names are looked for.
@Suite("Interpreter search path")
struct InterpreterSearchPathTests {
    @Test("system directories first, then PATH without shims, relative entries or duplicates")
    func standard() {
        let path = "/root/.pyenv/shims:/root/.asdf/shims:/opt/node/bin:relative/bin:/usr/bin:/root/.pyenv/bin"
        #expect(InterpreterSearchPath.standard(environment: ["PATH": path])
            == InterpreterSearchPath.systemDirectories + ["/opt/node/bin", "/root/.pyenv/bin"])
    }

    @Test("without PATH only the system directories are searched")
    func noPath() {
        #expect(InterpreterSearchPath.standard(environment: [:]) == InterpreterSearchPath.systemDirectories)
    }
}
