#!/usr/bin/env python3
"""WebSocket fan-out for scripts/bench: one app logging at a steady RATE lines a second, read
by a lone follower of WS /logs/{name} for SECONDS, then by FOLLOWERS at once for as long.
Figure: a follower's throughput among FOLLOWERS (the slowest one's) against the lone
follower's (the baseline, same run); target: the lone one at most 1.2x faster. Gap markers
(entries the agent dropped for a follower that fell behind) are counted and shown.

Usage: ws_fanout.py --url URL --token TOKEN --results FILE [--followers 50] [--seconds 20] [--rate 500]
"""

import argparse
import base64
import os
import socket
import struct
import threading
import time
import urllib.parse

import figures
from api_client import API

HERE = os.path.dirname(os.path.abspath(__file__))
APP = "bench-fanout"


def follower(url, token, ready, start, stop, result):
    """Connects, waits for `start`, then counts entries and gap markers until `stop`."""
    parts = urllib.parse.urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET /logs/{APP}?lines=0 HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer {token}\r\n\r\n").encode())
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        buffer += sock.recv(4096)
    head, buffer = buffer.split(b"\r\n\r\n", 1)
    if b" 101 " not in head.split(b"\r\n")[0] + b" ":
        raise ConnectionError(head.split(b"\r\n")[0].decode())
    ready.release()
    sock.settimeout(0.5)
    entries = gaps = 0
    counting = False
    while not stop.is_set():
        counting = counting or start.is_set()
        try:
            chunk = sock.recv(1 << 20)
        except socket.timeout:
            continue
        if not chunk:
            break
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
            opcode = buffer[0] & 0x0F
            if opcode == 0x1 and counting:
                if buffer[offset:offset + 14] == b'{"type":"gap"':
                    gaps += 1
                else:
                    entries += 1
            elif opcode == 0x9:
                payload, mask = buffer[offset:offset + length], os.urandom(4)
                sock.sendall(bytes([0x8A, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
            buffer = buffer[offset + length:]
    sock.close()
    result.append((entries, gaps))


def measure(url, token, count, seconds):
    """Entries a second of each of `count` followers over `seconds`, and their gap markers."""
    ready, start, stop, results = threading.Semaphore(0), threading.Event(), threading.Event(), []
    threads = [threading.Thread(target=follower, args=(url, token, ready, start, stop, results)) for _ in range(count)]
    for thread in threads:
        thread.start()
    for _ in range(count):
        ready.acquire()
    time.sleep(1)  # every follow attached to the journal
    start.set()
    began = time.monotonic()
    time.sleep(seconds)
    stop.set()
    elapsed = time.monotonic() - began
    for thread in threads:
        thread.join()
    return [entries / elapsed for entries, _ in results], sum(gaps for _, gaps in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--followers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rate", type=int, default=500)
    args = parser.parse_args()
    api = API(args.url, args.token)
    apps = os.path.join(HERE, "apps")
    api.call("POST", "/api/apps", {
        "name": APP, "runtime": "python", "script_path": os.path.join(apps, "chatter.py"), "working_dir": apps, "user": "nobody",
        "environment": {"RATE": str(args.rate)}, "log_rate_limit": {"interval_s": 30, "burst": 10_000_000},
    })
    api.call("POST", f"/api/apps/{APP}/start")
    try:
        time.sleep(2)
        lone, lone_gaps = measure(args.url, args.token, 1, args.seconds)
        many, many_gaps = measure(args.url, args.token, args.followers, args.seconds)
    finally:
        api.call("DELETE", f"/api/apps/{APP}")
    slowest, median = min(many), sorted(many)[len(many) // 2]
    ratio = lone[0] / slowest if slowest > 0 else float("inf")
    print(f"lone follower {lone[0]:.0f} entries/s ({lone_gaps} gaps); {args.followers} followers: slowest {slowest:.0f}, "
          f"median {median:.0f} entries/s ({many_gaps} gaps in all); app writes {args.rate}/s")
    figures.record(args.results, f"WS log fan-out: slowest of {args.followers} followers, app at {args.rate} lines/s",
                   f"{slowest:.0f} entries/s ({many_gaps} gaps)", f"lone follower {lone[0]:.0f} entries/s", figures.times(ratio, 2),
                   "≤ 1.20x", ratio <= 1.2)


if __name__ == "__main__":
    main()
