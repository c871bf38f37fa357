import Kernel

/// A runtime with a fixed interpreter, for unit tests of the Kernel.
public struct FakeRuntime: Runtime {
    public let id: String
    public let displayName: String
    private let interpreter: String

    public init(id: String = "fake", displayName: String = "Fake", interpreter: String = "/bin/sh") {
        self.id = id
        self.displayName = displayName
        self.interpreter = interpreter
    }

    public func execStart(for spec: AppSpec) throws -> [String] {
        [interpreter, spec.scriptPath] + spec.args
    }

    public func defaultEnvironment(for spec: AppSpec) -> [String: String] { ["FAKE_RUNTIME": "1"] }

    public func matches(_ process: ScannedProcess) -> Bool {
        process.argv.first.map { $0.hasSuffix("/sh") || $0 == "sh" } ?? false
    }

    public func interpreterInfo() async -> InterpreterInfo { InterpreterInfo(path: interpreter, version: "1.0") }
}
