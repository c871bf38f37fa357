/// What a language needs: validating a spec, the unit's command line and extra
/// keys, and recognising its processes in a `/proc` scan.
///
/// Built-in runtimes are JSON definitions (see the `Runtimes` module); a new
/// language needs a JSON file, not a change here.
public protocol Runtime: Sendable {
    /// Stable id used in app specs, e.g. `nodejs`.
    var id: String { get }
    /// Name for people, e.g. `Node.js`.
    var displayName: String { get }

    /// Runtime-specific checks of a spec (the Kernel already checked the common fields).
    func validate(_ spec: AppSpec) -> [FieldError]

    /// The full argv of `ExecStart=`: interpreter first, then the runtime's
    /// options, the script (or module), and the user's args last.
    func execStart(for spec: AppSpec) throws -> [String]

    /// Environment the runtime sets by default (the spec's environment wins).
    func defaultEnvironment(for spec: AppSpec) -> [String: String]

    /// Extra `[Service]` keys the runtime adds, in order.
    func extraServiceKeys(for spec: AppSpec) -> [(key: String, value: String)]

    /// Whether a scanned process belongs to this runtime.
    func matches(_ process: ScannedProcess) -> Bool

    /// Which interpreter would run apps, whether it exists, and its version.
    func interpreterInfo() async -> InterpreterInfo
}

extension Runtime {
    public func validate(_ spec: AppSpec) -> [FieldError] { [] }
    public func defaultEnvironment(for spec: AppSpec) -> [String: String] { [:] }
    public func extraServiceKeys(for spec: AppSpec) -> [(key: String, value: String)] { [] }
}

/// The interpreter a runtime resolves to on this machine.
public struct InterpreterInfo: Sendable, Equatable, Codable {
    /// The resolved path, nil when none of the candidates exists.
    public var path: String?
    /// Version text (e.g. `v20.20.2`), when it could be read.
    public var version: String?

    public init(path: String?, version: String?) {
        self.path = path
        self.version = version
    }

    /// Whether an interpreter was found.
    public var available: Bool { path != nil }
}
