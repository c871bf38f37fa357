import Foundation

/// An app name for a process no app manages: the project's name from
/// `package.json` (`name`) or `pyproject.toml` (`[project] name`) in its
/// working directory, else its script's base name — made to fit the app-name
/// rule `^[a-z][a-z0-9_-]{0,62}$`.
enum SuggestedName {
    /// The name for a process with `argv` running in `cwd`, or nil when nothing gives one.
    static func of(argv: [String], cwd: String?) -> String? {
        if let cwd {
            if let name = packageName(at: "\(cwd)/package.json").flatMap(sanitised) { return name }
            if let name = pyprojectName(at: "\(cwd)/pyproject.toml").flatMap(sanitised) { return name }
        }
        return script(of: argv).flatMap(sanitised)
    }

    /// `name` of a `package.json` (an npm scope such as `@acme/` dropped).
    static func packageName(at path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20,
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let name = object["name"] as? String else { return nil }
        return name.split(separator: "/").last.map(String.init)
    }

    /// `name` in the `[project]` table of a `pyproject.toml`.
    static func pyprojectName(at path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20 else { return nil }
        var inProject = false
        for raw in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                inProject = line == "[project]"
                continue
            }
            guard inProject, line.hasPrefix("name"), let equals = line.firstIndex(of: "=") else { continue }
            guard line[..<equals].trimmingCharacters(in: .whitespaces) == "name" else { continue }
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let quotes = CharacterSet(charactersIn: "\"'")
            return value.trimmingCharacters(in: quotes)
        }
        return nil
    }

    /// The script's base name without extension: the first argument after
    /// the interpreter that is not an option; for `-m module` (uvicorn
    /// `main:app` included) the module's last part.
    static func script(of argv: [String]) -> String? {
        var index = 1
        while index < argv.count {
            let argument = argv[index]
            if argument == "-m", index + 1 < argv.count {
                let module = argv[index + 1]
                if module == "uvicorn" || module == "gunicorn",
                   let target = argv[(index + 2)...].first(where: { !$0.hasPrefix("-") && $0.contains(":") }) {
                    return String(target.split(separator: ":")[0].split(separator: ".").last ?? "")
                }
                return String(module.split(separator: ".").last ?? "")
            }
            if !argument.hasPrefix("-") {
                let base = (argument as NSString).lastPathComponent
                return (base as NSString).deletingPathExtension
            }
            index += 1
        }
        return nil
    }

    /// `text` lower-cased, other characters as `-`, starting with a letter, at most 63; nil when nothing is left.
    static func sanitised(_ text: String) -> String? {
        var name = ""
        for scalar in text.lowercased().unicodeScalars {
            let allowed = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
            name.unicodeScalars.append(allowed ? scalar : "-")
        }
        while let first = name.unicodeScalars.first, !("a"..."z").contains(first) { name.removeFirst() }
        while name.contains("--") { name = name.replacingOccurrences(of: "--", with: "-") }
        name = String(name.prefix(63))
        while name.hasSuffix("-") { name.removeLast() }
        return name.isEmpty ? nil : name
    }
}
