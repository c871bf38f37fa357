#!/usr/bin/env python3
"""The soak of scripts/soak: against a running agent, for MINUTES minutes, keeps 50 apps busy
(start/stop/restart and now and then an update, through the REST API and signed webhooks),
reads statuses without pause, and follows every app's log on its own WebSocket. Each
SAMPLE_S seconds it prints the agent's RSS, open descriptors and threads, its private
memory (Pss_Anon) and proportional set (Pss) from smaps_rollup, and what systemd charges its
unit (MemoryCurrent). At the end: the growth from minute 2 to the end (target <= 5 %) and
every failed request; a 429 (the per-app operation rate limit, hit on purpose) is counted
apart and is not a failure.

The memory targets are the agent's own memory: private memory and MemoryCurrent (where
systemd accounts it: not in the sandbox once apps are registered, see proc_status). RSS is
shown for context only: it counts a shared page once per mapping, and each followed app's
journal reader maps the journal files (with the sandbox's volatile journal, tmpfs pages:
RssShmem; on a server, the journal's page cache), so RSS grows with the journal while the
agent's own memory does not.

Exit code 0 when the growth targets hold and nothing failed, 1 otherwise.

Usage: soak.py --url URL --token TOKEN --pid PID --unit UNIT --secret whsec_... [--minutes 10] [--apps 50] [--sample-s 60]
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import random
import socket
import struct
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from event_stream import handshake
from proc_status import memory_current_mib

from api_client import API

HERE = os.path.dirname(os.path.abspath(__file__))


class Counters:
    """Requests, deliberate 429s, failures (with the first few described) and WebSocket messages."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.limited = 0
        self.failures = []
        self.failure_count = 0
        self.ws_messages = 0
        self.ws_gaps = 0

    def ok(self):
        with self.lock:
            self.requests += 1

    def rate_limited(self):
        with self.lock:
            self.requests += 1
            self.limited += 1

    def failed(self, what):
        with self.lock:
            self.requests += 1
            self.failure_count += 1
            if len(self.failures) < 20:
                self.failures.append(what)


