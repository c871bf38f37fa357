"""A process's own cost as the bench reports it for any manager (run in its PID namespace):
CPU seconds, private anonymous memory (`Pss_Anon` of /proc/PID/smaps_rollup) and VmRSS."""

import os

from idle_usage import cpu_seconds
from proc_status import rss_mib

__all__ = ["cpu_seconds", "pss_anon_mib", "rss_mib", "Usage"]


def pss_anon_mib(pid):
    """The process's proportional share of anonymous memory (heap, stacks, private copies), in MiB."""
    with open(f"/proc/{pid}/smaps_rollup") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("Pss_Anon:")) / 1024


class Usage:
    """CPU between `__init__` and `stop()`, and memory at `stop()`, of one process."""

    def __init__(self, pid):
        self.pid = pid
        self.started = os.times().elapsed
        self.cpu_start = cpu_seconds(pid)

    def stop(self):
        wall = os.times().elapsed - self.started
        cpu = cpu_seconds(self.pid) - self.cpu_start
        return {"wall_s": wall, "cpu_s": cpu, "cpu_percent": 100 * cpu / wall,
                "pss_anon_mib": pss_anon_mib(self.pid), "rss_mib": rss_mib(self.pid)}
