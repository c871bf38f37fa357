"""A managed app for scripts/bench's WebSocket fan-out: RATE lines a second (default 500) to
stdout, "c=<n>", in small batches every 10 ms, until stopped."""

import os
import sys
import time

rate = int(os.environ.get("RATE", "500"))
n = 0
start = time.monotonic()
while True:
    due = int((time.monotonic() - start) * rate)
    if due > n:
        sys.stdout.write("".join(f"c={i}\n" for i in range(n + 1, due + 1)))
        sys.stdout.flush()
        n = due
    time.sleep(0.01)
