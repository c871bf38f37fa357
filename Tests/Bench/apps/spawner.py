"""A cheap managed app for scripts/bench: starts CHILDREN (default 5) `sleep infinity`
children and waits, so 50 apps give the monitor ~300 processes to scan."""

import os
import signal
import subprocess

children = [subprocess.Popen(["sleep", "infinity"]) for _ in range(int(os.environ.get("CHILDREN", "5")))]
print(f"spawner {os.getpid()}: {len(children)} children", flush=True)
signal.pause()
