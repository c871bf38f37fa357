/// Quoting for values written into systemd unit files.
///
/// Every value also passes `containsControlCharacter` checks first: a unit
/// file value can never contain a newline, so it can never start a new key.
public enum UnitEscaping {
    /// One `ExecStart=` argument: double-quoted, with `\` and `"` backslash-escaped,
    /// `%` doubled (no specifier expansion) and `$` doubled (no variable expansion).
    /// A quoted `";"` is an argument, not a command separator.
    public static func execArgument(_ value: String) -> String {
        var out = "\""
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "%": out += "%%"
            case "$": out += "$$"
            default: out.unicodeScalars.append(character)
            }
        }
        return out + "\""
    }

    /// A whole `ExecStart=` command line from an argv.
    public static func execLine(_ argv: [String]) -> String {
        argv.map(execArgument).joined(separator: " ")
    }

    /// One `Environment=` assignment: the whole `"K=V"` double-quoted, with
    /// `\`, `"` escaped and `%` doubled. `$` is left alone: systemd does not
    /// expand variables in `Environment=`.
    public static func environmentAssignment(name: String, value: String) -> String {
        var out = "\""
        for character in "\(name)=\(value)".unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "%": out += "%%"
            default: out.unicodeScalars.append(character)
            }
        }
        return out + "\""
    }

    /// A value of a key that expands specifiers but does not unquote
    /// (`Description=`, `WorkingDirectory=`): `%` doubled.
    public static func specifierSafe(_ value: String) -> String {
        value.replacingOccurrences(of: "%", with: "%%")
    }

    /// Whether a string holds NUL or any other control character (C0, DEL, C1).
    public static func containsControlCharacter(_ value: String) -> Bool {
        value.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }
}
