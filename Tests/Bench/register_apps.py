#!/usr/bin/env python3
"""Registers COUNT apps bench-01… through the agent's API (runtime `python`, the
spawner app: a python process with CHILDREN `sleep` children) and starts them.

Usage: register_apps.py --url URL --token TOKEN [--count 50] [--children 5] [--start]
"""

import argparse
import os
import time

from api_client import API

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--children", type=int, default=5)
    parser.add_argument("--start", action="store_true")
    args = parser.parse_args()
    api = API(args.url, args.token)
    api.wait_healthy()
    apps = os.path.join(HERE, "apps")
    started = time.perf_counter()
    names = [f"bench-{i:02d}" for i in range(1, args.count + 1)]
    for name in names:
        api.call("POST", "/api/apps", {
            "name": name, "runtime": "python", "script_path": os.path.join(apps, "spawner.py"), "working_dir": apps,
            "user": "nobody", "environment": {"CHILDREN": str(args.children)}, "restart": "on-failure",
        })
    registered = time.perf_counter()
    if args.start:
        for name in names:
            api.call("POST", f"/api/apps/{name}/start")
    done = time.perf_counter()
    listed = api.call("GET", "/api/apps")["apps"]
    running = sum(1 for app in listed if app.get("status", {}).get("state") == "running")
    print(f"registered {len(names)} apps in {registered - started:.2f} s"
          + (f", started them in {done - registered:.2f} s" if args.start else "")
          + f"; GET /api/apps lists {len(listed)}, {running} running", flush=True)


if __name__ == "__main__":
    main()
