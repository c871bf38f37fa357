import Foundation
import Kernel
import Testing
@testable import SystemctlBackend

/// The sudoers drop-in against the command lines the backend builds, matched as sudo matches
/// them: the arguments joined by single spaces against each rule's POSIX extended regex.
@Suite("sudoers drop-in")
struct SudoersRulesTests {
    /// Whether sudo would let one of `patterns` run `arguments`.
    private func admitted(_ arguments: [String], by patterns: [String]) -> Bool {
        let line = arguments.joined(separator: " ")
        return patterns.contains { pattern in
            var regex = regex_t()
            guard regcomp(&regex, "^\(pattern)$", REG_EXTENDED | REG_NOSUB) == 0 else {
                Issue.record("does not compile: \(pattern)")
                return false
            }
            defer { regfree(&regex) }
            return regexec(&regex, line, 0, nil, 0) == 0
        }
    }
    private func systemctl(_ arguments: [String]) -> Bool { admitted(arguments, by: SudoersRules.systemctl) }
    private func journalctl(_ arguments: [String]) -> Bool { admitted(arguments, by: SudoersRules.journalctl) }

    @Test("every systemctl command line the backend builds is allowed")
    func systemctlLines() {
        for verb in SystemctlArguments.Verb.allCases {
            #expect(systemctl(SystemctlArguments.verb(verb, unit: "shop-api.service")), "\(verb)")
            #expect(systemctl(SystemctlArguments.verb(verb, unit: "a\(String(repeating: "_", count: 62)).service")))
        }
        #expect(systemctl(SystemctlArguments.daemonReload))
        #expect(systemctl(SystemctlArguments.version))
        for unix in [true, false] {
            for units in [["a.service"], ["a.service", "b-2.service", "c_3.service"]] {
                #expect(systemctl(SystemctlArguments.show(SystemctlShowParser.statusProperties, of: units, unixTimestamps: unix)))
            }
        }
        #expect(systemctl(SystemctlArguments.show(ErrorClassifier.failureProperties, of: ["a.service"])))
    }

    @Test("every journalctl command line the backend builds is allowed, whatever the query")
    func journalctlLines() {
        let queries = [
            LogQuery(), LogQuery(lines: 5000, maxPriority: 3), LogQuery(grep: "two  words -- --vacuum-time=1s"),
            LogQuery(lines: 1, maxPriority: 9, grep: #"x\E y"#, since: Date(timeIntervalSince1970: 1_795_933_184.7)),
            LogQuery(since: Date(timeIntervalSince1970: -5)),
        ]
        let cursor = "s=0b1e;i=4f2;b=9c3a;m=1d2;t=62a1;x=77f"
        #expect(journalctl(JournalctlArguments.journalTail))
        #expect(journalctl(JournalctlArguments.first(from: cursor)))
        for query in queries {
            #expect(journalctl(JournalctlArguments.newest(unit: "a.service", query: query)), "\(query)")
            #expect(journalctl(JournalctlArguments.after(cursor: cursor, unit: "a.service", query: query)), "\(query)")
            #expect(journalctl(JournalctlArguments.after(cursor: cursor, unit: "a.service", query: query, follow: true)))
        }
    }

    @Test("the privilege check's probes are the backend's own kinds of command line, and all allowed")
    func probes() {
        let probes = SudoersRules.probes(systemctlPath: "/usr/bin/systemctl", journalctlPath: "/usr/bin/journalctl", unixTimestamps: true)
        #expect(probes.count == 4 + SystemctlArguments.Verb.allCases.count + 5)
        for probe in probes {
            let arguments = Array(probe.dropFirst())
            #expect(probe[0] == "/usr/bin/systemctl" ? systemctl(arguments) : journalctl(arguments), "\(probe)")
        }
    }

    @Test("other subcommands, options, units and extra arguments are refused")
    func refused() {
        for arguments in [
            [], ["status", "a.service"], ["--no-ask-password", "status", "--", "a.service"],
            ["--no-ask-password", "edit", "--", "a.service"], ["--no-ask-password", "set-environment", "A=1"],
            ["--no-ask-password", "poweroff"], ["--no-ask-password", "start", "--", "a.socket"],
            ["--no-ask-password", "start", "--", "A.service"], ["--no-ask-password", "start", "--", "../a.service"],
            ["--no-ask-password", "start", "--", "a.service", "b.service"], ["--no-ask-password", "start", "a.service"],
            ["--no-ask-password", "daemon-reload", "--root=/tmp"], ["start", "--", "a.service"],
            SystemctlArguments.show(["ExecStart"], of: ["a.service"]),
            SystemctlArguments.show(SystemctlShowParser.statusProperties, of: ["a.service", "-H"]),
        ] {
            #expect(!systemctl(arguments), "\(arguments)")
        }
        let unit = JournalctlArguments.base(unit: "a.service")
        for arguments in [
            ["--vacuum-time=1s"], ["--rotate"], ["--no-pager", "--output=json", "--lines=1", "--output-fields=MESSAGE", "-D", "/"],
            JournalctlArguments.base(unit: "ssh.socket") + ["--lines=1", "--reverse"],
            unit + ["--lines=1", "--reverse", "--vacuum-size=1"],
            unit + ["--grep=a", "--vacuum-time=1s", "--case-sensitive=true", "--lines=1", "--reverse"],
            unit + ["--cursor=s=1 --vacuum-time=1s"], unit + ["--cursor=s=1", "--flush"],
            JournalctlArguments.first(from: "s=1 --vacuum-time=1s"), JournalctlArguments.first(from: "s=1") + ["--flush"],
            unit + ["--lines=1", "--reverse", "--since=yesterday"],
        ] {
            #expect(!journalctl(arguments), "\(arguments)")
        }
    }

    @Test("a grep pattern never holds a space, so it stays one argument for sudo")
    func grepWithoutSpaces() {
        #expect(JournalctlArguments.literalPattern("a b") == #"\Qa\E\x20\Qb\E"#)
        #expect(JournalctlArguments.literalPattern(" x  ") == #"\x20\Qx\E\x20\x20"#)
        #expect(!JournalctlArguments.literalPattern("--a -- b\tc").contains(" "))
    }

    @Test("the drop-in names the user, both binaries and every rule")
    func dropIn() {
        let text = SudoersRules.dropIn(user: "siax-agent", systemctlPath: "/usr/bin/systemctl", journalctlPath: "/usr/bin/journalctl")
        #expect(text.contains("Defaults:siax-agent !requiretty\n"))
        #expect(text.contains("\nsiax-agent ALL=(root) NOPASSWD: SIAX_SYSTEMCTL, SIAX_JOURNALCTL\n"))
        for pattern in SudoersRules.systemctl { #expect(text.contains("/usr/bin/systemctl ^\(pattern)$")) }
        for pattern in SudoersRules.journalctl { #expect(text.contains("/usr/bin/journalctl ^\(pattern)$")) }
        // `#` starts a comment in sudoers, even inside a regular expression.
        #expect(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.allSatisfy { !$0.contains("#") })
        #expect(SudoersRules.systemctl.allSatisfy { $0.count < 1024 } && SudoersRules.journalctl.allSatisfy { $0.count < 1024 })
    }
}
