/// Derives the dotted module name of a script relative to the working dir,
/// as `python -m` and uvicorn expect it: `/srv/a/pkg/main.py` in `/srv/a` → `pkg.main`.
enum ModulePath {
    static let identifierPattern = #"^[A-Za-z_][A-Za-z0-9_]*$"#

    /// Why a script has no module name (a message about `script_path`).
    struct Problem: Error {
        let message: String
    }

    /// The module name of `scriptPath` run from `workingDir`.
    static func derive(scriptPath: String, workingDir: String) throws(Problem) -> String {
        let script = components(scriptPath)
        let base = components(workingDir)
        guard !script.contains(".."), !base.contains(".."), script.count > base.count, Array(script.prefix(base.count)) == base else {
            throw Problem(message: "\(scriptPath) must be inside working_dir \(workingDir) to be run as a module")
        }
        var parts = Array(script.dropFirst(base.count))
        guard let file = parts.last, file.hasSuffix(".py") else {
            throw Problem(message: "\(scriptPath) must be a .py file to be run as a module")
        }
        parts[parts.count - 1] = String(file.dropLast(3))
        if let bad = parts.first(where: { !$0.matches(identifierPattern) }) {
            throw Problem(message: "'\(bad)' in \(scriptPath) is not a Python identifier, so the script cannot be imported as a module")
        }
        return parts.joined(separator: ".")
    }

    private static func components(_ path: String) -> [String] {
        path.split(separator: "/").map(String.init).filter { $0 != "." }
    }
}
