#!/usr/bin/env python3
"""Issue 10: the agent side by side with supervisord and monit, on the same 50 small apps.

Each manager runs its own copy of the same 50 apps (half Node.js `apps/idle.js`, half
Python `apps/idle.py`, each waiting for ever; an argument names the copy, e.g.
`idle.js sup-07`), as user nobody, all at once in the sandbox's PID namespace, so the
three see the same process table and the same machine load:

- the agent (already running, started by scripts/bench): apps cmp-01… registered and
  started through its API (runtimes nodejs and python, systemd units);
- supervisord (PyPI `supervisor` in the venv given), started here as a plain process:
  one `[program:]` per app (`startsecs=0`, `autorestart=true`), XML-RPC on 127.0.0.1
  (`inet_http_server`), and an `[eventlistener:]` on PROCESS_STATE
  (supervisor_listener.py) that forwards each event over UDP to this process;
- monit (Debian's), started here in the foreground (`monit -I`): `set daemon 1` (its
  shortest cycle), one `check process … matching` with a `start program` per app (which
  puts the app in the background: monit waits for a start program to exit), its HTTP
  server on 127.0.0.1.

Measured, taking turns between the three (so the machine's drift hits them alike):
1. status of all 50 apps, CALLS calls each, every call on a new HTTP connection (as
   `curl`, `supervisorctl status` or a poller would; over one kept-alive connection
   supervisord's replies stall ~40 ms on delayed ACKs and monit closes it each time):
   agent `GET /api/apps`; supervisord `supervisor.getAllProcessInfo` (XML-RPC); monit
   `GET /_status?format=xml`; the time from connecting to the last byte of the response;
2. `kill -9` of an app's main process (from this process), a random 0–1 s (seeded) after
   the manager was seen running it, so that kills fall at any point of monit's 1 s cycle
   and of supervisord's 1 s poll (asking a manager wakes it) → the manager reports it:
   agent, its WebSocket event (`previous: running`); supervisord, the listener's
   PROCESS_STATE_EXITED datagram for that process; monit, polling `/_status?format=xml`
   every 20 ms until that service no longer shows the killed PID as running;
3. idle, SECONDS with no requests to any: each manager's own CPU (the process itself, not
   its apps or the listener), private memory (`Pss_Anon`) and VmRSS.

Prints the three-way table with ratios (the other manager's figure ÷ the agent's) and
writes it as Markdown to --table. Stops supervisord and monit (by PID) and monit's apps
(the PIDs it reported); supervisord stops its own. Records rows in RESULTS (figures.py).

Usage: compare_managers.py --url URL --token TOKEN --agent-pid PID --supervisor-venv DIR
                           --results FILE --table FILE [--count 50] [--calls 200]
                           [--kills 20] [--seconds 60] [--workdir /run/siax-bench-compare]
"""

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
import xmlrpc.client

import figures
from api_client import API
from event_stream import EventStream, state_event
from latency import percentile, wait_until
from proc_usage import Usage

