"""A managed app for scripts/bench's fan-out figures: at each start writes "n=1" … "n=$COUNT"
to stdout at $RATE lines a second (default 20000 at 2000/s), then stays alive. SIGTERM: exit 0."""

import os
import signal
import sys
import time

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
count = int(os.environ.get("COUNT", "20000"))
rate = float(os.environ.get("RATE", "2000"))
start = time.monotonic()
for n in range(1, count + 1):
    sys.stdout.write(f"n={n}\n")
    if n % 100 == 0:
        sys.stdout.flush()
        ahead = start + n / rate - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
sys.stdout.flush()
while True:
    time.sleep(3600)
