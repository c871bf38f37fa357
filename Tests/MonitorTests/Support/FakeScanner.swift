import Kernel
import Synchronization

/// A scanner returning whatever the test sets (optionally a different answer
/// for the next scans), or failing on demand.
final class FakeScanner: ProcessScanner {
    private struct State {
        var processes: [ScannedProcess] = []
        var queued: [[ScannedProcess]] = []
        var fails = false
        var scans = 0
        var unrecognised: Set<Int32> = []
    }
    private let state = Mutex(State())

    init(_ processes: [ScannedProcess] = []) {
        set(processes)
    }

    /// What every scan returns from now on.
    func set(_ processes: [ScannedProcess]) { state.withLock { $0.processes = processes } }
    /// What the next scans return, one each, before falling back to `set`'s.
    func queue(_ answers: [ScannedProcess]...) { state.withLock { $0.queued = answers } }
    func failing(_ fails: Bool) { state.withLock { $0.fails = fails } }
    /// Processes that exist but no runtime recognises (never in a scan).
    func setUnrecognised(_ pids: Set<Int32>) { state.withLock { $0.unrecognised = pids } }
    var scans: Int { state.withLock { $0.scans } }

    /// Only the processes the test set exist, recognised or not.
    func exists(_ pid: Int32) -> Bool {
        state.withLock { $0.processes.contains { $0.pid == pid } || $0.unrecognised.contains(pid) }
    }

    func scan(runtimes: RuntimeCatalog) async throws -> [ScannedProcess] {
        try state.withLock {
            $0.scans += 1
            if $0.fails { throw SiaxError(.internal, "simulated: /proc unreadable") }
            return $0.queued.isEmpty ? $0.processes : $0.queued.removeFirst()
        }
    }

    func adoptionHints(for processes: [ScannedProcess]) async -> [Int32: AdoptionHint] { [:] }
    func environment(of process: ScannedProcess) async -> [String: String]? { nil }
}
