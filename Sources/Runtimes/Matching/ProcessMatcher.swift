import Kernel

/// Recognises a runtime's processes in a `/proc` scan.
///
/// A process matches when the basename of its executable (`/proc/PID/exe`) or
/// of its `argv[0]` matches one of `executables`, at least one of
/// `argv_contains_any` (when given) is an argv element or the basename of one,
/// and none of `argv_excludes` is.
public struct ProcessMatcher: Sendable, Decodable {
    /// Basenames (`node`) or regexes starting with `^` (`^python[0-9.]*$`).
    public let executables: [String]
    /// When not empty, one of these must be in argv (e.g. `uvicorn`).
    public let argvContainsAny: [String]
    /// None of these may be in argv (e.g. `gunicorn`).
    public let argvExcludes: [String]
    private let patterns: [ExecutablePattern]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case executables
        case argvContainsAny = "argv_contains_any"
        case argvExcludes = "argv_excludes"
    }

    /// Decodes the matcher and compiles its patterns; a bad one names its index.
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        executables = try c.decode([String].self, forKey: .executables)
        if executables.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: .executables, in: c, debugDescription: "must list at least one executable")
        }
        var patterns: [ExecutablePattern] = []
        for (index, entry) in executables.enumerated() {
            do {
                patterns.append(try ExecutablePattern.parse(entry))
            } catch {
                throw DecodingError.invalid(at: c.codingPath + [CodingKeys.executables, PathKey(index)], error.message)
            }
        }
        self.patterns = patterns
        argvContainsAny = try c.decodeIfPresent([String].self, forKey: .argvContainsAny) ?? []
        if c.contains(.argvContainsAny), argvContainsAny.isEmpty {
            throw DecodingError.dataCorruptedError(
                forKey: .argvContainsAny, in: c, debugDescription: "must list at least one argument when present (an empty list matches nothing)")
        }
        argvExcludes = try c.decodeIfPresent([String].self, forKey: .argvExcludes) ?? []
    }

    /// Whether `process` is one of this runtime's.
    public func matches(_ process: ScannedProcess) -> Bool {
        let names = Self.executableNames(of: process)
        guard names.contains(where: { name in patterns.contains { $0.matches(name) } }) else { return false }
        let arguments = Set(process.argv + process.argv.map(Self.basename))
        if !argvContainsAny.isEmpty, !argvContainsAny.contains(where: arguments.contains) { return false }
        return !argvExcludes.contains(where: arguments.contains)
    }

    /// Basenames of the executable and of `argv[0]`; a replaced binary's ` (deleted)` suffix is dropped.
    static func executableNames(of process: ScannedProcess) -> [String] {
        var names: [String] = []
        if let exe = process.exe {
            names.append(basename(exe.hasSuffix(" (deleted)") ? String(exe.dropLast(" (deleted)".count)) : exe))
        }
        if let first = process.argv.first, !first.isEmpty { names.append(basename(first)) }
        return names
    }

    static func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
