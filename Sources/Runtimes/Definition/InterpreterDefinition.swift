import Kernel

/// Where a runtime's interpreter is looked for, and how its version is read.
///
/// The interpreter always comes from the definition, never from an app spec.
public struct InterpreterDefinition: Sendable, Equatable, Decodable {
    /// Names (searched on the interpreter search path) or absolute paths, tried in order.
    public let candidates: [String]
    /// Arguments that make the interpreter print its version, e.g. `["--version"]`.
    public let versionArgs: [String]
    /// Paths relative to the app's working dir tried before the candidates, e.g. `.venv/bin/python`.
    public let venv: [String]

    static let namePattern = #"^[A-Za-z0-9._+-]+$"#

    enum CodingKeys: String, CodingKey, CaseIterable {
        case candidates, venv
        case versionArgs = "version_args"
    }

    /// Decodes and checks the interpreter section; `version_args` defaults to `["--version"]`.
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func fail(_ key: CodingKeys, _ index: Int, _ message: String) -> DecodingError {
            .invalid(at: c.codingPath + [key, PathKey(index)], message)
        }
        candidates = try c.decode([String].self, forKey: .candidates)
        if candidates.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: .candidates, in: c, debugDescription: "must list at least one interpreter")
        }
        for (index, candidate) in candidates.enumerated() {
            let valid = candidate.hasPrefix("/")
                ? !UnitEscaping.containsControlCharacter(candidate) && !candidate.hasSuffix("/")
                : candidate.matches(Self.namePattern)
            if !valid {
                throw fail(.candidates, index, "must be an absolute path or a program name (letters, digits, '.', '_', '+', '-')")
            }
        }
        versionArgs = try c.decodeIfPresent([String].self, forKey: .versionArgs) ?? ["--version"]
        for (index, argument) in versionArgs.enumerated() where UnitEscaping.containsControlCharacter(argument) {
            throw fail(.versionArgs, index, "must not contain control characters")
        }
        venv = try c.decodeIfPresent([String].self, forKey: .venv) ?? []
        for (index, path) in venv.enumerated() {
            let components = path.split(separator: "/")
            if path.isEmpty || path.hasPrefix("/") || components.contains("..") || UnitEscaping.containsControlCharacter(path) {
                throw fail(.venv, index, "must be a path relative to the app's working_dir, without '..'")
            }
        }
    }
}
