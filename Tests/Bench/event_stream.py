"""A client of the agent's `WS /api/events/stream` for the bench: every event, stamped
with the monotonic clock at the moment it was read from the socket.

A plain-socket WebSocket client (RFC 6455: handshake, unmasked server frames, masked
pong and close), so that the time of arrival is taken where the bytes arrive and no
library thread or buffering stands in between. A reader thread stamps each text frame
with `time.monotonic()` as soon as `recv` returns it and keeps it for `wait_for`.
"""

import base64
import json
import os
import socket
import struct
import threading
import time
import urllib.parse


def handshake(sock, url, path, token):
    """Upgrades a connected socket to a WebSocket on `path`; returns the bytes read past the
    response's head (the start of the first frames)."""
    parts = urllib.parse.urlsplit(url)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
               f"Authorization: Bearer {token}\r\n\r\n")
    sock.sendall(request.encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("the agent closed the connection during the WebSocket handshake")
        head += chunk
    head, pending = head.split(b"\r\n\r\n", 1)
    status = head.split(b"\r\n", 1)[0].decode()
    if " 101 " not in status + " ":
        raise ConnectionError(f"WebSocket upgrade refused: {status}")
    return pending


class EventStream:
    """Connects at once; `close()` ends the reader."""

    def __init__(self, url, token, timeout=30):
        parts = urllib.parse.urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pending = handshake(self.sock, url, "/api/events/stream", token)
        self.sock.settimeout(None)
        self.events = []  # (monotonic arrival, event dict), in order of arrival
        self.cond = threading.Condition()
        self.closed = False
        self.send_lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    # MARK: - Reading

    def _read(self):
        buffer, arrived = self.pending, time.monotonic()
        try:
            while True:
                frame, buffer = self._frame(buffer)
                if frame is None:
                    chunk = self.sock.recv(65536)
                    arrived = time.monotonic()  # every frame completed by this chunk arrived now
                    if not chunk:
                        return
                    buffer += chunk
                    continue
                opcode, payload = frame
                if opcode == 0x1:
                    event = json.loads(payload)
                    with self.cond:
                        self.events.append((arrived, event))
                        self.cond.notify_all()
                elif opcode == 0x9:
                    self._send(0xA, payload)
                elif opcode == 0x8:
                    return
        except OSError:
            return
        finally:
            with self.cond:
                self.closed = True
                self.cond.notify_all()

    @staticmethod
    def _frame(buffer):
        """(opcode, payload) of the first complete frame in buffer and the rest, or (None, buffer)."""
        if len(buffer) < 2:
            return None, buffer
        opcode, length, offset = buffer[0] & 0x0F, buffer[1] & 0x7F, 2
        if length == 126:
            if len(buffer) < 4:
                return None, buffer
            length, offset = struct.unpack("!H", buffer[2:4])[0], 4
        elif length == 127:
            if len(buffer) < 10:
                return None, buffer
            length, offset = struct.unpack("!Q", buffer[2:10])[0], 10
        if len(buffer) < offset + length:
            return None, buffer
        return (opcode, buffer[offset:offset + length]), buffer[offset + length:]

    def _send(self, opcode, payload=b""):
        mask = os.urandom(4)
        header = bytes([0x80 | opcode, 0x80 | len(payload)]) + mask  # control frames: < 126 bytes
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        with self.send_lock:
            self.sock.sendall(header + masked)

    # MARK: - Waiting

    def mark(self):
        """A position in the stream: `wait_for(..., since=mark)` looks only at later events."""
        with self.cond:
            return len(self.events)

    def wait_for(self, matches, since=0, timeout=10.0):
        """The first (arrival, event) at index ≥ since for which matches(event) is true, or None after timeout."""
        deadline = time.monotonic() + timeout
        index = since
        with self.cond:
            while True:
                while index < len(self.events):
                    arrival, event = self.events[index]
                    index += 1
                    if matches(event):
                        return arrival, event
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.closed:
                    return None
                self.cond.wait(remaining)

    def close(self):
        try:
            self._send(0x8, struct.pack("!H", 1000))
        except OSError:
            pass
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.reader.join(timeout=5)


def state_event(app, previous=None, state=None):
    """A matcher: a `state` event of app (with this previous and/or new state, if given)."""
    def matches(event):
        return (event.get("type") == "state" and event.get("app") == app
                and (previous is None or event.get("previous") == previous)
                and (state is None or event.get("state") == state))
    return matches
