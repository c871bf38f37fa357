import Foundation
import Kernel

/// The sudoers drop-in that lets a non-root agent run, through `sudo -n`, exactly the
/// `systemctl` and `journalctl` command lines of this backend (`SystemctlArguments`,
/// `JournalctlArguments`), and the command lines `checkPrivileges()` asks `sudo -n -l` about.
///
/// Each rule's arguments are a POSIX extended regular expression (sudo ≥ 1.9.10), which sudo
/// matches against the arguments joined by single spaces. No part of a pattern matches a
/// space except the separators it spells out, so no value (a unit name, a cursor, a grep
/// pattern) can carry an extra argument in. What sudoers cannot tell is whose unit a name
/// is: any `.service` whose name is a valid app name passes (docs/deploy.md).
enum SudoersRules {
    /// A unit the agent manages: an app name (`SpecValidator.namePattern`) + `.service`.
    static let unit = "[a-z][a-z0-9_-]{0,62}[.]service"

    /// The argument patterns allowed for `systemctl`, each matching a whole argument list.
    static let systemctl = [
        pattern(SystemctlArguments.daemonReload),
        pattern(SystemctlArguments.version),
        pattern(["--no-ask-password"]) + " ("
            + SystemctlArguments.Verb.allCases.map(\.rawValue).joined(separator: "|") + ") -- " + unit,
        pattern(SystemctlArguments.show(SystemctlShowParser.statusProperties, of: []).dropLast())
            + "( --timestamp=unix)? -- " + unit + "( " + unit + ")*",
        pattern(SystemctlArguments.show(ErrorClassifier.failureProperties, of: [])) + " " + unit,
    ]

    /// The argument patterns allowed for `journalctl`: the journal's newest entry, the first
    /// entry from a cursor (does the journal still hold it?), and a unit's entries newest
    /// first (`--lines --reverse`, maybe `--since`) or from a cursor (maybe following), with
    /// an optional priority and grep filter.
    static let journalctl = [
        pattern(JournalctlArguments.journalTail),
        pattern(firstFromCursor.prefix { !$0.hasPrefix("--cursor=") }) + " --cursor=[^ ]+ "
            + pattern(firstFromCursor.drop { !$0.hasPrefix("--cursor=") }.dropFirst()),
        pattern(JournalctlArguments.base(unit: "").dropLast()) + " --unit=" + unit
            + "( --priority=0[.][.][0-7])?( --grep=[^ ]+ --case-sensitive=true)?"
            + "( --lines=[0-9]+ --reverse( --since=@-?[0-9]+)?| --cursor=[^ ]+( --follow --lines=all)?)",
    ]

    /// `JournalctlArguments.first(from:)`, its cursor a placeholder.
    private static let firstFromCursor = JournalctlArguments.first(from: "C")

    /// The drop-in for `/etc/sudoers.d/`: `user` may run these command lines as root without a password.
    static func dropIn(user: String, systemctlPath: String, journalctlPath: String) -> String {
        func alias(_ name: String, _ path: String, _ patterns: [String]) -> String {
            "Cmnd_Alias \(name) = \\\n" + patterns.map { "    \(path) ^\($0)$" }.joined(separator: ", \\\n")
        }
        return """
            # SIAX Agent (systemctl backend): the exact systemctl and journalctl command lines the agent
            # runs through `sudo -n`, for the user \(user), without a password; written by
            # `siax-agent sudoers`. Arguments are regular expressions over the whole argument list.
            Defaults:\(user) !requiretty
            \(alias("SIAX_SYSTEMCTL", systemctlPath, systemctl))
            \(alias("SIAX_JOURNALCTL", journalctlPath, journalctl))
            \(user) ALL=(root) NOPASSWD: SIAX_SYSTEMCTL, SIAX_JOURNALCTL

            """
    }

    /// Command lines of every kind the backend runs, for `sudo -n -l` to approve one by one.
    static func probes(systemctlPath: String, journalctlPath: String, unixTimestamps: Bool) -> [[String]] {
        let unit = "siax-privilege-check.service"
        let query = LogQuery(lines: 1, maxPriority: 7, grep: "a b", since: .init(timeIntervalSince1970: 0))
        let systemctl = [
            SystemctlArguments.daemonReload,
            SystemctlArguments.version,
            SystemctlArguments.show(SystemctlShowParser.statusProperties, of: [unit], unixTimestamps: unixTimestamps),
            SystemctlArguments.show(ErrorClassifier.failureProperties, of: [unit]),
        ] + SystemctlArguments.Verb.allCases.map { SystemctlArguments.verb($0, unit: unit) }
        let journalctl = [
            JournalctlArguments.journalTail,
            JournalctlArguments.first(from: "s=0;i=1"),
            JournalctlArguments.newest(unit: unit, query: query),
            JournalctlArguments.after(cursor: "s=0;i=1", unit: unit, query: query),
            JournalctlArguments.after(cursor: "s=0;i=1", unit: unit, query: query, follow: true),
        ]
        return systemctl.map { [systemctlPath] + $0 } + journalctl.map { [journalctlPath] + $0 }
    }

    /// `arguments` joined by spaces, each character a regular expression's metacharacter escaped.
    static func pattern<Arguments: Sequence<String>>(_ arguments: Arguments) -> String {
        arguments.joined(separator: " ").map { character in
            switch character {
            case "^": #"\^"#
            case "]": "[]]"
            case "$", ".", "[", "(", ")", "*", "+", "?", "{", "}", "|", "\\": "[\(character)]"
            default: String(character)
            }
        }.joined()
    }
}
