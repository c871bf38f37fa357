"""A process's own cost as the bench reports it for any manager (run in its PID namespace):
CPU time, private anonymous memory (`Pss_Anon` of /proc/PID/smaps_rollup) and VmRSS."""

import os
import time

from proc_status import pss_anon_mib, rss_mib


def cpu_seconds(pid):
    """Time the process's threads have run on a CPU, in seconds, to the nanosecond: the sum of
    /proc/PID/task/*/schedstat (utime+stime of /proc/PID/stat counts in 10 ms ticks, too coarse
    for a few milliseconds per monitor pass). A thread that ends in between is not counted."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            continue  # the thread ended
    return total / 1e9


class Usage:
    """CPU between `__init__` and `stop()`, and memory at `stop()`, of one process."""

    def __init__(self, pid):
        self.pid = pid
        self.started = time.monotonic()
        self.cpu_start = cpu_seconds(pid)

    def stop(self):
        wall = time.monotonic() - self.started
        cpu = cpu_seconds(self.pid) - self.cpu_start
        return {"wall_s": wall, "cpu_s": cpu, "cpu_percent": 100 * cpu / wall,
                "pss_anon_mib": pss_anon_mib(self.pid), "rss_mib": rss_mib(self.pid)}
