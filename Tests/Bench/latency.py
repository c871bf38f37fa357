#!/usr/bin/env python3
"""Issue 10: how fast a state change reaches a client of `WS /api/events/stream`.

- kill → event: `kill -9` of an app's main process (sent from this process, which also
  reads the socket, so both times come from one monotonic clock) → the first `state`
  event of that app whose `previous` is `running`; median and p99 over KILLS kills. Each
  kill waits a random 0–PHASE s (seeded) after the app is seen running, so that kills do
  not fall at the same point of a periodic monitor pass.
- start → event: `POST /api/apps/{name}/start` → the app's `state: running` event, taken
  relative to the arrival of the 200 response (negative: the event came first).

Run it inside the sandbox (scripts/sandbox exec), where the PIDs the agent reports are
this process's PIDs. It registers COUNT apps PREFIX-01… of the posix-sh runtime (one
`sleep`, Tests/Bench/apps/sleeper.sh) unless they exist, stops them, starts each once
through the API, then kills their main processes in turn (each app at most once every
COUNT kills, well inside systemd's start limit). Records rows in RESULTS (figures.py).

Usage: latency.py --url URL --token TOKEN --results FILE --backend LABEL
                  [--count 20] [--kills 20] [--prefix lat]
"""

import argparse
import os
import random
import signal
import statistics
import subprocess
import time
import urllib.error

import figures
from api_client import API
from event_stream import EventStream, state_event

HERE = os.path.dirname(os.path.abspath(__file__))
EVENT_TIMEOUT_S = 10


def percentile(values, p):
    """The p-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def operate(api, name, operation):
    """POST an operation, waiting out the agent's per-app rate limit (429); returns when the 200 arrived."""
    while True:
        try:
            api.call("POST", f"/api/apps/{name}/{operation}")
            return time.monotonic()
        except urllib.error.HTTPError as error:
            if error.code != 429:
                raise
            time.sleep(float(error.headers.get("Retry-After") or 1))


def wait_until(condition, what, timeout=60, step=0.05):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not within {timeout} s: {what}")
        time.sleep(step)


def main_pid(name):
    """systemd's MainPID of the app's unit (0 when none)."""
    out = subprocess.run(["systemctl", "show", "-p", "MainPID", "--value", f"{name}.service"],
                         check=True, capture_output=True, text=True).stdout
    return int(out.strip() or 0)


def ensure_apps(api, names):
    registered = {app["name"] for app in api.call("GET", "/api/apps")["apps"]}
    apps = os.path.join(HERE, "apps")
    for name in names:
        if name not in registered:
            api.call("POST", "/api/apps", {
                "name": name, "runtime": "posix-sh", "script_path": os.path.join(apps, "sleeper.sh"),
                "working_dir": apps, "user": "nobody", "restart": "on-failure",
            })


def state_of(api, name):
    return api.call("GET", f"/api/apps/{name}/status")


def start_trials(api, stream, names):
    """Starts each (stopped) app once; returns the event's delay after the 200 of each, in ms (None: no event)."""
    for name in names:
        if state_of(api, name)["state"] != "stopped":
            operate(api, name, "stop")
    for name in names:
        wait_until(lambda: state_of(api, name)["state"] == "stopped", f"{name} stopped")
    marks = {}
    for name in names:
        mark = stream.mark()
        marks[name] = (mark, operate(api, name, "start"))
    delays = {}
    deadline = time.monotonic() + EVENT_TIMEOUT_S
    for name, (mark, answered) in marks.items():
        found = stream.wait_for(state_event(name, state="running"), since=mark,
                                timeout=max(0, deadline - time.monotonic()))
        delays[name] = None if found is None else (found[0] - answered) * 1000
    return delays


