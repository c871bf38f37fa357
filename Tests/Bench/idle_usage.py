#!/usr/bin/env python3
"""Issue 5: the agent's own CPU% and RSS while it only monitors (no requests).

Reads utime+stime (fields 14, 15 of /proc/PID/stat, every thread's, dead ones included)
at the start and the end of SECONDS and VmRSS every 5 s; CPU% is of one core. Run it in
the agent's PID namespace (scripts/sandbox exec). Records rows in RESULTS (figures.py).

Usage: idle_usage.py --pid PID --results FILE [--seconds 60] [--interval 2]
"""

import argparse
import os
import time

import figures
from proc_status import rss_mib

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime: fields 14 and 15


def processes():
    return sum(1 for name in os.listdir("/proc") if name.isdigit())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pid", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--interval", type=float, default=2, help="the agent's monitor interval (for the label)")
    args = parser.parse_args()
    count = processes()
    start_wall, start_cpu = time.monotonic(), cpu_seconds(args.pid)
    rss = [rss_mib(args.pid)]
    while time.monotonic() - start_wall < args.seconds:
        time.sleep(min(5, args.seconds - (time.monotonic() - start_wall)))
        rss.append(rss_mib(args.pid))
    cpu = cpu_seconds(args.pid) - start_cpu
    wall = time.monotonic() - start_wall
    percent = 100 * cpu / wall
    print(f"agent {args.pid}: {cpu:.2f} s CPU in {wall:.1f} s = {percent:.3f} % of one core; "
          f"VmRSS {rss[0]:.1f} → {rss[-1]:.1f} MiB (max {max(rss):.1f}); {count} processes in this PID namespace",
          flush=True)
    label = f"{count} processes, monitor every {args.interval:g} s, {wall:.0f} s"
    figures.record(args.results, f"agent CPU, idle monitoring ({label})", f"{percent:.3f} %",
                   f"{cpu:.2f} s CPU in {wall:.0f} s", "–", "≤ 0.3 %", percent <= 0.3)
    figures.record(args.results, "agent RSS, idle monitoring (VmRSS at the end; max)", f"{rss[-1]:.1f} MiB; max {max(rss):.1f}",
                   f"at the start: {rss[0]:.1f} MiB", "–", "≤ 15 MB", max(rss) * 1.048576 <= 15)


if __name__ == "__main__":
    main()
