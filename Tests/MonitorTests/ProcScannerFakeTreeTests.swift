import Foundation
import Kernel
@testable import Monitor
import Synchronization
import Testing

@Suite("ProcScanner on a fake /proc tree")
struct ProcScannerFakeTreeTests {
    let runtimes = RuntimeCatalog([NamedRuntime("node", names: ["node"]), NamedRuntime("python", names: ["python3"])])

    @Test("returns only processes a runtime recognises, with every field read from the tree")
    func fields() async throws {
        let proc = try FakeProcTree(); defer { proc.cleanUp() }
        try proc.add(pid: 100, ppid: 7, argv: ["node", "/srv/shop/server.js", "--port", "80"], exe: "/usr/bin/node", cwd: "/srv/shop",
                     uid: 0, startTicks: 5000, residentPages: 25, cgroup: "0::/system.slice/shop.service\n")
        try proc.add(pid: 101, argv: ["/usr/sbin/sshd", "-D"], exe: "/usr/sbin/sshd")
        try proc.add(pid: 102, argv: ["python3", "-m", "uvicorn", "main:app"], exe: "/usr/bin/python3.11", cwd: "/srv/api")
        let scanner = ProcScanner(procRoot: proc.root)

        let found = try await scanner.scan(runtimes: runtimes)
        #expect(found.map(\.pid) == [100, 102])
        let node = found[0]
        #expect(node.ppid == 7)
        #expect(node.uid == 0)
        #expect(node.user == "root")
        #expect(node.exe == "/usr/bin/node")
        #expect(node.argv == ["node", "/srv/shop/server.js", "--port", "80"])
        #expect(node.cwd == "/srv/shop")
        #expect(node.unit == "shop.service")
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        #expect(node.startedAt == Date(timeIntervalSince1970: Double(FakeProcTree.bootTime) + 5000 / ticks))
        #expect(node.memoryBytes == 25 * UInt64(sysconf(Int32(_SC_PAGESIZE))))
        #expect(node.cpuPercent == nil)
        #expect(found[1].unit == nil)
    }

    @Test("a runtime may match on argv[0] alone (exe unreadable, e.g. another user's process without root)")
    func argvOnly() async throws {
        let proc = try FakeProcTree(); defer { proc.cleanUp() }
        try proc.add(pid: 200, argv: ["/opt/node/bin/node", "app.js"], exe: nil, cwd: nil, uid: 65534)
        let found = try await ProcScanner(procRoot: proc.root).scan(runtimes: runtimes)
        #expect(found.map(\.pid) == [200])
        #expect(found[0].exe == nil)
        #expect(found[0].cwd == nil)
        #expect(found[0].uid == 65534)
    }

    @Test("kernel threads, zombies and processes that vanished mid-read are skipped silently")
    func skipped() async throws {
        let proc = try FakeProcTree(); defer { proc.cleanUp() }
        try proc.add(pid: 2, argv: [], comm: "kthreadd")
        try proc.add(pid: 300, argv: ["node", "z.js"], exe: "/usr/bin/node", state: "Z")
        try proc.add(pid: 301, argv: ["node", "gone.js"], exe: "/usr/bin/node", withStat: false)
        try proc.add(pid: 302, argv: ["node", "ok.js"], exe: "/usr/bin/node")
        try FileManager.default.createDirectory(atPath: "\(proc.root)/303", withIntermediateDirectories: true)  // empty dir
        let found = try await ProcScanner(procRoot: proc.root).scan(runtimes: runtimes)
        #expect(found.map(\.pid) == [302])
    }

    @Test("the owning unit in the v1, v2 and hybrid cgroup layouts")
    func layouts() async throws {
        let proc = try FakeProcTree(); defer { proc.cleanUp() }
        try proc.add(pid: 10, argv: ["node", "a.js"], exe: "/usr/bin/node", cgroup: "0::/system.slice/v2.service\n")
        try proc.add(pid: 11, argv: ["node", "b.js"], exe: "/usr/bin/node",
                     cgroup: "5:memory:/system.slice/v1.service\n1:name=systemd:/system.slice/v1.service\n")
        try proc.add(pid: 12, argv: ["node", "c.js"], exe: "/usr/bin/node",
                     cgroup: "9:name=systemd:/system.slice/hybrid.service\n4:memory:/\n0::/system.slice/hybrid.service\n")
        try proc.add(pid: 13, argv: ["node", "d.js"], exe: "/usr/bin/node", cgroup: "9:name=systemd:/\n0::/\n")
        try proc.add(pid: 14, argv: ["node", "e.js"], exe: "/usr/bin/node", cgroup: nil)
        let found = try await ProcScanner(procRoot: proc.root).scan(runtimes: runtimes)
        #expect(found.map(\.unit) == ["v2.service", "v1.service", "hybrid.service", nil, nil])
    }

