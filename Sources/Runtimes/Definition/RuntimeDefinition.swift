import Kernel

/// A runtime as written in a JSON file (`Plugins/runtimes/nodejs.json`, …).
///
/// Decoding checks everything a file can get wrong (unknown keys, bad
/// placeholders, bad regexes, control characters) and names the key at fault,
/// so a decoded definition is always usable.
public struct RuntimeDefinition: Sendable, Decodable {
    /// Stable id, `^[a-z][a-z0-9-]{0,31}$`, used in app specs.
    public let id: String
    /// Name for people.
    public let name: String
    /// Where the interpreter is looked for.
    public let interpreter: InterpreterDefinition
    /// The `ExecStart=` argv template.
    public let execStart: ExecTemplate
    /// Default environment of the app (the spec's environment wins).
    public let environment: [String: String]
    /// Extra `[Service]` keys, in order.
    public let unit: [ServiceKey]
    /// How the runtime's processes are recognised in a `/proc` scan.
    public let processMatcher: ProcessMatcher

    /// The only `schema_version` this agent reads.
    public static let schemaVersion = 1
    static let idPattern = #"^[a-z][a-z0-9-]{0,31}$"#
    static let environmentNamePattern = #"^[A-Za-z_][A-Za-z0-9_]*$"#
    static let maxNameLength = 100
    static let maxUnitKeys = 32

    enum CodingKeys: String, CodingKey, CaseIterable {
        case schemaVersion = "schema_version"
        case id, name, interpreter, environment, unit
        case execStart = "exec_start"
        case processMatcher = "process_matcher"
    }

    /// Decodes and checks a definition; errors are `DecodingError`s whose coding path names the key.
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let version = try c.decodeIfPresent(Int.self, forKey: .schemaVersion), version != Self.schemaVersion {
            throw DecodingError.dataCorruptedError(
                forKey: .schemaVersion, in: c, debugDescription: "must be \(Self.schemaVersion), the only version this agent reads")
        }
        id = try c.decode(String.self, forKey: .id)
        if !id.matches(Self.idPattern) {
            throw DecodingError.dataCorruptedError(
                forKey: .id, in: c, debugDescription: "must match \(Self.idPattern) (a lower-case letter, then letters, digits or '-')")
        }
        name = try c.decode(String.self, forKey: .name)
        if name.isEmpty || name.count > Self.maxNameLength || UnitEscaping.containsControlCharacter(name) {
            throw DecodingError.dataCorruptedError(
                forKey: .name, in: c, debugDescription: "must be 1–\(Self.maxNameLength) characters without control characters")
        }
        interpreter = try c.decode(InterpreterDefinition.self, forKey: .interpreter)
        execStart = try c.decode(ExecTemplate.self, forKey: .execStart)
        environment = try c.decodeIfPresent([String: String].self, forKey: .environment) ?? [:]
        for variable in environment.keys.sorted() {
            let path = c.codingPath + [CodingKeys.environment, PathKey(variable)]
            if !variable.matches(Self.environmentNamePattern) {
                throw DecodingError.invalid(at: path, "variable name must match \(Self.environmentNamePattern)")
            }
            if UnitEscaping.containsControlCharacter(environment[variable] ?? "") {
                throw DecodingError.invalid(at: path, "must not contain control characters (newline, tab, NUL, …)")
            }
        }
        unit = try c.decodeIfPresent([ServiceKey].self, forKey: .unit) ?? []
        if unit.count > Self.maxUnitKeys {
            throw DecodingError.dataCorruptedError(forKey: .unit, in: c, debugDescription: "at most \(Self.maxUnitKeys) keys")
        }
        processMatcher = try c.decode(ProcessMatcher.self, forKey: .processMatcher)
    }
}
