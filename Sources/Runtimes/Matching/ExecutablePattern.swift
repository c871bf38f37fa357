/// One entry of `process_matcher.executables`: an exact basename (`node`) or,
/// when it starts with `^`, a regular expression (`^python[0-9.]*$`).
enum ExecutablePattern: Sendable {
    case name(String)
    case regex(MemoizedRegex)

    struct Problem: Error {
        let message: String
    }

    /// Characters that mean the author wrote a regex but forgot the leading `^`.
    private static let regexCharacters = Set("*+?[](){}|\\$")

    /// Parses an entry; a bad regex or a name with a `/` is a problem.
    static func parse(_ entry: String) throws(Problem) -> ExecutablePattern {
        if entry.hasPrefix("^") {
            do {
                return .regex(try MemoizedRegex(entry))
            } catch {
                throw Problem(message: "is not a valid regular expression")
            }
        }
        if entry.isEmpty || entry.contains("/") {
            throw Problem(message: "must be a program's basename, or a regular expression starting with '^'")
        }
        if entry.contains(where: regexCharacters.contains) {
            throw Problem(message: "looks like a regular expression: start it with '^' (and end it with '$' to match the whole name)")
        }
        return .name(entry)
    }

    /// Whether an executable's basename matches.
    func matches(_ basename: String) -> Bool {
        switch self {
        case .name(let name):
            return basename == name
        case .regex(let regex):
            return regex.matches(basename)
        }
    }
}
