#!/usr/bin/env python3
"""Issue 10: how the agent's cost grows with the number of apps it manages.

At each point (default 50, 100, 200, 500 apps) the agent manages that many posix-sh apps
scale-001… (one `sleep` each, Tests/Bench/apps/sleeper.sh), registered and started
through its API. After the monitor has seen them all running it measures, in order:

- idle: SECONDS without requests: the agent's CPU (utime+stime of /proc/PID/stat, % of
  one core and ms per monitor pass) and, at the end, its private memory (`Pss_Anon` of
  /proc/PID/smaps_rollup) and VmRSS;
- the status of all its units (`siax-bench managed`: DBusBackend.status(of:) of the N
  units, vs one `systemctl show` of them);
- `GET /api/apps` under `wrk -t2 -c4` (vs `GET /api/health`, same run).

A point that fails (an API error, apps that do not all run) is recorded as a MISS
and ends the curve. Then it prints the curve and, for each figure, the cost of one more app between
consecutive points (the marginal cost): the curve is called linear while that cost does
not grow by more than half from one segment to the next. Run it inside the sandbox; the
agent must have Tests/Bench/runtimes/posix-sh.json in a runtime directory. Records rows
in RESULTS (figures.py).

Usage: scaling.py --url URL --token TOKEN --pid AGENT_PID --bench SIAX_BENCH --results FILE
                  [--points 50,100,200,500] [--seconds 30] [--interval 2] [--wrk-seconds 5]
"""

import argparse
import os
import re
import subprocess
import time
import urllib.error

import figures
from api_client import API
from proc_usage import Usage
from wrk_bench import wrk

HERE = os.path.dirname(os.path.abspath(__file__))
PREFIX = "scale-"


def register_and_start(api, have, want):
    """Registers and starts apps number have+1 … want; returns seconds for registering and starting."""
    apps = os.path.join(HERE, "apps")
    names = [f"{PREFIX}{i:03d}" for i in range(have + 1, want + 1)]
    began = time.monotonic()
    for name in names:
        api.call("POST", "/api/apps", {
            "name": name, "runtime": "posix-sh", "script_path": os.path.join(apps, "sleeper.sh"),
            "working_dir": apps, "user": "nobody", "restart": "on-failure",
        })
    registered = time.monotonic()
    for name in names:
        while True:
            try:
                api.call("POST", f"/api/apps/{name}/start")
                break
            except urllib.error.HTTPError as error:
                if error.code != 429:
                    raise
                time.sleep(float(error.headers.get("Retry-After") or 1))
    return registered - began, time.monotonic() - registered


def wait_all_running(api, count, timeout=180):
    deadline = time.monotonic() + timeout
    while True:
        apps = [a for a in api.call("GET", "/api/apps")["apps"] if a["name"].startswith(PREFIX)]
        running = sum(1 for a in apps if (a.get("status") or {}).get("state") == "running")
        if len(apps) == count and running == count:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{running} of {count} apps running after {timeout} s")
        time.sleep(0.5)


def status_median_ms(bench, results):
    out = subprocess.run([bench, "--results", results, "--unit-prefix", PREFIX, "managed"],
                         check=True, capture_output=True, text=True).stdout
    print(out, end="", flush=True)
    dbus = re.search(r"DBusBackend\.status\(of:\): median ([\d.]+) ms", out).group(1)
    show = re.search(r"one `systemctl show` subprocess: median ([\d.]+) ms", out).group(1)
    return float(dbus), float(show)


def processes():
    return sum(1 for name in os.listdir("/proc") if name.isdigit())


def measure_point(args, api, n):
    time.sleep(2 * args.interval + 1)  # a couple of passes see the new apps before the idle window
    usage = Usage(args.pid)
    time.sleep(args.seconds)
    idle = usage.stop()
    passes = idle["wall_s"] / args.interval
    status_ms, show_ms = status_median_ms(args.bench, args.results)
    base = args.url.rstrip("/")
    wrk(base + "/api/apps", 2, 4, 2, args.token)  # warm-up
    health = wrk(base + "/api/health", 2, 4, args.wrk_seconds)
    listing = wrk(base + "/api/apps", 2, 4, args.wrk_seconds, args.token)
    return {
        "apps": n, "processes": processes(), "status_ms": status_ms, "show_ms": show_ms,
        "rps": listing["rps"], "health_rps": health["rps"], "list_p50_ms": listing["p50"],
        "cpu_percent": idle["cpu_percent"], "cpu_ms_per_pass": 1000 * idle["cpu_s"] / passes,
        "pss_anon_mib": idle["pss_anon_mib"], "rss_mib": idle["rss_mib"], "idle_s": idle["wall_s"],
    }


