#!/usr/bin/env python3
"""Issue 4: `wrk --latency` against GET /api/apps (with a token) and, as the baseline in
the same run, GET /api/health (same server, no auth, tiny body); then the agent's VmRSS.
Records rows in RESULTS (figures.py) and prints wrk's own output.

Usage: wrk_bench.py --url URL --token TOKEN --pid AGENT_PID --results FILE
                    [--threads 2] [--connections 4] [--seconds 10] [--extra-connections 64]
"""

import argparse
import re
import subprocess

import figures
from proc_status import rss_mib

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def duration_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url, threads, connections, seconds, token=None):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(command + [url], check=True, capture_output=True, text=True).stdout
    print(f"$ wrk -t{threads} -c{connections} -d{seconds}s --latency {url}\n{out}", flush=True)
    percentiles = {p: duration_ms(v) for p, v in re.findall(r"^\s+(\d+)%\s+(\S+)$", out, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": percentiles["50"], "p99": percentiles["99"],
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "bad": (int(non2xx.group(1)) if non2xx else 0), "socket_errors": errors.group(1) if errors else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("--url", "--token", "--pid", "--results"):
        parser.add_argument(name, required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--extra-connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    base, t, c, d = args.url.rstrip("/"), args.threads, args.connections, args.seconds
    rss_before = rss_mib(args.pid)

    wrk(base + "/api/apps", t, c, 2, args.token)  # warm-up, not recorded
    health = wrk(base + "/api/health", t, c, d)
    apps = wrk(base + "/api/apps", t, c, d, args.token)
    wide = wrk(base + "/api/apps", t, args.extra_connections, d, args.token) if args.extra_connections else None
    rss_after = rss_mib(args.pid)
    for label, run in (("/api/health", health), ("/api/apps", apps), ("/api/apps wide", wide)):
        if run and (run["bad"] or run["socket_errors"]):
            print(f"WARNING: {label}: {run['bad']} non-2xx responses, socket errors: {run['socket_errors']}", flush=True)

    how = f"wrk -t{t} -c{c} -d{d}s"
    note = "" if not apps["bad"] else f" ({apps['bad']} non-2xx!)"
    figures.record(args.results, f"GET /api/apps, 50 apps, {how}: req/s", f"{apps['rps']:,.0f}{note}",
                   f"GET /api/health: {health['rps']:,.0f}", figures.times(apps["rps"] / health["rps"], 2),
                   "≥ 10,000", apps["rps"] >= 10_000 and not apps["bad"])
    figures.record(args.results, f"GET /api/apps, 50 apps, {how}: p50", f"{apps['p50']:.3f} ms",
                   f"GET /api/health: {health['p50']:.3f} ms", figures.times(apps["p50"] / health["p50"], 2),
                   "< 0.5 ms", apps["p50"] < 0.5)
    figures.record(args.results, f"GET /api/apps, 50 apps, {how}: p99", f"{apps['p99']:.3f} ms",
                   f"GET /api/health: {health['p99']:.3f} ms", figures.times(apps["p99"] / health["p99"], 2), "–", None)
    if wide:
        figures.record(args.results, f"GET /api/apps, 50 apps, wrk -t{t} -c{args.extra_connections} -d{d}s: req/s, p50/p99",
                       f"{wide['rps']:,.0f}; {wide['p50']:.2f}/{wide['p99']:.2f} ms", "–", "–", "–", None)
    figures.record(args.results, "agent RSS after the wrk runs", f"{rss_after:.1f} MiB", f"before: {rss_before:.1f} MiB",
                   "–", "–", None)


if __name__ == "__main__":
    main()
