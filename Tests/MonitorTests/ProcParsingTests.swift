import Testing
@testable import Monitor

/// Runs `body` on the UTF-8 bytes of `text`, as the scanner's reads pass them.
private func bytes<T>(_ text: String, _ body: (UnsafeRawBufferPointer) -> T) -> T {
    Array(text.utf8).withUnsafeBytes(body)
}

@Suite("/proc parsing: stat, cgroup layouts, key-value files, argv")
struct ProcParsingTests {
    @Test("stat: state, ppid, CPU ticks, start time and RSS, with spaces and parentheses in the name")
    func stat() throws {
        let line = "4242 (my (weird) name) S 17 4242 4242 0 -1 4194560 500 0 0 0 120 30 0 0 20 0 11 0 98765 1234567 2048 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n"
        let parsed = try #require(bytes(line) { ProcStat($0) })
        #expect(parsed.state == UInt8(ascii: "S"))
        #expect(parsed.ppid == 17)
        #expect(parsed.cpuTicks == 150)
        #expect(parsed.startTicks == 98765)
        #expect(parsed.residentPages == 2048)
        #expect(!parsed.isDead)
        // The command name is compared by hash: the whole name between the first "(" and the last ")".
        let renamed = try #require(bytes(line.replacingOccurrences(of: "(weird)", with: "(other)")) { ProcStat($0) })
        #expect(renamed.commHash != parsed.commHash)
        #expect(bytes(line) { ProcStat($0) }?.commHash == parsed.commHash)
        #expect(bytes("1 (init) Z 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5 0 0\n") { ProcStat($0) }?.isDead == true)
    }

    @Test("stat: truncated or garbled text is rejected, not misread")
    func badStat() {
        #expect(bytes("") { ProcStat($0) } == nil)
        #expect(bytes("12 (x) S 1 2 3") { ProcStat($0) } == nil)
        #expect(bytes("12 (x) S 1 2 3 x 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22") { ProcStat($0) } == nil)
    }

    @Test("cgroup v2 (unified): the unit from the 0:: line", arguments: [
        ("0::/system.slice/shop.service\n", "shop.service"),
        ("0::/system.slice/shop.service/payload\n", "shop.service"),
        ("0::/user.slice/user-0.slice/session-3.scope\n", "session-3.scope"),
        ("0::/system.slice/system-getty.slice/getty@tty1.service\n", "getty@tty1.service"),
        ("0::/system.slice/_x.service\n", "x.service"),
    ])
    func unified(file: String, unit: String) {
        #expect(bytes(file, CgroupUnit.unit(fromCgroupFile:)) == unit)
    }

    @Test("cgroup v1 (legacy): the unit from systemd's name=systemd hierarchy, not the controllers'")
    func legacy() {
        let file = "12:memory:/system.slice/other.service\n3:cpu,cpuacct:/\n1:name=systemd:/system.slice/shop.service\n"
        #expect(bytes(file, CgroupUnit.unit(fromCgroupFile:)) == "shop.service")
    }

    @Test("cgroup hybrid: name=systemd wins over the unified line")
    func hybrid() {
        let file = "9:name=systemd:/system.slice/shop.service\n4:memory:/\n0::/system.slice/other.service\n"
        #expect(bytes(file, CgroupUnit.unit(fromCgroupFile:)) == "shop.service")
        let unifiedAfter = "0::/system.slice/late.service\n1:name=systemd:/system.slice/shop.service\n"
        #expect(bytes(unifiedAfter, CgroupUnit.unit(fromCgroupFile:)) == "shop.service")
    }

    @Test("cgroup: no unit for the root, a slice, a namespace's outside, or garbage", arguments: [
        "0::/\n", "0::/system.slice\n", "9:name=systemd:/\n0::/\n", "0::/../..\n", "", "garbage\n", "4:memory:/x.service\n",
    ])
    func noUnit(file: String) {
        #expect(bytes(file, CgroupUnit.unit(fromCgroupFile:)) == nil)
    }

    @Test("key-value files: real uid from status, Pss from smaps_rollup")
    func keyValue() {
        let status = "Name:\tnode\nUmask:\t0022\nUid:\t1000\t0\t0\t0\nGid:\t1\t1\t1\t1\n"
        #expect(bytes(status) { ProcFields.firstNumber(afterKey: "Uid:", in: $0) } == 1000)
        #expect(bytes("Rss:   100 kB\nPss:   42 kB\n") { ProcFields.firstNumber(afterKey: "Pss:", in: $0) } == 42)
        #expect(bytes("Pss_Anon: 7 kB\n") { ProcFields.firstNumber(afterKey: "Pss:", in: $0) } == nil)
        #expect(bytes("Name:\tx\n") { ProcFields.firstNumber(afterKey: "Uid:", in: $0) } == nil)
    }

    @Test("cmdline: split on NUL; an unterminated last argument and empty arguments are kept")
    func arguments() {
        #expect(bytes("node\0/srv/a b/server.js\0\0--flag\0", ProcFields.arguments) == ["node", "/srv/a b/server.js", "", "--flag"])
        #expect(bytes("python3\0-m\0uvicorn", ProcFields.arguments) == ["python3", "-m", "uvicorn"])
        #expect(bytes("", ProcFields.arguments) == [])
    }

    @Test("/proc entry names: numbers are PIDs, anything else is not")
    func pids() {
        #expect(ProcFields.pid("4242") == 4242)
        for name in ["self", "", "12a", "99999999999"] { #expect(ProcFields.pid(name) == nil) }
    }

    @Test("CPU%: nil on first sight, then ticks over wall time; a reused PID starts afresh; a quick rescan keeps the baseline")
    func cpu() {
        var sampler = CPUSampler(ticksPerSecond: 100, minimumWindow: 0.5)
        #expect(sampler.percent(pid: 7, startTicks: 1, cpuTicks: 100, at: 10) == nil)
        sampler.finishScan()
        #expect(sampler.percent(pid: 7, startTicks: 1, cpuTicks: 150, at: 12) == 25)  // 0.5 s of CPU in 2 s
        sampler.finishScan()
        let quick = sampler.percent(pid: 7, startTicks: 1, cpuTicks: 152, at: 12.1)  // 0.02 s in 0.1 s
        #expect(abs((quick ?? 0) - 20) < 1e-9)
        sampler.finishScan()
        // The baseline stayed at t=12 (0.1 s is under the minimum window).
        #expect(sampler.percent(pid: 7, startTicks: 1, cpuTicks: 250, at: 14) == 50)
        sampler.finishScan()
        #expect(sampler.percent(pid: 7, startTicks: 999, cpuTicks: 5, at: 16) == nil)  // same PID, new process
        sampler.finishScan()
        sampler.finishScan()  // pid 7 not seen: forgotten
        #expect(sampler.percent(pid: 7, startTicks: 999, cpuTicks: 9, at: 20) == nil)
    }
}