def request(counters, url, token, method, path, body=None, headers=None):
    """One HTTP call; 2xx is ok, 429 is a deliberate rate limit, anything else a failure."""
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    all_headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"} if token else {"Content-Type": "application/json"}
    all_headers.update(headers or {})
    req = urllib.request.Request(url + path, data=data, headers=all_headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            response.read()
            counters.ok()
    except urllib.error.HTTPError as error:
        if error.code == 429:
            counters.rate_limited()
        else:
            counters.failed(f"{method} {path}: {error.code} {error.read()[:200]!r}")
    except Exception as error:  # noqa: BLE001 — a refused connection or a timeout is a failure too
        counters.failed(f"{method} {path}: {error!r}")


def signed_headers(secret, body):
    key = base64.b64decode(secret.removeprefix("whsec_"))
    message_id = f"msg_{uuid.uuid4().hex}"
    timestamp = str(int(time.time()))
    digest = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return {"webhook-id": message_id, "webhook-timestamp": timestamp, "webhook-signature": "v1," + base64.b64encode(digest).decode()}


# MARK: - Load

def operations(stop, counters, url, token, names, spec):
    """Start, stop or restart a random app every 0.2 s; an update (PUT) every 25th."""
    rng = random.Random(1)
    count = 0
    while not stop.is_set():
        name = rng.choice(names)
        count += 1
        if count % 25 == 0:
            body = dict(spec(name), environment={"ROUND": str(count)})
            request(counters, url, token, "PUT", f"/api/apps/{name}", body)
        else:
            request(counters, url, token, "POST", f"/api/apps/{name}/{rng.choice(['start', 'stop', 'restart', 'start'])}")
        stop.wait(0.2)


def webhooks(stop, counters, url, secret, names):
    """A signed restart or status command every 0.5 s."""
    rng = random.Random(2)
    while not stop.is_set():
        body = json.dumps({"action": rng.choice(["restart", "status", "start"]), "app_name": rng.choice(names)}).encode()
        request(counters, url, None, "POST", "/webhook/command", body, signed_headers(secret, body))
        stop.wait(0.5)


def status_reads(stop, counters, url, token, names):
    """GET /api/apps and one app's status, without pause."""
    rng = random.Random(3)
    while not stop.is_set():
        request(counters, url, token, "GET", "/api/apps")
        request(counters, url, token, "GET", f"/api/apps/{rng.choice(names)}/status")


def follow(stop, counters, url, token, name):
    """A minimal WebSocket client on WS /logs/{name}: counts text messages, answers pings."""
    parsed = urllib.parse.urlparse(url)
    try:
        sock = socket.create_connection((parsed.hostname, parsed.port), timeout=60)
        buffer = handshake(sock, url, f"/logs/{name}?lines=0", token)
        counters.ok()
        sock.settimeout(1)
        while not stop.is_set():
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                raise ConnectionError("the agent closed the stream")
            buffer += chunk
            while len(buffer) >= 2:
                length, offset = buffer[1] & 0x7F, 2
                if length == 126:
                    if len(buffer) < 4:
                        break
                    length, offset = struct.unpack(">H", buffer[2:4])[0], 4
                elif length == 127:
                    if len(buffer) < 10:
                        break
                    length, offset = struct.unpack(">Q", buffer[2:10])[0], 10
                if len(buffer) < offset + length:
                    break
                opcode, payload, buffer = buffer[0] & 0x0F, buffer[offset:offset + length], buffer[offset + length:]
                if opcode == 0x1:
                    with counters.lock:
                        counters.ws_messages += 1
                        counters.ws_gaps += payload.startswith(b'{"type":"gap"')
                elif opcode == 0x9:
                    mask = os.urandom(4)
                    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
                    sock.sendall(bytes([0x8A, 0x80 | len(payload)]) + mask + masked)
                elif opcode == 0x8:
                    raise ConnectionError(f"close frame {payload[:2].hex()}")
        sock.close()
    except Exception as error:  # noqa: BLE001
        if not stop.is_set():
            counters.failed(f"WS /logs/{name}: {error!r}")


# MARK: - Measurement

def sample(pid, unit):
    """RSS (KiB), open descriptors, threads, private memory (Pss_Anon, KiB), Pss (KiB), the unit's
    MemoryCurrent (KiB; None where systemd does not account it, as in the sandbox once apps are registered)."""
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        smaps = dict(line.split(":", 1) for line in rollup if ":" in line and not line.startswith(" "))
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    charged = memory_current_mib(unit)
    return (int(fields["VmRSS"].split()[0]), fds, int(fields["Threads"].strip()),
            int(smaps["Pss_Anon"].split()[0]), int(smaps["Pss"].split()[0]), None if charged is None else int(charged * 1024))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--unit", required=True, help="the agent's unit (accounting on)")
    parser.add_argument("--secret", required=True)
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--apps", type=int, default=50)
    parser.add_argument("--sample-s", type=float, default=60)
    args = parser.parse_args()
    if args.minutes < 3:
        sys.exit("soak: at least 3 minutes (minute 2 is the baseline)")
    api = API(args.url, args.token)
    api.wait_healthy()

    apps = os.path.join(HERE, "apps")
    names = [f"soak-{i:02d}" for i in range(1, args.apps + 1)]

    def spec(name):
        return {"name": name, "runtime": "posix-sh", "script_path": os.path.join(apps, "ticker.sh"), "working_dir": apps,
                "user": "nobody", "restart": "on-failure"}

    for name in names:
        api.call("POST", "/api/apps", spec(name))
        api.call("POST", f"/api/apps/{name}/start")
    print(f"soak: {len(names)} apps registered and started; {args.minutes} min of load, a sample every {args.sample_s:.0f} s", flush=True)

    counters = Counters()
    stop = threading.Event()
    threads = [threading.Thread(target=follow, args=(stop, counters, args.url, args.token, name), daemon=True) for name in names]
    threads += [
        threading.Thread(target=operations, args=(stop, counters, args.url, args.token, names, spec), daemon=True),
        threading.Thread(target=webhooks, args=(stop, counters, args.url, args.secret, names), daemon=True),
        threading.Thread(target=status_reads, args=(stop, counters, args.url, args.token, names), daemon=True),
    ]
    for thread in threads:
        thread.start()

    samples = []
    started = time.monotonic()
    print(f"{'minute':>6} {'RSS MiB':>8} {'fds':>5} {'threads':>7} {'private MiB':>11} {'Pss MiB':>8} {'unit MiB':>8} {'requests':>9} {'429s':>6} "
          f"{'failed':>6} {'WS msgs':>8} {'gaps':>5}", flush=True)
    for minute in range(1, args.minutes + 1):
        time.sleep(max(0, started + minute * args.sample_s - time.monotonic()))
        rss, fds, thread_count, private, pss, charged = sample(args.pid, args.unit)
        samples.append((minute, rss, fds, thread_count, private, pss, charged))
        with counters.lock:
            shown_charge = "-" if charged is None else f"{charged / 1024:.1f}"
            print(f"{minute:>6} {rss / 1024:>8.1f} {fds:>5} {thread_count:>7} {private / 1024:>11.1f} {pss / 1024:>8.1f} {shown_charge:>8} "
                  f"{counters.requests:>9} {counters.limited:>6} {counters.failure_count:>6} {counters.ws_messages:>8} {counters.ws_gaps:>5}",
                  flush=True)
    stop.set()
    for thread in threads:
        thread.join(timeout=70)

    base, end = samples[1], samples[-1]
    ok = counters.failure_count == 0
    print(f"\nsoak: from minute 2 to minute {end[0]} (target: growth <= 5 %)")
    judged = ((2, "open descriptors", ""), (3, "threads", ""), (4, "private memory (Pss_Anon)", "MiB"),
              (6, "charged to the unit (MemoryCurrent)", "MiB"), (1, "RSS (context: counts mapped journal files)", "MiB"))
    for index, label, unit in judged:
        if base[index] is None or end[index] is None:
            print(f"  {label}: not accounted (the sandbox's cgroup v1 hierarchy)")
            continue
        scale = 1024 if unit == "MiB" else 1
        growth = (end[index] - base[index]) / base[index] * 100
        peak = max(s[index] for s in samples[1:] if s[index] is not None)
        verdict = "info" if index == 1 else "PASS" if end[index] <= base[index] * 1.05 else "MISS"
        ok = ok and verdict != "MISS"
        print(f"  {label}: {base[index] / scale:.1f} -> {end[index] / scale:.1f} {unit} ({growth:+.1f} %, peak after minute 2: "
              f"{peak / scale:.1f}) {verdict}")
    print(f"  requests {counters.requests}, deliberate 429s {counters.limited}, failed {counters.failure_count}; "
          f"WebSocket messages {counters.ws_messages}, gap markers {counters.ws_gaps}")
    for failure in counters.failures:
        print(f"  failed: {failure}")
    for name in names:
        try:
            api.call("DELETE", f"/api/apps/{name}")
        except Exception as error:  # noqa: BLE001
            print(f"  cleanup: DELETE {name}: {error!r}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
