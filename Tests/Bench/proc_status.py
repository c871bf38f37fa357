"""What the bench helpers read of a process in /proc and of its unit (run in its PID namespace)."""

import subprocess


def rss_mib(pid):
    """The process's VmRSS in MiB: every resident page it maps, shared file pages included."""
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


def pss_anon_mib(pid):
    """The process's private memory in MiB: Pss_Anon of /proc/PID/smaps_rollup (its anonymous
    pages, a page shared with another process counted in part)."""
    with open(f"/proc/{pid}/smaps_rollup") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("Pss_Anon:")) / 1024


def memory_current_mib(unit):
    """What systemd charges to UNIT (MemoryCurrent, its cgroup's memory: anonymous pages, the
    page cache it brought in, kernel memory), in MiB; None where systemd does not account it
    (on the sandbox's cgroup v1 hierarchy systemd 252 loses a transient unit's memory cgroup at
    the next daemon-reload: its processes go back to the root)."""
    out = subprocess.run(["systemctl", "show", "--property", "MemoryCurrent", "--value", unit],
                         capture_output=True, text=True, check=True).stdout.strip()
    return int(out) / 2**20 if out.isdigit() and int(out) < 2**63 else None
