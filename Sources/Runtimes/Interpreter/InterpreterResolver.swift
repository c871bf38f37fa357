import Foundation

/// Finds the interpreter of a definition: a venv in the app's working dir
/// first, then the candidates in order (bare names on the search path).
struct InterpreterResolver: Sendable {
    let searchPath: [String]

    /// The interpreter's absolute path, or nil when none is an executable file.
    func resolve(_ interpreter: InterpreterDefinition, workingDir: String?) -> String? {
        if let workingDir {
            let base = workingDir.hasSuffix("/") ? String(workingDir.dropLast()) : workingDir
            if let venv = interpreter.venv.map({ "\(base)/\($0)" }).first(where: Self.isExecutableFile) { return venv }
        }
        for candidate in interpreter.candidates {
            if candidate.hasPrefix("/") {
                if Self.isExecutableFile(candidate) { return candidate }
            } else if let found = searchPath.map({ "\($0)/\(candidate)" }).first(where: Self.isExecutableFile) {
                return found
            }
        }
        return nil
    }

    /// Whether `path` is (or links to) a regular file this process may execute.
    static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && access(path, X_OK) == 0
    }
}
