/// Remembers, per PID, whether the runtimes recognised a process, keyed by a
/// hash of its command line and executable. A scan then skips the matchers
/// (and building the argv strings) for every process that did not change
/// since the previous scan, which is nearly all of them.
///
/// A process that `exec`s or rewrites its command line gets a new signature
/// and is matched again; a different set of runtimes clears the cache.
struct MatchCache {
    private var verdicts: [Int32: (signature: Int, matched: Bool)] = [:]
    private var next: [Int32: (signature: Int, matched: Bool)] = [:]
    private var runtimeIDs: [String] = []

    /// Starts a scan with the given runtimes' ids.
    mutating func begin(runtimeIDs ids: [String]) {
        if ids != runtimeIDs {
            runtimeIDs = ids
            verdicts.removeAll()
        }
    }

    /// The remembered verdict for this PID and signature, if any.
    mutating func verdict(pid: Int32, signature: Int) -> Bool? {
        guard let known = verdicts[pid], known.signature == signature else { return nil }
        next[pid] = known
        return known.matched
    }

    /// Records a fresh verdict.
    mutating func record(pid: Int32, signature: Int, matched: Bool) {
        next[pid] = (signature, matched)
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
}
