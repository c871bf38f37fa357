import Foundation
import Kernel
#if canImport(Glibc)
import Glibc
#endif

/// Lists the host's Node.js, Python, … processes by reading `/proc` directly
/// (no `ps`, no subprocess), with their owning systemd unit from the cgroup.
///
/// Cost: between full checks (see `MatchCache`), one `exe` link (its `stat`
/// where that link is unreadable) in every `MatchCache.exeCheckScans`-th scan
/// for a process known to be no runtime's,
/// and its `stat` (CPU, memory; start time and command name tell a new process
/// or program) for a recognised one, whose other facts are kept from its last full read.
/// A full check reads `cmdline` and `exe` (the runtimes' matchers run only
/// for new or changed processes), then `stat`, `status`, `cwd` and `cgroup`
/// for recognised processes. One buffer is reused for every read. A process that exits
/// during the scan is skipped. CPU% is measured between scans (nil for a
/// process on its first scan), so one scanner should serve every caller.
public actor ProcScanner: ProcessScanner {
    /// What `memoryBytes` measures.
    public enum MemoryMeasure: Sendable {
        /// Resident set size: cheap; pages shared between processes count in each.
        case rss
        /// Proportional set size from `smaps_rollup` (shared pages divided among
        /// their users, so a sum over processes is exact); RSS where unreadable.
        /// Costs a page-table walk per process.
        case pss
    }

    /// The `/proc` mount read (injectable for tests).
    public nonisolated let procRoot: String
    private let memory: MemoryMeasure
    private let clock: HostClock
    private let reader = ProcReader()
    private var users = UserNames()
    private var cpu: CPUSampler
    private var matches = MatchCache()
    /// Each recognised process as last read in full, with its start time and command name (this scan's and the last).
    private var lastFull: [Int32: (process: ScannedProcess, startTicks: UInt64, commHash: Int)] = [:]
    private var nextFull: [Int32: (process: ScannedProcess, startTicks: UInt64, commHash: Int)] = [:]

    /// - Parameters:
    ///   - procRoot: where procfs is mounted; a fake tree in tests.
    ///   - memory: RSS (default) or PSS.
    public init(procRoot: String = "/proc", memory: MemoryMeasure = .rss) {
        self.procRoot = procRoot
        self.memory = memory
        clock = HostClock(procRoot: procRoot)
        cpu = CPUSampler(ticksPerSecond: clock.ticksPerSecond)
    }

    /// Every process that one of `runtimes` recognises, by PID.
    public func scan(runtimes: RuntimeCatalog) throws -> [ScannedProcess] {
        guard let directory = opendir(procRoot) else {
            throw SiaxError(.internal, "cannot list \(procRoot): \(String(cString: strerror(errno)))")
        }
        defer { closedir(directory) }
        let rootFD = dirfd(directory)
        let now = HostClock.monotonicSeconds()
        matches.begin(runtimeIDs: runtimes.ids)
        var found: [ScannedProcess] = []
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        while let entry = readdir(directory) {
            let name = UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self)
            guard let pid = ProcFields.pid(name),
                  let process = read(pid: pid, name: name, in: rootFD, runtimes: runtimes, now: now) else { continue }
            found.append(process)
        }
        cpu.finishScan()
        matches.finishScan()
        swap(&lastFull, &nextFull)
        nextFull.removeAll(keepingCapacity: true)
        return found.sorted { $0.pid < $1.pid }
    }

    /// Listening ports and a suggested name for each of `processes` (read now, from `procRoot`).
    public nonisolated func adoptionHints(for processes: [ScannedProcess]) async -> [Int32: AdoptionHint] {
        var hints: [Int32: AdoptionHint] = [:]
        for process in processes {
            hints[process.pid] = AdoptionHint(
                ports: ListeningPorts.of(pid: process.pid, procRoot: procRoot),
                suggestedName: SuggestedName.of(argv: process.argv, cwd: process.cwd))
        }
        return hints
    }

    /// `/proc/PID/environ` of `process`, read now.
    public nonisolated func environment(of process: ScannedProcess) async -> [String: String]? {
        ProcessEnvironment.of(pid: process.pid, procRoot: procRoot)
    }

    // MARK: - One process

    private func read(pid: Int32, name: UnsafePointer<CChar>, in rootFD: Int32, runtimes: RuntimeCatalog, now: Double) -> ScannedProcess? {
        // Cheapest part: a process checked recently, still running the same program. An
        // unrecognised one is looked at by its `exe` link (or, unreadable, its command name)
        // in every `exeCheckScans`-th scan only; a recognised one by its `stat` (read anyway),
        // whose command name `exec` sets anew.
        if let known = matches.recentVerdict(pid: pid) {
            if !known.matched {
                if matches.skipsExeCheck(pid: pid) || programSignature(ofProcess: name, in: rootFD) == known.program {
                    matches.keep(pid: pid)
                    return nil
                }
            } else if let process = refreshed(pid: pid, name: name, in: rootFD, now: now) {
                matches.keep(pid: pid)
                return process
            }
        }
        let fd = reader.openDirectory(name, relativeTo: rootFD)
        guard fd >= 0 else { return nil }
        defer { close(fd) }

        // Cheap part, for every process: enough for the runtimes' matchers,
        // which only run when the command line or executable changed.
        let candidate = reader.withLink("exe", in: fd) { exe in
            let program = MatchCache.signature(exe: exe, commandNameHash: commandNameHash(in: fd))
            return reader.withContents(of: "cmdline", in: fd) { cmdline in
                recognised(pid: pid, cmdline: cmdline, exe: exe, program: program, runtimes: runtimes)
            }
        }
        guard var process = candidate ?? nil else { return nil }

        // Full part, for recognised processes only.
        guard let stat = reader.withContents(of: "stat", in: fd, { ProcStat($0) }) ?? nil, !stat.isDead,
              let uid = reader.withContents(of: "status", in: fd, { ProcFields.firstNumber(afterKey: "Uid:", in: $0) }) ?? nil
        else { return nil }
        process.uid = UInt32(truncatingIfNeeded: uid)
        process.user = users.name(of: process.uid)
        process.cwd = reader.link("cwd", in: fd)
        process.unit = reader.withContents(of: "cgroup", in: fd, CgroupUnit.unit(fromCgroupFile:)) ?? nil
        process.startedAt = clock.startDate(ticks: stat.startTicks)
        return sampled(process, stat: stat, now: now) {
            reader.withContents(of: "smaps_rollup", in: fd) { ProcFields.firstNumber(afterKey: "Pss:", in: $0) } ?? nil
        }
    }

    /// A recognised process from its last full read and a fresh `stat` (CPU,
    /// memory, parent); nil when that read is missing or it is another process
    /// (another start time) or another program (another command name) now.
    private func refreshed(pid: Int32, name: UnsafePointer<CChar>, in rootFD: Int32, now: Double) -> ScannedProcess? {
        guard let last = lastFull[pid],
              let stat = reader.withContents(of: "stat", ofProcess: name, in: rootFD, { ProcStat($0) }) ?? nil,
              !stat.isDead, stat.startTicks == last.startTicks, stat.commHash == last.commHash
        else { return nil }
        return sampled(last.process, stat: stat, now: now) {
            reader.withContents(of: "smaps_rollup", ofProcess: name, in: rootFD) { ProcFields.firstNumber(afterKey: "Pss:", in: $0) } ?? nil
        }
    }

    /// `process` with what changes between scans (parent, CPU%, memory) from
    /// `stat`, remembered as this scan's read of it.
    private func sampled(_ process: ScannedProcess, stat: ProcStat, now: Double, readPSS: () -> UInt64?) -> ScannedProcess {
        var process = process
        process.ppid = stat.ppid
        process.cpuPercent = cpu.percent(pid: process.pid, startTicks: stat.startTicks, cpuTicks: stat.cpuTicks, at: now)
        process.memoryBytes = memoryBytes(stat: stat, readPSS: readPSS)
        nextFull[process.pid] = (process, stat.startTicks, stat.commHash)
        return process
    }

    /// The program signature of the process `name` (see `MatchCache`): one
    /// `readlink`, and a `stat` read where the link is unreadable.
    private func programSignature(ofProcess name: UnsafePointer<CChar>, in rootFD: Int32) -> Int {
        reader.withLink("exe", ofProcess: name, in: rootFD) { exe in
            MatchCache.signature(
                exe: exe,
                commandNameHash: reader.withContents(of: "stat", ofProcess: name, in: rootFD) { ProcStat($0)?.commHash } ?? nil)
        }
    }

    /// The hash of the command name in the `stat` of the process directory `fd`.
    private func commandNameHash(in fd: Int32) -> Int? {
        reader.withContents(of: "stat", in: fd) { ProcStat($0)?.commHash } ?? nil
    }

    /// The process as the matchers see it (pid, exe, argv) when a runtime recognises it.
    private func recognised(
        pid: Int32, cmdline: UnsafeRawBufferPointer, exe: UnsafeRawBufferPointer?, program: Int, runtimes: RuntimeCatalog
    ) -> ScannedProcess? {
        let signature = MatchCache.signature(cmdline: cmdline, exe: exe)
        guard !cmdline.isEmpty else {  // a kernel thread, or a process exiting
            matches.record(pid: pid, signature: signature, program: program, matched: false)
            return nil
        }
        let known = matches.verdict(pid: pid, signature: signature)
        if known == false { return nil }
        let process = ScannedProcess(pid: pid, ppid: 0, uid: 0, exe: exe.map { String(decoding: $0, as: UTF8.self) },
                                     argv: ProcFields.arguments(cmdline))
        if known == true { return process }
        let matched = runtimes.all.contains { $0.matches(process) }
        matches.record(pid: pid, signature: signature, program: program, matched: matched)
        return matched ? process : nil
    }

    /// RSS from `stat`, or PSS from `smaps_rollup` (read by `readPSS`, in kB) when asked and readable.
    private func memoryBytes(stat: ProcStat, readPSS: () -> UInt64?) -> UInt64 {
        guard memory == .pss, let kilobytes = readPSS() else { return stat.residentPages * clock.pageSize }
        return kilobytes * 1024
    }
}