def kill_trials(api, stream, names, kills, phase):
    """Kills main processes in turn; returns [(app, ms or None, the event's new state)]."""
    samples, delays = [], random.Random(10)
    for i in range(kills):
        name = names[i % len(names)]
        pid = 0

        def ready():
            nonlocal pid
            pid = main_pid(name)
            status = state_of(api, name)
            return pid > 0 and status["state"] == "running" and status.get("pid") == pid

        try:
            wait_until(ready, f"{name} running with the agent reporting systemd's MainPID", timeout=60)
        except TimeoutError as error:
            raise TimeoutError(f"{error}; MainPID {pid}, the agent says {state_of(api, name)}") from None
        time.sleep(delays.uniform(0, phase))
        if main_pid(name) != pid:
            raise RuntimeError(f"{name}: its main process changed while waiting to kill it")
        mark = stream.mark()
        killed = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        found = stream.wait_for(state_event(name, previous="running"), since=mark, timeout=EVENT_TIMEOUT_S)
        if found is None:
            samples.append((name, None, None))
            print(f"  kill {i + 1:2d}: {name} PID {pid}: no state event within {EVENT_TIMEOUT_S} s", flush=True)
        else:
            samples.append((name, (found[0] - killed) * 1000, found[1].get("state")))
            print(f"  kill {i + 1:2d}: {name} PID {pid}: {samples[-1][1]:8.2f} ms → {samples[-1][2]}", flush=True)
    return samples


def summary(values):
    return (f"median {statistics.median(values):.1f} ms, p99 {percentile(values, 99):.1f} ms, "
            f"min {min(values):.1f}, max {max(values):.1f}")


def report_starts(args, starts):
    backend, seen = args.backend, [ms for ms in starts.values() if ms is not None]
    without = [name for name, ms in starts.items() if ms is None]
    if without:
        print(f"{backend}: no state:running event for {', '.join(without)}", flush=True)
    if seen:
        print(f"{backend}: start → state:running event, after the 200: {summary(seen)} "
              f"({len(seen)} of {len(starts)} starts had the event)", flush=True)
        value = f"median {statistics.median(seen):.1f} ms, p99 {percentile(seen, 99):.1f} ms"
    else:
        print(f"{backend}: start → state:running event: none of {len(starts)} starts had one within {EVENT_TIMEOUT_S} s",
              flush=True)
        value = f"no event in {EVENT_TIMEOUT_S} s"
    complete = len(seen) == len(starts)
    missing = "" if complete else f" ({len(starts) - len(seen)} of {len(starts)} without an event)"
    within = complete and percentile(seen, 99) <= 50
    figures.record(args.results, f"API start → `state: running` event ({backend}), time after the 200 response",
                   value + missing, "the 200 response", "–", "p99 ≤ 50 ms" if backend == "D-Bus" else "–",
                   within if backend == "D-Bus" else None)


def report_kills(args, kills):
    backend = args.backend
    times = [ms for _, ms, _ in kills if ms is not None]
    states = sorted({state for _, ms, state in kills if ms is not None})
    lost = len(kills) - len(times)
    if times:
        print(f"{backend}: kill -9 → state event (previous running → {', '.join(states)}): {summary(times)} "
              f"over {len(times)} kills" + (f"; {lost} without an event" if lost else ""), flush=True)
        value = f"median {statistics.median(times):.1f} ms, p99 {percentile(times, 99):.1f} ms"
    else:
        value = f"no event in {EVENT_TIMEOUT_S} s"
    passed = bool(times) and not lost and percentile(times, 99) <= 100 and statistics.median(times) <= 30
    figures.record(args.results, f"kill -9 → `state` event on WS /api/events/stream ({backend}, {len(kills)} kills)",
                   value + (f" ({lost} lost)" if lost else ""), "the kill (same process, same clock)", "–",
                   "p99 ≤ 100 ms, median ≤ 30 ms" if backend == "D-Bus" else "–",
                   passed if backend == "D-Bus" else None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("--url", "--token", "--results", "--backend"):
        parser.add_argument(name, required=True)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--prefix", default="lat")
    parser.add_argument("--phase", type=float, default=2, help="seconds of random wait before a kill (the monitor interval)")
    args = parser.parse_args()
    api = API(args.url, args.token)
    api.wait_healthy()
    names = [f"{args.prefix}-{i:02d}" for i in range(1, args.count + 1)]
    ensure_apps(api, names)
    stream = EventStream(args.url, args.token)
    try:
        report_starts(args, start_trials(api, stream, names))
        report_kills(args, kill_trials(api, stream, names, args.kills, args.phase))
    finally:
        stream.close()


if __name__ == "__main__":
    main()