    @Test("CPU% from utime+stime growth between two scans")
    func cpu() async throws {
        let proc = try FakeProcTree(); defer { proc.cleanUp() }
        try proc.add(pid: 50, argv: ["node", "busy.js"], exe: "/usr/bin/node", cpuTicks: (100, 20))
        let scanner = ProcScanner(procRoot: proc.root)
        let started = ContinuousClock.now
        #expect(try await scanner.scan(runtimes: runtimes).first?.cpuPercent == nil)
        try await Task.sleep(for: .milliseconds(600))
        let ticks = Int(sysconf(Int32(_SC_CLK_TCK)))
        try proc.add(pid: 50, argv: ["node", "busy.js"], exe: "/usr/bin/node", cpuTicks: (100 + ticks / 4, 20))  // +0.25 s of CPU
        let percent = try #require(try await scanner.scan(runtimes: runtimes).first?.cpuPercent)
        let elapsed = (ContinuousClock.now - started) / .seconds(1)
        #expect(percent <= 25 / 0.6 + 0.01)
        #expect(percent >= 25 / elapsed - 0.01)
    }

    @Test("PSS from smaps_rollup when asked, RSS where it is unreadable")
    func pss() async throws {
        let proc = try FakeProcTree(); defer { proc.cleanUp() }
        try proc.add(pid: 60, argv: ["node", "a.js"], exe: "/usr/bin/node", residentPages: 10, smapsPss: 12)
        try proc.add(pid: 61, argv: ["node", "b.js"], exe: "/usr/bin/node", residentPages: 10)
        let page = UInt64(sysconf(Int32(_SC_PAGESIZE)))
        let pss = try await ProcScanner(procRoot: proc.root, memory: .pss).scan(runtimes: runtimes)
        #expect(pss.map(\.memoryBytes) == [12 * 1024, 10 * page])
        let rss = try await ProcScanner(procRoot: proc.root).scan(runtimes: runtimes)
        #expect(rss.map(\.memoryBytes) == [10 * page, 10 * page])
    }

    @Test("matchers run once per process; again when it execs a new command line")
    func matchCache() async throws {
        let proc = try FakeProcTree(); defer { proc.cleanUp() }
        try proc.add(pid: 90, argv: ["/bin/sh", "wrapper.sh"], exe: "/bin/sh")
        try proc.add(pid: 91, argv: ["node", "a.js"], exe: "/usr/bin/node")
        let counting = CountingRuntime(names: ["node"])
        let catalog = RuntimeCatalog([counting])
        let scanner = ProcScanner(procRoot: proc.root)
        #expect(try await scanner.scan(runtimes: catalog).map(\.pid) == [91])
        #expect(try await scanner.scan(runtimes: catalog).map(\.pid) == [91])
        #expect(counting.calls == 2)
        try proc.add(pid: 90, argv: ["node", "server.js"], exe: "/usr/bin/node")  // the wrapper exec'd node
        var scans = 1
        while try await scanner.scan(runtimes: catalog).map(\.pid) != [90, 91], scans <= MatchCache.exeCheckScans { scans += 1 }
        #expect(scans <= MatchCache.exeCheckScans, "found after \(scans) scans")
        #expect(counting.calls == 3)
        #expect(try await scanner.scan(runtimes: RuntimeCatalog([NamedRuntime("sh", names: ["sh"])])).isEmpty)
    }

    @Test("an unrecognised process is re-checked by its executable within exeCheckScans, by its command line within recheckScans")
    func unrecognisedRecheck() async throws {
        let proc = try FakeProcTree(); defer { proc.cleanUp() }
        try proc.add(pid: 90, argv: ["/bin/sh", "wrapper.sh"], exe: "/bin/sh")
        let catalog = RuntimeCatalog([NamedRuntime("node", names: ["node"])])
        let scanner = ProcScanner(procRoot: proc.root)
        #expect(try await scanner.scan(runtimes: catalog).isEmpty)
        // The same executable with a rewritten command line: found by the periodic full check.
        try proc.add(pid: 90, argv: ["node", "server.js"], exe: "/bin/sh")
        var scans = 1
        while try await scanner.scan(runtimes: catalog).isEmpty, scans <= MatchCache.recheckScans { scans += 1 }
        #expect(scans > 1 && scans <= MatchCache.recheckScans, "found after \(scans) scans")
        // Another executable: found within exeCheckScans scans.
        try proc.add(pid: 91, argv: ["/bin/sh", "other.sh"], exe: "/bin/sh")
        #expect(try await scanner.scan(runtimes: catalog).map(\.pid) == [90])
        try proc.add(pid: 91, argv: ["/bin/sh", "other.sh"], exe: "/usr/bin/node")
        scans = 1
        while try await scanner.scan(runtimes: catalog).map(\.pid) == [90], scans <= MatchCache.exeCheckScans { scans += 1 }
        #expect(scans <= MatchCache.exeCheckScans, "found after \(scans) scans")
        #expect(try await scanner.scan(runtimes: catalog).map(\.pid) == [90, 91])
    }

