#!/usr/bin/env python3
"""Issue 5: the agent's own CPU% and memory while it only monitors (no requests).

Reads utime+stime (fields 14, 15 of /proc/PID/stat, every thread's, dead ones included)
at the start and the end of SECONDS, and every 5 s its private memory (Pss_Anon), VmRSS
and, with --unit, what systemd charges to its unit (MemoryCurrent); CPU% is of one core.
Run it in the agent's PID namespace (scripts/sandbox exec). Records rows in RESULTS
(figures.py).

Usage: idle_usage.py --pid PID --results FILE [--unit UNIT] [--seconds 60] [--interval 2]
"""

import argparse
import os
import time

import figures
from proc_status import memory_current_mib, pss_anon_mib, rss_mib

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
    parser.add_argument("--unit", help="the agent's unit, for MemoryCurrent")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--interval", type=float, default=2, help="the agent's monitor interval (for the label)")
    args = parser.parse_args()
    count = processes()
    start_wall, start_cpu = time.monotonic(), cpu_seconds(args.pid)
    samples = [sample(args.pid, args.unit)]
    while time.monotonic() - start_wall < args.seconds:
        time.sleep(min(5, args.seconds - (time.monotonic() - start_wall)))
        samples.append(sample(args.pid, args.unit))
    rss, private, charged = ([s[i] for s in samples] for i in range(3))
    cpu = cpu_seconds(args.pid) - start_cpu
    wall = time.monotonic() - start_wall
    percent = 100 * cpu / wall
    print(f"agent {args.pid}: {cpu:.2f} s CPU in {wall:.1f} s = {percent:.3f} % of one core; "
          f"Pss_Anon {private[0]:.1f} → {private[-1]:.1f} MiB (max {max(private):.1f}); "
          f"VmRSS {rss[0]:.1f} → {rss[-1]:.1f} MiB (max {max(rss):.1f}); "
          f"MemoryCurrent {describe(charged)}; {count} processes in this PID namespace", flush=True)
    label = f"{count} processes, monitor every {args.interval:g} s, {wall:.0f} s"
    figures.record(args.results, f"agent CPU, idle monitoring ({label})", f"{percent:.3f} %",
                   f"{cpu:.2f} s CPU in {wall:.0f} s", "–", "≤ 0.3 %", percent <= 0.3)
    figures.record(args.results, "agent private memory, idle monitoring (Pss_Anon at the end; max)",
                   f"{private[-1]:.1f} MiB; max {max(private):.1f}", f"at the start: {private[0]:.1f} MiB", "–",
                   "≤ 15 MB", max(private) * 1.048576 <= 15)
    figures.record(args.results, "agent RSS, idle monitoring (VmRSS at the end; max)", f"{rss[-1]:.1f} MiB; max {max(rss):.1f}",
                   f"at the start: {rss[0]:.1f} MiB", "–", "–", None)
    if args.unit and charged[-1] is not None:
        figures.record(args.results, "agent unit's MemoryCurrent, idle monitoring (at the end; max)",
                       f"{charged[-1]:.1f} MiB; max {max(c for c in charged if c is not None):.1f}",
                       f"at the start: {describe(charged[:1])}", "–", "–", None)


def sample(pid, unit):
    """VmRSS, Pss_Anon and the unit's MemoryCurrent (None without a unit), in MiB."""
    return rss_mib(pid), pss_anon_mib(pid), memory_current_mib(unit) if unit else None


def describe(values):
    """MemoryCurrent samples as "A → B MiB (max C)", or "not accounted"."""
    known = [v for v in values if v is not None]
    if not known:
        return "not accounted"
    return f"{known[0]:.1f} → {known[-1]:.1f} MiB (max {max(known):.1f})" if len(known) > 1 else f"{known[0]:.1f} MiB"


if __name__ == "__main__":
    main()
