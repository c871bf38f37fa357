import Foundation
import Kernel
import Testing
@testable import SystemctlBackend

@Suite("journalctl arguments")
struct JournalctlArgumentsTests {
    @Test("grep text is a case-sensitive PCRE literal")
    func literal() {
        #expect(JournalctlArguments.literalPattern("a.c*") == #"\Qa.c*\E"#)
        #expect(JournalctlArguments.literalPattern(#"x\Ey"#) == #"\Qx\E\\E\Qy\E"#)
        #expect(JournalctlArguments.filters(LogQuery(maxPriority: 4, grep: "err")) == ["--priority=0..4", #"--grep=\Qerr\E"#, "--case-sensitive=true"])
    }

    @Test("--grep's silent exit 1 is no match; other exits and exit 1 without --grep are failures")
    func grepNoMatch() {
        let grep = JournalctlArguments.newest(unit: "a.service", query: LogQuery(lines: 5, grep: "x"))
        let plain = JournalctlArguments.newest(unit: "a.service", query: LogQuery(lines: 5))
        let silent = CommandResult(command: [], termination: .exited(1))
        let loud = CommandResult(command: [], termination: .exited(1), standardError: "Failed to open journal")
        #expect(JournalctlArguments.foundNoMatch(grep, silent))
        #expect(!JournalctlArguments.foundNoMatch(plain, silent))
        #expect(!JournalctlArguments.foundNoMatch(grep, loud))
        #expect(!JournalctlArguments.foundNoMatch(grep, CommandResult(command: [], termination: .exited(2))))
    }

    @Test("history without a cursor reads the newest entries in reverse")
    func newest() {
        let since = Date(timeIntervalSince1970: 1_795_933_184.7)
        #expect(JournalctlArguments.newest(unit: "a.service", query: LogQuery(lines: 10, since: since)) == [
            "--no-pager", "--output=json", "--all", "--output-fields=MESSAGE,PRIORITY,_PID,_SYSTEMD_UNIT,UNIT",
            "--unit=a.service", "--lines=10", "--reverse", "--since=@1795933184",
        ])
    }

    @Test("after a cursor: forward, no --since (journalctl refuses it); a follow shows every entry and greps itself")
    func afterCursor() {
        let query = LogQuery(lines: 10, maxPriority: 4, grep: "x", since: Date())
        #expect(JournalctlArguments.after(cursor: "s=1;i=2", unit: "a.service", query: query, follow: true) == [
            "--no-pager", "--output=json", "--all", "--output-fields=MESSAGE,PRIORITY,_PID,_SYSTEMD_UNIT,UNIT",
            "--unit=a.service", "--priority=0..4", "--cursor=s=1;i=2", "--follow", "--lines=all",
        ])
        #expect(JournalctlArguments.after(cursor: "s=1;i=2", unit: "a.service", query: query) == [
            "--no-pager", "--output=json", "--all", "--output-fields=MESSAGE,PRIORITY,_PID,_SYSTEMD_UNIT,UNIT",
            "--unit=a.service", "--priority=0..4", #"--grep=\Qx\E"#, "--case-sensitive=true", "--cursor=s=1;i=2",
        ])
        #expect(!JournalctlArguments.after(cursor: "c", unit: "a.service", query: LogQuery()).contains { $0.hasPrefix("--lines") })
    }

    @Test("since is applied exactly, below journalctl's one-second resolution")
    func sinceFilter() {
        let entry = LogEntry(realtimeUsec: 1_795_933_184_500_000, priority: 6, message: "m", pid: 1, cursor: "c", unit: "a.service")
        #expect(LogQuery(since: Date(timeIntervalSince1970: 1_795_933_184.4)).admits(entry))
        #expect(!LogQuery(since: Date(timeIntervalSince1970: 1_795_933_184.6)).admits(entry))
        #expect(!LogQuery(maxPriority: 3).admits(entry))
        #expect(!LogQuery(grep: "M").admits(entry))
    }
}