    @Test("with its exe link unreadable (an agent that is not root), a process that execs a runtime is found by its command name within exeCheckScans")
    func execWithoutExeLink() async throws {
        let proc = try FakeProcTree(); defer { proc.cleanUp() }
        // systemd's child between fork and exec: its own command line, systemd's binary.
        try proc.add(pid: 90, argv: ["(python3)"], exe: nil, comm: "(python3)")
        let catalog = RuntimeCatalog([NamedRuntime("python3", names: ["python3"])])
        let scanner = ProcScanner(procRoot: proc.root)
        #expect(try await scanner.scan(runtimes: catalog).isEmpty)
        try proc.add(pid: 90, argv: ["python3", "-m", "uvicorn"], exe: nil, comm: "python3")
        var scans = 1
        while try await scanner.scan(runtimes: catalog).isEmpty, scans <= MatchCache.exeCheckScans { scans += 1 }
        #expect(scans <= MatchCache.exeCheckScans, "found after \(scans) scans")
    }

    @Test("between full checks a recognised process costs its stat: memory is fresh, cwd from the last full read; a new start time or command name means a full read")
    func recognisedRefresh() async throws {
        let proc = try FakeProcTree(); defer { proc.cleanUp() }
        let page = UInt64(sysconf(Int32(_SC_PAGESIZE)))
        try proc.add(pid: 91, argv: ["node", "a.js"], exe: "/usr/bin/node", cwd: "/srv/a", residentPages: 10)
        let catalog = RuntimeCatalog([NamedRuntime("node", names: ["node"])])
        let scanner = ProcScanner(procRoot: proc.root)
        #expect(try await scanner.scan(runtimes: catalog).first?.cwd == "/srv/a")
        try proc.add(pid: 91, argv: ["node", "a.js"], exe: "/usr/bin/node", cwd: "/srv/b", residentPages: 20)
        let refreshed = try #require(try await scanner.scan(runtimes: catalog).first)
        #expect(refreshed.memoryBytes == 20 * page)
        #expect(refreshed.cwd == "/srv/a")
        // The PID now belongs to another process (another start time): read in full.
        try proc.add(pid: 91, argv: ["node", "a.js"], exe: "/usr/bin/node", cwd: "/srv/b", startTicks: 2000, residentPages: 30)
        let other = try #require(try await scanner.scan(runtimes: catalog).first)
        #expect(other.cwd == "/srv/b")
        #expect(other.memoryBytes == 30 * page)
        // It exec'd another program (another command name in its stat): matched again at once.
        try proc.add(pid: 91, argv: ["/bin/sh", "x.sh"], exe: "/bin/sh", cwd: "/srv/b", startTicks: 2000)
        #expect(try await scanner.scan(runtimes: catalog).isEmpty)
    }

    @Test("an unreadable /proc is an error; no runtime means no process")
    func errors() async throws {
        await #expect(throws: SiaxError.self) {
            try await ProcScanner(procRoot: "/nonexistent-proc").scan(runtimes: runtimes)
        }
        let proc = try FakeProcTree(); defer { proc.cleanUp() }
        try proc.add(pid: 70, argv: ["node", "a.js"], exe: "/usr/bin/node")
        #expect(try await ProcScanner(procRoot: proc.root).scan(runtimes: RuntimeCatalog([])).isEmpty)
    }
}

/// Counts how often its matcher runs.
private final class CountingRuntime: Runtime {
    let names: Set<String>
    private let count = Mutex(0)
    var id: String { "counting" }
    var displayName: String { "counting" }
    var calls: Int { count.withLock { $0 } }

    init(names: Set<String>) { self.names = names }

    func execStart(for spec: AppSpec) throws -> [String] { [spec.scriptPath] }
    func interpreterInfo() async -> InterpreterInfo { InterpreterInfo(path: nil, version: nil) }
    func matches(_ process: ScannedProcess) -> Bool {
        count.withLock { $0 += 1 }
        return NamedRuntime("n", names: names).matches(process)
    }
}