def record(args, p):
    n, last = p["apps"], p["apps"] == max(args.points)
    at = f"{n} apps ({p['processes']} processes)"
    figures.record(args.results, f"scaling: GET /api/apps, {at}, wrk -t2 -c4: req/s", f"{p['rps']:,.0f}",
                   f"GET /api/health: {p['health_rps']:,.0f}", figures.times(p["rps"] / p["health_rps"], 2),
                   "≥ 5,000 at 500" if last else "–", p["rps"] >= 5000 if last else None)
    figures.record(args.results, f"scaling: agent CPU, idle, {at}, monitor every {args.interval:g} s",
                   f"{p['cpu_percent']:.3f} % ({p['cpu_ms_per_pass']:.2f} ms per pass)", f"over {p['idle_s']:.0f} s", "–",
                   "≤ 1 % at 500" if last else "–", p["cpu_percent"] <= 1 if last else None)
    figures.record(args.results, f"scaling: agent private memory (Pss_Anon), idle, {at}",
                   f"{p['pss_anon_mib']:.1f} MiB", f"VmRSS {p['rss_mib']:.1f} MiB", "–", "–", None)


def marginal(points, key, invert=False):
    """Per-app cost between consecutive points (for req/s: µs per request per app)."""
    def cost(p):
        return 1e6 / p[key] if invert else p[key]
    return [(cost(b) - cost(a)) / (b["apps"] - a["apps"]) for a, b in zip(points, points[1:])]


def linearity(points, key, invert=False, floor=0.0):
    """Where the marginal cost first grows by more than half (costs below floor count as noise)."""
    steps = marginal(points, key, invert)
    for i in range(1, len(steps)):
        if steps[i] > max(1.5 * steps[i - 1], floor):
            return f"not linear from {points[i]['apps']} apps (per app {steps[i - 1]:.4g} → {steps[i]:.4g})"
    return f"linear up to {points[-1]['apps']} apps (per app: {', '.join(f'{s:.4g}' for s in steps)})"


def print_curve(points):
    print("\nSCALING CURVE (the agent, posix-sh apps sleeping)")
    header = ["apps", "processes", "status, D-Bus (ms)", "systemctl show (ms)", "GET /api/apps (req/s)",
              "/api/health (req/s)", "idle CPU (%)", "ms per pass", "Pss_Anon (MiB)", "VmRSS (MiB)"]
    rows = [[str(p["apps"]), str(p["processes"]), f"{p['status_ms']:.2f}", f"{p['show_ms']:.1f}", f"{p['rps']:,.0f}",
             f"{p['health_rps']:,.0f}", f"{p['cpu_percent']:.3f}", f"{p['cpu_ms_per_pass']:.2f}",
             f"{p['pss_anon_mib']:.1f}", f"{p['rss_mib']:.1f}"] for p in points]
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if len(points) > 1:
        print("\nper extra app between points (marginal cost):")
        print(f"- status of all units, ms: {linearity(points, 'status_ms', floor=0.002)}")
        print(f"- GET /api/apps, µs per request: {linearity(points, 'rps', invert=True, floor=0.05)}")
        print(f"- idle CPU, ms per pass: {linearity(points, 'cpu_ms_per_pass', floor=0.01)}")
        print(f"- Pss_Anon, MiB: {linearity(points, 'pss_anon_mib', floor=0.002)}")
    print(flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("--url", "--token", "--pid", "--bench", "--results"):
        parser.add_argument(name, required=True)
    parser.add_argument("--points", default="50,100,200,500")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--interval", type=float, default=2)
    parser.add_argument("--wrk-seconds", type=int, default=5)
    args = parser.parse_args()
    args.points = sorted(int(p) for p in args.points.split(","))
    api = API(args.url, args.token)
    api.wait_healthy()
    have, points = 0, []
    for n in args.points:
        try:
            register_s, start_s = register_and_start(api, have, n)
            print(f"scaling: registered {n - have} apps in {register_s:.1f} s, started them in {start_s:.1f} s", flush=True)
            have = n
            wait_all_running(api, n)
            point = measure_point(args, api, n)
        except (urllib.error.HTTPError, TimeoutError, subprocess.CalledProcessError) as error:
            reason = error.read().decode(errors="replace") if isinstance(error, urllib.error.HTTPError) else str(error)
            print(f"scaling: FAILED on the way from {have} to {n} apps: {error}: {reason}", flush=True)
            figures.record(args.results, f"scaling: the agent managing {n} apps", f"failed after {have} apps",
                           reason[:200], "–", "works at 500", False)
            break
        points.append(point)
        record(args, point)
        print(f"scaling: {n} apps: status {point['status_ms']:.2f} ms, GET /api/apps {point['rps']:,.0f} req/s, "
              f"idle CPU {point['cpu_percent']:.3f} % ({point['cpu_ms_per_pass']:.2f} ms per pass), "
              f"Pss_Anon {point['pss_anon_mib']:.1f} MiB", flush=True)
    print_curve(points)


if __name__ == "__main__":
    main()
