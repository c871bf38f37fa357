/// Remembers, per PID, whether the runtimes recognised a process, keyed by a
/// hash of its command line and executable. A scan then skips the matchers
/// (and building the argv strings) for every process that did not change
/// since the previous scan, which is nearly all of them.
///
/// Between full checks (every `recheckScans` scans) a process is not matched
/// again (no `cmdline` read, which costs the most): an unrecognised one is
/// checked by its program signature (its executable, one `readlink`; or its
/// command name where that link is unreadable) in every `exeCheckScans`-th scan
/// (spread by PID; most processes are unrecognised and the `readlink` was then
/// most of a scan's cost), a recognised one by the command name in its `stat`
/// in every scan (`ProcScanner`). So a process that `exec`s another binary is
/// matched again within `exeCheckScans` scans; one that rewrites its command
/// line or `exec`s a binary of the same name, within `recheckScans` scans. A
/// different set of runtimes clears the cache.
struct MatchCache {
    /// Scans between two full checks of a process no runtime recognised.
    static let recheckScans = 30
    /// Scans between two `exe` checks of a process no runtime recognised.
    static let exeCheckScans = 4

    private struct Entry {
        var signature: Int
        var program: Int
        var matched: Bool
        /// The scan that last compared the command line.
        var checkedIn: Int
    }

    private var verdicts: [Int32: Entry] = [:]
    private var next: [Int32: Entry] = [:]
    private var runtimeIDs: [String] = []
    private var scan = 0

    /// Starts a scan with the given runtimes' ids.
    mutating func begin(runtimeIDs ids: [String]) {
        scan += 1
        if ids != runtimeIDs {
            runtimeIDs = ids
            verdicts.removeAll()
        }
    }

    /// The program signature and verdict of `pid`, while its command line
    /// was compared recently enough; nil otherwise.
    func recentVerdict(pid: Int32) -> (program: Int, matched: Bool)? {
        guard let known = verdicts[pid], scan - known.checkedIn < Self.recheckScans else { return nil }
        return (known.program, known.matched)
    }

    /// Whether an unrecognised `pid` skips its `exe` check in this scan.
    func skipsExeCheck(pid: Int32) -> Bool {
        (scan + Int(pid)) % Self.exeCheckScans != 0
    }

    /// Keeps the verdict of `pid` for the next scan (its program is unchanged).
    mutating func keep(pid: Int32) {
        next[pid] = verdicts[pid]
    }

    /// The remembered verdict for this PID and signature, if any.
    mutating func verdict(pid: Int32, signature: Int) -> Bool? {
        guard var known = verdicts[pid], known.signature == signature else { return nil }
        known.checkedIn = scan
        next[pid] = known
        return known.matched
    }

    /// Records a fresh verdict.
    mutating func record(pid: Int32, signature: Int, program: Int, matched: Bool) {
        next[pid] = Entry(signature: signature, program: program, matched: matched, checkedIn: scan)
    }

    /// Ends a scan: PIDs not seen in it are forgotten.
    mutating func finishScan() {
        swap(&verdicts, &next)
        next.removeAll(keepingCapacity: true)
    }

    /// A signature of a command line and an executable path.
    static func signature(cmdline: UnsafeRawBufferPointer, exe: UnsafeRawBufferPointer?) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: cmdline)
        hasher.combine(exe?.count ?? -1)
        if let exe { hasher.combine(bytes: exe) }
        return hasher.finalize()
    }

    /// A signature of the program a process runs: its executable's path, or,
    /// where that link is unreadable (another user's process, for an agent that
    /// is not root), the hash of its command name, which `exec` sets anew
    /// (nil too: e.g. a kernel thread, or a process that exited).
    static func signature(exe: UnsafeRawBufferPointer?, commandNameHash: @autoclosure () -> Int?) -> Int {
        var hasher = Hasher()
        if let exe {
            hasher.combine(exe.count)
            hasher.combine(bytes: exe)
        } else {
            hasher.combine(-1)
            hasher.combine(commandNameHash())
        }
        return hasher.finalize()
    }
}
