import Kernel

/// A `Runtime` built from a JSON `RuntimeDefinition`: adding a language is a
/// JSON file, not Swift code.
public struct JSONRuntime: Runtime {
    /// The definition this runtime follows.
    public let definition: RuntimeDefinition
    private let resolver: InterpreterResolver
    private let info = InterpreterInfoCache()

    /// A runtime for `definition`; bare interpreter names are looked for in `searchPath`.
    public init(definition: RuntimeDefinition, searchPath: [String] = InterpreterSearchPath.standard()) {
        self.definition = definition
        self.resolver = InterpreterResolver(searchPath: searchPath)
    }

    /// The definition's id.
    public var id: String { definition.id }

    /// The definition's name.
    public var displayName: String { definition.name }

    /// `port` is required when the template uses `{port}`; the script must be
    /// importable from the working dir when it uses `{module}`.
    public func validate(_ spec: AppSpec) -> [FieldError] {
        var errors: [FieldError] = []
        if definition.execStart.uses(.port), spec.port == nil {
            errors.append(FieldError(field: "port", message: "is required by the \(definition.name) runtime"))
        }
        if definition.execStart.uses(.module) {
            do {
                _ = try module(of: spec)
            } catch {
                errors.append(FieldError(field: "script_path", message: error.message))
            }
        }
        return errors
    }

    /// The argv of `ExecStart=`: the resolved interpreter, the template, then the user's args.
    /// The spec has passed `validate` (the Kernel's `SpecValidator` runs it); a value the
    /// template needs and the spec cannot give (a port, an importable module) is still refused
    /// here with its field, and so is a missing interpreter.
    public func execStart(for spec: AppSpec) throws -> [String] {
        guard let interpreter = resolver.resolve(definition.interpreter, workingDir: spec.workingDir) else {
            throw SiaxError.invalid("runtime", "the \(definition.name) interpreter is missing: \(searchedDescription(workingDir: spec.workingDir))")
        }
        var values: [Placeholder: String] = [
            .interpreter: interpreter, .scriptPath: spec.scriptPath, .workingDir: spec.workingDir, .name: spec.name,
        ]
        if definition.execStart.uses(.port) {
            guard let port = spec.port else { throw SiaxError.invalid("port", "is required by the \(definition.name) runtime") }
            values[.port] = String(port)
        }
        if definition.execStart.uses(.module) {
            do {
                values[.module] = try module(of: spec)
            } catch {
                throw SiaxError.invalid("script_path", error.message)
            }
        }
        return definition.execStart.render(values, args: spec.args)
    }

    /// The definition's `environment`.
    public func defaultEnvironment(for spec: AppSpec) -> [String: String] {
        definition.environment
    }

    /// The definition's `unit` keys, in order.
    public func extraServiceKeys(for spec: AppSpec) -> [(key: String, value: String)] {
        definition.unit.map { (key: $0.key, value: $0.value) }
    }

    /// Whether the definition's process matcher accepts `process`.
    public func matches(_ process: ScannedProcess) -> Bool {
        definition.processMatcher.matches(process)
    }

    /// The interpreter the candidates resolve to (no venv: that depends on an app)
    /// and its version; computed once, then cached.
    public func interpreterInfo() async -> InterpreterInfo {
        let interpreter = definition.interpreter
        let resolver = self.resolver
        return await info.value {
            guard let path = resolver.resolve(interpreter, workingDir: nil) else { return InterpreterInfo(path: nil, version: nil) }
            return InterpreterInfo(path: path, version: await VersionProbe.version(of: path, arguments: interpreter.versionArgs))
        }
    }

    // MARK: - Helpers

    private func module(of spec: AppSpec) throws(ModulePath.Problem) -> String {
        try ModulePath.derive(scriptPath: spec.scriptPath, workingDir: spec.workingDir)
    }

    private func searchedDescription(workingDir: String) -> String {
        let venv = definition.interpreter.venv.map { "\(workingDir)/\($0)" }
        return "none of \((venv + definition.interpreter.candidates).joined(separator: ", ")) was found as an executable file"
    }
}
