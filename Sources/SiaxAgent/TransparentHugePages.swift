import CProcessControl
import Glibc

/// For `serve`: no transparent huge pages in the agent's memory (`PR_SET_THP_DISABLE`).
///
/// Debian's kernel backs anonymous memory with 2 MB pages wherever a touched, 2 MB-aligned
/// range lies inside one mapping (`transparent_hugepage=always`): a thread's 8 MB stack or a
/// malloc arena then holds a whole 2 MB page for the few kilobytes it uses, and cgroup v2
/// charges all of it to the agent's unit. The agent keeps no working set that huge pages
/// would speed up (docs/benchmarks.md). The subprocesses it runs (systemctl, sudo) inherit
/// the setting; the apps, which systemd starts, do not.
enum TransparentHugePages {
    /// Turns them off on first use; nil when done, else why not (the agent runs either way).
    static let failure: String? =
        siax_disable_transparent_huge_pages() == 0 ? nil : "prctl(PR_SET_THP_DISABLE): \(String(cString: strerror(errno)))"
}
