#!/usr/bin/env python3
"""Issue 14: fifty followers of one app's logs against one follower alone.

An app (Tests/Bench/apps/paced_lines.py, runtime `python`) writes COUNT lines at RATE a
second each time it starts. Round 1: one `WS /logs/{name}?lines=0` client attached before
the start. Round 2: FOLLOWERS clients and one that never reads (a 4 KiB receive buffer),
attached before the next start. Every reader must get n=1…COUNT in order; its throughput
is (COUNT − 1) / (last arrival − first arrival). Figure: the slowest of the fifty against
the lone follower (target: within 1.2x), and each round's arrival of the last line after
the first (how far behind the followers fell).

All clients share one thread (a selector over plain sockets, RFC 6455 frames, no JSON
parsing: the line number is cut from the payload), so the client's own cost stays small.

Usage: fanout.py --url URL --token TOKEN --pid AGENT_PID --results FILE [--followers 50] [--count 20000] [--rate 2000]
"""

import argparse
import os
import re
import selectors
import socket
import struct
import time
import urllib.parse

import figures
from api_client import API
from event_stream import handshake

HERE = os.path.dirname(os.path.abspath(__file__))
APP = "fanout"
NUMBER = re.compile(rb'"message":"n=(\d+)"')


class Reader:
    """One WebSocket log client; counts the lines n=1… it receives, in order."""

    def __init__(self, url, token, path, receive_buffer=None):
        parts = urllib.parse.urlsplit(url)
        self.sock = socket.socket()
        if receive_buffer:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.connect((parts.hostname, parts.port))
        self.buffer = handshake(self.sock, url, path, token)
        self.sock.setblocking(False)
        self.received, self.first, self.last, self.fault = 0, None, None, None

    def read(self, count):
        """Reads what arrived; True when the last line came or the stream broke."""
        try:
            chunk = self.sock.recv(1 << 20)
        except BlockingIOError:
            return False
        if not chunk:
            self.fault = self.fault or f"closed after {self.received} lines"
            return True
        now = time.monotonic()
        self.buffer += chunk
        while True:
            if len(self.buffer) < 2:
                break
            opcode, length, offset = self.buffer[0] & 0x0F, self.buffer[1] & 0x7F, 2
            if length == 126:
                if len(self.buffer) < 4:
                    break
                length, offset = struct.unpack(">H", self.buffer[2:4])[0], 4
            elif length == 127:
                if len(self.buffer) < 10:
                    break
                length, offset = struct.unpack(">Q", self.buffer[2:10])[0], 10
            if len(self.buffer) < offset + length:
                break
            payload, self.buffer = self.buffer[offset:offset + length], self.buffer[offset + length:]
            if opcode == 0x9:
                self.sock.sendall(bytes([0x8A, 0x80 | len(payload)]) + b"\0\0\0\0" + payload)
            elif opcode == 0x1:
                match = NUMBER.search(payload)
                if match is None:
                    if payload.startswith(b'{"type":"gap"'):
                        self.fault = self.fault or f"a gap after {self.received} lines"
                    continue
                number = int(match.group(1))
                if number != self.received + 1:
                    self.fault = self.fault or f"expected n={self.received + 1}, got n={number}"
                self.received = number
                self.first = self.first or now
                self.last = now
        return self.received >= count or self.fault is not None

    def throughput(self):
        return (self.received - 1) / (self.last - self.first) if self.last and self.last > self.first else 0.0


def cpu_seconds(pid):
    """User + system CPU time of a process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_round(api, url, token, followers, count, silent, timeout, agent_pid):
    """Attaches the readers, starts the app, waits for every line; returns the readers and
    the CPU seconds the agent and this client spent meanwhile."""
    path = f"/logs/{APP}?lines=0"
    readers = [Reader(url, token, path) for _ in range(followers)]
    quiet = Reader(url, token, path, receive_buffer=4096) if silent else None
    agent_cpu, own_cpu = cpu_seconds(agent_pid), time.process_time()
    api.call("POST", f"/api/apps/{APP}/start")
    selector = selectors.DefaultSelector()
    for reader in readers:
        selector.register(reader.sock, selectors.EVENT_READ, reader)
    pending = len(readers)
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=1):
            if key.data.read(count):
                selector.unregister(key.fileobj)
                pending -= 1
    cpu = (cpu_seconds(agent_pid) - agent_cpu, time.process_time() - own_cpu)
    for reader in readers + ([quiet] if quiet else []):
        reader.sock.close()
    stop(api)
    return readers, cpu


def stop(api):
    api.call("POST", f"/api/apps/{APP}/stop")
    time.sleep(1.1)  # the agent's one-operation-a-second rate limit per app


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--pid", type=int, required=True, help="the agent's PID")
    parser.add_argument("--followers", type=int, default=50)
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--rate", type=float, default=2000)
    args = parser.parse_args()
    api = API(args.url, args.token)
    api.wait_healthy()
    apps = os.path.join(HERE, "apps")
    api.call("POST", "/api/apps", {
        "name": APP, "runtime": "python", "script_path": os.path.join(apps, "paced_lines.py"), "working_dir": apps,
        "user": "nobody", "environment": {"COUNT": str(args.count), "RATE": str(args.rate)},
    })
    timeout = 60 + 4 * args.count / args.rate
    (lone,), lone_cpu = run_round(api, args.url, args.token, 1, args.count, False, timeout, args.pid)
    many, many_cpu = run_round(api, args.url, args.token, args.followers, args.count, True, timeout, args.pid)
    faults = [f"reader {i}: {r.fault or f'{r.received} of {args.count} lines'}"
              for i, r in enumerate(many) if r.fault or r.received < args.count]
    if lone.fault or lone.received < args.count:
        faults.insert(0, f"lone reader: {lone.fault or f'{lone.received} of {args.count} lines'}")
    slowest = min(many, key=lambda r: r.throughput())
    lag = max(r.last - r.first for r in many if r.last) if any(r.last for r in many) else float("nan")
    print(f"lone follower: {lone.received} lines, {lone.throughput():.0f} lines/s; "
          f"{args.followers} followers + 1 silent: slowest {slowest.throughput():.0f} lines/s, "
          f"all {sum(r.received for r in many)} lines, last line {lag:.2f} s after the first "
          f"(app: {args.count} lines at {args.rate:.0f}/s); CPU seconds, agent/this client: "
          f"alone {lone_cpu[0]:.1f}/{lone_cpu[1]:.1f}, {args.followers} followers {many_cpu[0]:.1f}/{many_cpu[1]:.1f}", flush=True)
    for fault in faults:
        print("  " + fault, flush=True)
    ratio = lone.throughput() / slowest.throughput() if slowest.throughput() else float("inf")
    figures.record(args.results, f"log follow: slowest of {args.followers} followers (+1 silent) vs one alone, lines/s",
                   round(slowest.throughput()), round(lone.throughput()), figures.times(ratio, 2), "≤ 1.2x",
                   ratio <= 1.2 and not faults)


if __name__ == "__main__":
    main()
