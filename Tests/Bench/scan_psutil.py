#!/usr/bin/env python3
"""Times psutil doing the same full scan as siax-agent's ProcScanner, for scripts/bench.

For every process: its command line and executable, to recognise Node.js and
Python processes (the built-in runtimes' matchers: basename `node`/`nodejs` or
`^python[0-9.]*$`); for those only: ppid, user, cwd, start time, state, RSS,
CPU times (for CPU%) and the owning systemd unit from /proc/PID/cgroup.
Processes that vanish mid-read are skipped, as in the agent.

Usage: scan_psutil.py [--iterations N] [--mode filtered|all]
  filtered (default) does the agent's work; `all` fetches every attribute of
  every process with process_iter(attrs=...), as a naive psutil monitor would.
Prints one JSON object: processes, matched, min/median/max milliseconds.
Needs psutil (`pip install psutil` in a venv).
"""

import argparse
import json
import os
import re
import statistics
import time

import psutil

PYTHON = re.compile(r"^python[0-9.]*$")
ATTRS = ["pid", "ppid", "username", "exe", "cmdline", "cwd", "create_time", "status", "memory_info", "cpu_times"]


def recognised(exe, argv):
    names = [os.path.basename(exe)] if exe else []
    if argv:
        names.append(os.path.basename(argv[0]))
    return any(n in ("node", "nodejs") or PYTHON.match(n) for n in names)


def unit_of(pid):
    """The first non-slice unit in the name=systemd (else unified) cgroup path."""
    try:
        with open(f"/proc/{pid}/cgroup") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    path = next((l.split(":", 2)[2] for l in lines if l.split(":", 2)[1:2] == ["name=systemd"]), None)
    if path is None:
        path = next((l.split(":", 2)[2] for l in lines if l.startswith("0::")), None)
    for part in (path or "").split("/"):
        if part.endswith((".service", ".scope", ".socket", ".mount", ".swap")) and not part.endswith(".slice"):
            return part
    return None


def scan_filtered():
    total, found = 0, []
    for proc in psutil.process_iter():
        total += 1
        try:
            with proc.oneshot():
                argv = proc.cmdline()
                if not argv:
                    continue
                try:
                    exe = proc.exe()
                except psutil.AccessDenied:
                    exe = None
                if not recognised(exe, argv):
                    continue
                info = {
                    "pid": proc.pid, "ppid": proc.ppid(), "user": proc.username(), "exe": exe, "argv": argv,
                    "cwd": proc.cwd(), "started": proc.create_time(), "state": proc.status(),
                    "rss": proc.memory_info().rss, "cpu": proc.cpu_percent(None), "unit": unit_of(proc.pid),
                }
                found.append(info)
        except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
            continue
    return total, found


def scan_all():
    total, found = 0, []
    for proc in psutil.process_iter(attrs=ATTRS, ad_value=None):
        total += 1
        info = proc.info
        if info["cmdline"] and recognised(info["exe"], info["cmdline"]):
            info["unit"] = unit_of(proc.pid)
            found.append(info)
    return total, found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--mode", choices=["filtered", "all"], default="filtered")
    args = parser.parse_args()
    scan = scan_filtered if args.mode == "filtered" else scan_all
    scan()  # warm-up: imports, psutil's caches, CPU% baselines
    times, total, found = [], 0, []
    for _ in range(args.iterations):
        started = time.perf_counter()
        total, found = scan()
        times.append((time.perf_counter() - started) * 1000)
    print(json.dumps({
        "tool": f"psutil {psutil.__version__} ({args.mode})", "processes": total, "matched": len(found),
        "iterations": args.iterations, "min_ms": round(min(times), 3),
        "median_ms": round(statistics.median(times), 3), "max_ms": round(max(times), 3),
    }))


if __name__ == "__main__":
    main()
