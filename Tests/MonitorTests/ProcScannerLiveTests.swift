import Foundation
import Kernel
import KernelTestSupport
import Monitor
import Testing

@Suite("ProcScanner on the real /proc")
struct ProcScannerLiveTests {
    let me = getpid()

    @Test("this test process, as the scanner sees it, agrees with /proc and the OS")
    func thisProcess() async throws {
        let scanner = ProcScanner()
        let rssBefore = try Self.residentBytes()
        let found = try await scanner.scan(runtimes: RuntimeCatalog([PIDRuntime(pids: [me])]))
        let rssAfter = try Self.residentBytes()
        let process = try #require(found.first)
        #expect(found.count == 1)
        #expect(process.pid == me)
        #expect(process.ppid == getppid())
        #expect(process.uid == getuid())
        #expect(process.user == String(cString: getpwuid(getuid())!.pointee.pw_name))
        #expect(process.exe == (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")))
        #expect(process.argv == CommandLine.arguments)
        #expect(process.cwd == FileManager.default.currentDirectoryPath)

        // Unit: the same as parsing our own cgroup file by hand.
        let cgroup = try String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8)
        let systemdPath = cgroup.split(separator: "\n").first { $0.contains(":name=systemd:") }
            ?? cgroup.split(separator: "\n").first { $0.hasPrefix("0::") }
        let expectedUnit = systemdPath.flatMap { line in
            line.split(separator: ":", maxSplits: 2).last?.split(separator: "/")
                .first { !$0.hasSuffix(".slice") && ($0.hasSuffix(".service") || $0.hasSuffix(".scope")) }.map(String.init)
        }
        #expect(process.unit == expectedUnit)

        // Start time: boot time (whole seconds, rounded down) plus ticks, so never in the future.
        let startedAt = try #require(process.startedAt)
        #expect(startedAt <= Date().addingTimeInterval(1))
        #expect(startedAt > Date().addingTimeInterval(-3600))

        // RSS: statm's resident pages, read just before and after the scan; tests running in
        // parallel in this process allocate meanwhile, so allow for that drift.
        let memory = Double(try #require(process.memoryBytes))
        let (low, high) = (Double(min(rssBefore, rssAfter)), Double(max(rssBefore, rssAfter)))
        #expect(memory >= low * 0.75 && memory <= high * 1.25, "scanner \(memory) B, statm \(low)–\(high) B")
    }

    @Test("CPU% of a busy process is measured between two scans, as the process's own CPU clock says")
    func cpu() async throws {
        let scanner = ProcScanner()
        let runtimes = RuntimeCatalog([PIDRuntime(pids: [me])])
        let (wall0, cpu0) = (Self.clock(CLOCK_MONOTONIC), Self.clock(CLOCK_PROCESS_CPUTIME_ID))
        #expect(try await scanner.scan(runtimes: runtimes).first?.cpuPercent == nil)
        let deadline = ContinuousClock.now + .milliseconds(700)
        var spin = 0.0
        while ContinuousClock.now < deadline { spin += sin(spin) + 1 }
        #expect(spin > 0)
        let percent = try #require(try await scanner.scan(runtimes: runtimes).first?.cpuPercent)
        let expected = (Self.clock(CLOCK_PROCESS_CPUTIME_ID) - cpu0) / (Self.clock(CLOCK_MONOTONIC) - wall0) * 100
        #expect(abs(percent - expected) < max(5, expected * 0.25), "scanner \(percent) %, CPU clock \(expected) %")
    }

    /// This process's resident set size from `/proc/self/statm`.
    static func residentBytes() throws -> UInt64 {
        let statm = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8).split(separator: " ")
        return UInt64(statm[1])! * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func clock(_ id: clockid_t) -> Double {
        var now = timespec()
        clock_gettime(id, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    @Test("a child started and killed around scans: seen with its parent while alive, gone after")
    func child() async throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["30"]
        try child.run()
        // SIGKILL: a child may inherit a signal mask that blocks SIGTERM from the test runner's thread.
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }
        // Between fork and exec the child still shows the test runner's command line.
        let cmdline = "/proc/\(child.processIdentifier)/cmdline"
        #expect(await eventually { (try? String(contentsOfFile: cmdline, encoding: .utf8))?.hasPrefix("/bin/sleep") == true })
        let scanner = ProcScanner()
        let runtimes = RuntimeCatalog([NamedRuntime("sleep", names: ["sleep"])])
        let seen = try await scanner.scan(runtimes: runtimes).first { $0.pid == child.processIdentifier }
        #expect(seen?.ppid == me)
        #expect(seen?.argv == ["/bin/sleep", "30"])
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(try await scanner.scan(runtimes: runtimes).contains { $0.pid == child.processIdentifier } == false)
    }

    @Test("a full scan of the host finishes quickly and sees every PID directory once")
    func wholeHost() async throws {
        let everything = AnyRuntime()
        let found = try await ProcScanner().scan(runtimes: RuntimeCatalog([everything]))
        #expect(found.contains { $0.pid == me })
        #expect(Set(found.map(\.pid)).count == found.count)
    }
}

/// Recognises every process that has a command line.
private struct AnyRuntime: Runtime {
    var id: String { "any" }
    var displayName: String { "any" }
    func execStart(for spec: AppSpec) throws -> [String] { [spec.scriptPath] }
    func matches(_ process: ScannedProcess) -> Bool { true }
    func interpreterInfo() async -> InterpreterInfo { InterpreterInfo(path: nil, version: nil) }
}