HERE = os.path.dirname(os.path.abspath(__file__))
APPS = os.path.join(HERE, "apps")
NODE, PYTHON = "/usr/bin/node", "/usr/bin/python3"
MANAGERS = ["agent", "supervisord", "monit"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_command(index, count, copy):
    """The argv of app number index (1-based) of one manager's copy: the first half Node.js."""
    name = f"{copy}-{index:02d}"
    if index <= count // 2:
        return name, [NODE, os.path.join(APPS, "idle.js"), name]
    return name, [PYTHON, os.path.join(APPS, "idle.py"), name]


class KeptAlive:
    """One HTTP/1.1 connection, reopened only when the server closes it; `call` returns the body."""

    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def call(self, method, path, body=None, headers=None):
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()  # the server closed a kept-alive connection: once more on a new one
                if attempt == 2:
                    raise
                continue
            except BaseException:
                self.connection.close()  # a refused connection leaves http.client mid-request
                raise
            if response.status != 200:
                raise RuntimeError(f"{method} {path}: HTTP {response.status}: {data[:200]!r}")
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
            return data


# MARK: - The three managers

class Agent:
    name = "agent"

    def __init__(self, args):
        self.args, self.api = args, API(args.url, args.token)
        self.pid = int(args.agent_pid)
        self.base = args.url
        self.http = KeptAlive(self.base)
        self.headers = {"Authorization": f"Bearer {args.token}"}
        self.names = [app_command(i, args.count, "cmp")[0] for i in range(1, args.count + 1)]
        self.stream = None

    def start(self):
        for i in range(1, self.args.count + 1):
            name, argv = app_command(i, self.args.count, "cmp")
            self.api.call("POST", "/api/apps", {
                "name": name, "runtime": "nodejs" if argv[0] == NODE else "python", "script_path": argv[1],
                "args": argv[2:], "working_dir": APPS, "user": "nobody", "restart": "on-failure"})
        for name in self.names:
            self.api.call("POST", f"/api/apps/{name}/start")
        self.stream = EventStream(self.args.url, self.args.token)

    def status_all(self, connection=None):
        return (connection or self.http).call("GET", "/api/apps", headers=self.headers)

    def count_running(self, body):
        apps = json.loads(body)["apps"]
        return sum(1 for a in apps if a["name"] in self.names and (a.get("status") or {}).get("state") == "running")

    def running_pid(self, app):
        status = self.api.call("GET", f"/api/apps/{app}/status")
        main = int(subprocess.run(["systemctl", "show", "-p", "MainPID", "--value", f"{app}.service"],
                                  check=True, capture_output=True, text=True).stdout.strip() or 0)
        return main if status["state"] == "running" and status.get("pid") == main and main > 0 else None

    def kill_and_wait(self, app, pid):
        mark = self.stream.mark()
        killed = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        found = self.stream.wait_for(state_event(app, previous="running"), since=mark, timeout=15)
        return None if found is None else found[0] - killed

    def stop(self):
        if self.stream:
            self.stream.close()


class Supervisord:
    name = "supervisord"

    def __init__(self, args):
        self.args = args
        self.dir = os.path.join(args.workdir, "supervisord")
        self.port, self.udp_port = free_port(), None
        self.process = None
        self.names = [app_command(i, args.count, "sup")[0] for i in range(1, args.count + 1)]
        self.events = []  # (monotonic arrival, header dict, payload dict)
        self.cond = threading.Condition()

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.udp_port = self.udp.getsockname()[1]
        threading.Thread(target=self._receive, daemon=True).start()
        python = os.path.join(self.args.supervisor_venv, "bin", "python")
        lines = [
            "[supervisord]", f"logfile={self.dir}/supervisord.log", f"pidfile={self.dir}/supervisord.pid",
            f"childlogdir={self.dir}", "nodaemon=true", "",
            "[inet_http_server]", f"port=127.0.0.1:{self.port}", "",
            "[rpcinterface:supervisor]", "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", "",
            "[eventlistener:bench-listener]", f"command={python} {os.path.join(HERE, 'supervisor_listener.py')} {self.udp_port}",
            "events=PROCESS_STATE", "buffer_size=1000", "",
        ]
        for i in range(1, self.args.count + 1):
            name, argv = app_command(i, self.args.count, "sup")
            lines += [f"[program:{name}]", f"command={' '.join(argv)}", f"directory={APPS}", "user=nobody",
                      "startsecs=0", "autorestart=true", ""]
        conf = os.path.join(self.dir, "supervisord.conf")
        with open(conf, "w") as f:
            f.write("\n".join(lines))
        self.process = subprocess.Popen([python, "-m", "supervisor.supervisord", "-c", conf],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.pid = self.process.pid
        self.rpc = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self.port}/RPC2")
        self.base = f"http://127.0.0.1:{self.port}"
        self.http = KeptAlive(self.base)
        self.body = xmlrpc.client.dumps((), "supervisor.getAllProcessInfo").encode()

    def _receive(self):
        while True:
            data, _ = self.udp.recvfrom(65536)
            arrived = time.monotonic()
            header, _, payload = data.decode().partition("\n\n")
            head = dict(token.split(":", 1) for token in header.split())
            body = dict(token.split(":", 1) for token in payload.split())
            with self.cond:
                self.events.append((arrived, head, body))
                self.cond.notify_all()

    def status_all(self, connection=None):
        return (connection or self.http).call("POST", "/RPC2", body=self.body, headers={"Content-Type": "text/xml"})

    def count_running(self, body):
        (infos,), _ = xmlrpc.client.loads(body)
        return sum(1 for p in infos if p["name"] in self.names and p["statename"] == "RUNNING")

    def running_pid(self, app):
        info = self.rpc.supervisor.getProcessInfo(app)
        return info["pid"] if info["statename"] == "RUNNING" and info["pid"] > 0 else None

    def kill_and_wait(self, app, pid):
        with self.cond:
            mark = len(self.events)
        killed = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        deadline = killed + 15
        with self.cond:
            index = mark
            while True:
                while index < len(self.events):
                    arrived, head, body = self.events[index]
                    index += 1
                    if (head.get("eventname") == "PROCESS_STATE_EXITED" and body.get("processname") == app
                            and body.get("pid") == str(pid)):
                        return arrived - killed
                if time.monotonic() > deadline:
                    return None
                self.cond.wait(deadline - time.monotonic())

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # supervisord stops its programs, then exits
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Monit:
    name = "monit"

    def __init__(self, args):
        self.args = args
        self.dir = os.path.join(args.workdir, "monit")
        self.port = free_port()
        self.process = None
        self.names = [app_command(i, args.count, "mon")[0] for i in range(1, args.count + 1)]
        self.last_pids = {}

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        lines = [
            "set daemon 1", f"set pidfile {self.dir}/monit.pid", f"set idfile {self.dir}/monit.id",
            f"set statefile {self.dir}/monit.state", f"set logfile {self.dir}/monit.log",
            f"set httpd port {self.port} and use address 127.0.0.1", "    allow 127.0.0.1", "",
        ]
        for i in range(1, self.args.count + 1):
            name, argv = app_command(i, self.args.count, "mon")
            lines += [f'check process {name} matching "{os.path.basename(argv[1])} {name}$"',
                      f"""    start program = "/bin/sh -c '{" ".join(argv)} </dev/null >/dev/null 2>&1 &'" as uid nobody""", ""]
        rc = os.path.join(self.dir, "monitrc")
        with open(rc, "w") as f:
            f.write("\n".join(lines))
        os.chmod(rc, 0o600)
        self.process = subprocess.Popen(["monit", "-I", "-c", rc], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.pid = self.process.pid
        self.base = f"http://127.0.0.1:{self.port}"
        self.http = KeptAlive(self.base)
        self.poll_http = KeptAlive(self.base)

    def status_all(self, connection=None):
        return (connection or self.http).call("GET", "/_status?format=xml")

    def services(self, body):
        """{name: (status, pid)} of the process checks in a status document."""
        found = {}
        for service in ET.fromstring(body).iter("service"):
            name = service.findtext("name")
            if name in self.names:
                found[name] = (int(service.findtext("status") or -1), int(service.findtext("pid") or -1),
                               int(service.findtext("monitor") or 0))
        return found

    def count_running(self, body):
        services = self.services(body)
        self.last_pids = {name: pid for name, (_, pid, _) in services.items() if pid > 0}
        return sum(1 for status, pid, monitor in services.values() if status == 0 and pid > 0 and monitor == 1)

    def running_pid(self, app):
        status, pid, monitor = self.services(self.status_all()).get(app, (-1, -1, 0))
        if status == 0 and pid > 0 and monitor == 1 and os.path.exists(f"/proc/{pid}"):
            return pid
        return None

    def kill_and_wait(self, app, pid):
        killed = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        while time.monotonic() - killed < 15:
            body = self.poll_http.call("GET", "/_status?format=xml")
            arrived = time.monotonic()
            status, now_pid, _ = self.services(body).get(app, (-1, -1, 0))
            if status != 0 or now_pid != pid:
                return arrived - killed
            time.sleep(0.02)
        return None

    def stop(self):
        try:
            self.count_running(self.status_all())
        except (OSError, RuntimeError, ET.ParseError):
            pass
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for name, pid in self.last_pids.items():  # monit leaves its apps running: stop them by PID
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if f.read().split(b"\0")[-2:-1] == [name.encode()]:
                        os.kill(pid, signal.SIGTERM)
            except OSError:
                pass


# MARK: - Measurements

def all_running(managers, count, timeout=120):
    """Waits until each manager answers and reports all its apps running."""
    def ready(manager):
        try:
            return manager.count_running(manager.status_all()) == count
        except (OSError, http.client.HTTPException):
            return False  # still starting

    for manager in managers:
        wait_until(lambda: ready(manager), f"{manager.name}: all {count} apps running", timeout=timeout, step=0.5)


def status_calls(managers, calls):
    """Median and p99 (ms) of `calls` status calls per manager, taking turns, each on a new connection."""
    def call(manager):
        connection = KeptAlive(manager.base)
        try:
            return manager.status_all(connection)
        finally:
            connection.connection.close()

    for manager in managers:
        for _ in range(5):
            call(manager)  # warm-up
    samples = {m.name: [] for m in managers}
    sizes = {}
    for _ in range(calls):
        for manager in managers:
            began = time.perf_counter()
            body = call(manager)
            samples[manager.name].append((time.perf_counter() - began) * 1000)
            sizes[manager.name] = len(body)
    return {name: {"median": statistics.median(s), "p99": percentile(s, 99), "bytes": sizes[name]}
            for name, s in samples.items()}


def kill_trials(managers, kills):
    """Kill → report latency (ms) per manager, one kill each per round, a different app each round."""
    results, phases = {m.name: [] for m in managers}, random.Random(10)
    for i in range(kills):
        for manager in managers:
            app = manager.names[i % len(manager.names)]
            pid = None

            def ready():
                nonlocal pid
                pid = manager.running_pid(app)
                return pid is not None

            wait_until(ready, f"{manager.name}: {app} running", timeout=60)
            time.sleep(phases.uniform(0, 1))
            seconds = manager.kill_and_wait(app, pid)
            results[manager.name].append(None if seconds is None else seconds * 1000)
        print(f"  round {i + 1:2d}: " + ", ".join(
            f"{m.name} {results[m.name][-1]:.1f} ms" if results[m.name][-1] is not None else f"{m.name} none"
            for m in managers), flush=True)
    return results


def idle(managers, seconds):
    usages = {m.name: Usage(m.pid) for m in managers}
    time.sleep(seconds)
    return {name: usage.stop() for name, usage in usages.items()}


# MARK: - Report

def ratio_text(other, agent, lower_is_better=True):
    """How the agent compares: `8.1x less` when the other needs 8.1 times the agent's figure."""
    if agent <= 0 or other <= 0:
        return "–"
    r = other / agent
    if lower_is_better:
        return f"agent {r:.1f}x less" if r >= 1 else f"agent {1 / r:.1f}x more"
    return f"agent {1 / r:.1f}x more" if r <= 1 else f"agent {r:.1f}x less"


def table(figures_by_row):
    header = "| figure | agent | supervisord | monit |\n|---|---|---|---|"
    rows = [f"| {label} | {agent} | {sup} | {mon} |" for label, agent, sup, mon in figures_by_row]
    return "\n".join([header] + rows)


def report(args, status, kills, usage):
    count = args.count
    rows = []

    def add(label, values, fmt, lower_is_better=True):
        agent = values["agent"]
        cells = [fmt(agent)]
        for name in ("supervisord", "monit"):
            cells.append(f"{fmt(values[name])} ({ratio_text(values[name], agent, lower_is_better)})")
        rows.append((label, *cells))
        return cells

    ms = lambda v: f"{v:.2f} ms"
    add(f"status of all {count} apps, median of {args.calls}", {n: status[n]["median"] for n in MANAGERS}, ms)
    add(f"status of all {count} apps, p99", {n: status[n]["p99"] for n in MANAGERS}, ms)
    lat = {}
    for name in MANAGERS:
        seen = [v for v in kills[name] if v is not None]
        lat[name] = {"median": statistics.median(seen) if seen else float("nan"),
                     "p99": percentile(seen, 99) if seen else float("nan"), "lost": len(kills[name]) - len(seen)}
    lost = ", ".join(f"{n}: {lat[n]['lost']} lost" for n in MANAGERS if lat[n]["lost"])
    add(f"kill -9 → reported, median of {args.kills}" + (f" ({lost})" if lost else ""),
        {n: lat[n]["median"] for n in MANAGERS}, lambda v: f"{v:.0f} ms")
    add(f"kill -9 → reported, p99", {n: lat[n]["p99"] for n in MANAGERS}, lambda v: f"{v:.0f} ms")
    add(f"idle CPU of the manager, {args.seconds:.0f} s", {n: usage[n]["cpu_percent"] for n in MANAGERS},
        lambda v: f"{v:.3f} %")
    add("idle private memory (Pss_Anon)", {n: usage[n]["pss_anon_mib"] for n in MANAGERS}, lambda v: f"{v:.1f} MiB")
    add("idle VmRSS", {n: usage[n]["rss_mib"] for n in MANAGERS}, lambda v: f"{v:.1f} MiB")
    text = table(rows)
    print("\nSIDE BY SIDE (" + f"{count} apps each, half Node.js, half Python; ratios: the agent against each)")
    print(text, flush=True)
    with open(args.table, "w") as f:
        f.write(text + "\n")
    for label, agent, sup, mon in rows:
        figures.record(args.results, f"side by side: {label}", f"agent {agent}", f"supervisord {sup}; monit {mon}",
                       "in the baseline", "–", None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("--url", "--token", "--agent-pid", "--supervisor-venv", "--results", "--table"):
        parser.add_argument(name, required=True)
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workdir", default="/run/siax-bench-compare")
    args = parser.parse_args()
    API(args.url, args.token).wait_healthy()
    shutil.rmtree(args.workdir, ignore_errors=True)
    managers = [Agent(args), Supervisord(args), Monit(args)]
    try:
        for manager in managers:
            manager.start()
        all_running(managers, args.count)
        print(f"all three run {args.count} apps; settling 10 s", flush=True)
        time.sleep(10)
        status = status_calls(managers, args.calls)
        for name, s in status.items():
            print(f"{name}: status of {args.count} apps: median {s['median']:.2f} ms, p99 {s['p99']:.2f} ms, "
                  f"{s['bytes']:,} bytes", flush=True)
        kills = kill_trials(managers, args.kills)
        all_running(managers, args.count)
        time.sleep(5)
        print(f"idle: {args.seconds:.0f} s without requests", flush=True)
        usage = idle(managers, args.seconds)
        report(args, status, kills, usage)
    finally:
        for manager in reversed(managers):
            manager.stop()


if __name__ == "__main__":
    main()
