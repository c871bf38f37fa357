#!/usr/bin/python3
"""End-to-end test of the web panel in a real browser (headless Chromium via Selenium).

It boots a private systemd (scripts/sandbox), runs `siax-agent serve` inside it, and
drives the panel like an operator: log in, see the SANDBOX badge, get client-side and
server-side (422) validation errors, register a Node.js app, start it, see it running
with a PID, follow its logs over the WebSocket, check sparklines, the unit file, the
process scan (and Adopt), the events page, delete the app, log out. Screenshots of every
page go to --shots (default /tmp/siax-panel-shots). The sandbox is always taken down.

Needs Debian's packages: chromium chromium-driver python3-selenium (run with /usr/bin/python3):
    apt-get install -y chromium chromium-driver python3-selenium
    swift build --scratch-path .build-web --product siax-agent
    /usr/bin/python3 Tests/Panel/panel_test.py --binary .build-web/debug/siax-agent

Against an agent that already runs (no sandbox; the app fixture must exist there):
    /usr/bin/python3 Tests/Panel/panel_test.py --url http://127.0.0.1:8080 --token TOKEN --fixture-dir DIR

Ends with "N passed, N failed"; exit code 0 only when nothing failed.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
APP = "panel-node"
ADOPT_PORT_OFFSET = 1


# MARK: - Results

class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def skip(self, name, reason):
        self.skipped += 1
        print(f"  skip  {name}: {reason}", flush=True)

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"  ok    {name}", flush=True)
        else:
            self.failed += 1
            print(f"  FAIL  {name}{': ' + str(detail) if detail else ''}", flush=True)
        return condition


# MARK: - Helpers

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_json(url, token=None, method="GET", body=None):
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def wait_for(predicate, timeout=20.0, interval=0.25, what="condition"):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (StaleElementReferenceException, WebDriverException, urllib.error.URLError, OSError) as error:
            last = error
        time.sleep(interval)
    raise TimeoutError(f"timed out waiting for {what}" + (f" (last error: {last})" if last else ""))


class Sandbox:
    """scripts/sandbox up/exec/down, and the agent inside it."""

    def __init__(self, binary, port, token):
        self.binary = binary
        self.port = port
        self.token = token
        self.pid = None
        self.agent = None
        self.log_path = None
        self.background = []

    def up(self):
        # SIAX_SANDBOX_SHARE keeps the repository visible inside when it was cloned under /tmp.
        out = subprocess.run([os.path.join(REPO, "scripts/sandbox"), "up"], cwd=REPO, check=True,
                             stdout=subprocess.PIPE, text=True, env={**os.environ, "SIAX_SANDBOX_SHARE": REPO})
        self.pid = out.stdout.strip().splitlines()[-1]
        print(f"sandbox {self.pid} up", flush=True)

    def exec(self, *command, check=True):
        return subprocess.run([os.path.join(REPO, "scripts/sandbox"), "exec", self.pid, "--", *command],
                              cwd=REPO, check=check, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def spawn(self, *command, log=None):
        handle = open(log or os.devnull, "w")
        process = subprocess.Popen([os.path.join(REPO, "scripts/sandbox"), "exec", self.pid, "--", *command],
                                   cwd=REPO, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.background.append(process)
        return process

    def stage_binary(self):
        """A private copy of the agent and its resource bundles: the shared build directory may be
        relinked by a concurrent build while the test runs. Kept under the repository (visible
        inside the sandbox, whose /tmp and /var/tmp are private)."""
        source = os.path.dirname(self.binary)
        wait_for(lambda: time.time() - os.stat(self.binary).st_mtime > 2, timeout=120, what="the binary to stop changing")
        self.stage = os.path.join(REPO, ".build-web", f"panel-test-{os.getpid()}")
        shutil.rmtree(self.stage, ignore_errors=True)
        os.makedirs(self.stage)
        shutil.copy2(self.binary, self.stage)
        for name in os.listdir(source):
            if name.endswith(".resources") and "Tests" not in name:
                shutil.copytree(os.path.join(source, name), os.path.join(self.stage, name))
        return os.path.join(self.stage, os.path.basename(self.binary))

    def start_agent(self):
        binary = self.stage_binary()
        self.agent = self.spawn("env", f"SIAX_ADMIN_TOKEN={self.token}", f"SIAX_LISTEN=127.0.0.1:{self.port}",
                                "SIAX_MONITOR_INTERVAL_S=1", f"SIAX_PLUGINS_DIR={REPO}/Plugins", binary, "serve",
                                log=self.log_path)

    def down(self):
        for process in self.background:
            if process.poll() is None:
                process.terminate()
        if self.pid:
            subprocess.run([os.path.join(REPO, "scripts/sandbox"), "down", self.pid], cwd=REPO)
            self.pid = None
        for process in self.background:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
        if getattr(self, "stage", None):
            shutil.rmtree(self.stage, ignore_errors=True)


def make_driver(width=1440, height=900):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 f"--window-size={width},{height}", "--force-device-scale-factor=1"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    return driver


# MARK: - The test

class PanelTest:
    def __init__(self, driver, base, token, fixture_dir, shots, results, sandbox=None):
        self.d = driver
        self.base = base.rstrip("/")
        self.token = token
        self.fixture = fixture_dir
        self.shots = shots
        self.r = results
        self.sandbox = sandbox
        self.app_port = free_port()

    # Small DOM helpers.
    def q(self, css):
        return self.d.find_element(By.CSS_SELECTOR, css)

    def qa(self, css):
        return self.d.find_elements(By.CSS_SELECTOR, css)

    def visible(self, css):
        return any(e.is_displayed() for e in self.qa(css))

    def text(self, css):
        return self.q(css).text

    def shot(self, name):
        path = os.path.join(self.shots, f"{name}.png")
        self.d.save_screenshot(path)
        print(f"        screenshot {path}", flush=True)

    def go(self, hash_):
        self.d.execute_script("window.location.hash = arguments[0]", hash_)

    def wait(self, predicate, timeout=20, what="condition"):
        return wait_for(predicate, timeout=timeout, what=what)

    def field_error(self, field):
        return self.q(f'[data-field="{field}"] .field-error').text

    def fill(self, css, value):
        element = self.q(css)
        element.clear()
        element.send_keys(value)

    def row(self, name):
        rows = self.qa(f'#apps-table tr[data-app="{name}"]')
        return rows[0] if rows else None

    def row_cell(self, name, index):
        row = self.row(name)
        return row.find_elements(By.CSS_SELECTOR, "td")[index].text if row else None

    # Steps.
    def login(self):
        self.d.get(self.base + "/")
        self.wait(lambda: self.visible("#login-form"), what="login form")
        self.r.check("login page shows without a session", self.visible("#login-token"))
        self.r.check("SANDBOX note on the login page", self.visible("#login-sandbox"))
        self.shot("01-login")
        self.fill("#login-token", "not-a-token")
        self.q("#login-submit").click()
        self.wait(lambda: self.visible("#login-error") and self.text("#login-error"), what="login error")
        self.r.check("a wrong token is refused with a message", "not valid" in self.text("#login-error"), self.text("#login-error"))
        self.fill("#login-token", self.token)
        self.q("#login-submit").click()
        self.wait(lambda: self.visible("#shell"), what="shell after login")
        self.r.check("logged in: the shell is shown", self.visible("#apps-table") or self.visible(".empty"))
        self.r.check("SANDBOX badge in the top bar", self.visible("#sandbox-badge"))
        self.r.check("user and role shown", "admin" in self.text("#user-info"), self.text("#user-info"))
        self.r.check("no privilege banner when privileges are ok", not self.visible("#privileges-banner"))
        self.wait(lambda: self.q("#live-indicator").get_attribute("data-status") == "open", what="event stream open")
        self.r.check("live event stream connected", True)
        self.shot("02-dashboard-empty")

    def register_errors(self):
        self.go("#/register")
        self.wait(lambda: self.visible("#register-form"), what="register form")
        self.wait(lambda: len(Select(self.q("#f-runtime")).options) > 1, what="runtimes loaded")
        self.q("#register-submit").click()
        self.r.check("client-side: empty name is reported next to the name", "required" in self.field_error("name"), self.field_error("name"))
        self.r.check("client-side: missing script path reported", self.field_error("script_path") != "")
        self.fill("#f-name", "Bad Name")
        self.q("#register-submit").click()
        self.r.check("client-side: invalid name pattern", "lower-case" in self.field_error("name"), self.field_error("name"))
        # Valid for the browser, refused by the agent: the script does not exist.
        self.fill("#f-name", APP)
        Select(self.q("#f-runtime")).select_by_value("nodejs")
        self.fill("#f-script_path", f"{self.fixture}/missing.js")
        self.fill("#f-working_dir", self.fixture)
        self.fill("#f-user", "nobody")
        self.fill("#f-port", str(self.app_port))
        self.q("#register-submit").click()
        self.wait(lambda: self.field_error("script_path"), what="server-side error on script_path")
        self.r.check("server-side 422 shown next to script_path", "missing.js" in self.field_error("script_path"), self.field_error("script_path"))
        self.shot("03-register-errors")

    def register(self):
        self.fill("#f-script_path", f"{self.fixture}/server.js")
        self.q("#add-env").click()
        self.q("#add-env").click()
        keys = self.qa('[data-role="env-key"]')
        values = self.qa('[data-role="env-value"]')
        keys[0].send_keys("PORT")
        values[0].send_keys(str(self.app_port))
        keys[1].send_keys("BANNER")
        values[1].send_keys('<img src=x onerror="document.body.dataset.pwned=1">')
        self.fill("#f-memory_max", "256M")
        self.q("#add-arg").click()
        self.qa('[data-role="arg"]')[0].send_keys("--demo")
        self.shot("04-register-filled")
        self.q("#register-submit").click()
        self.wait(lambda: self.d.current_url.endswith(f"#/apps/{APP}"), what="detail page after register")
        self.wait(lambda: "ExecStart" in self.text("#unit-file"), what="unit file")
        self.r.check("registered: detail page shows the unit file", "server.js" in self.text("#unit-file"))
        self.wait(lambda: "BANNER" in self.d.find_element(By.TAG_NAME, "body").text, what="environment table")
        body = self.d.find_element(By.TAG_NAME, "body")
        self.r.check("HTML in data is shown as text, not run", '<img src=x' in body.text and body.get_attribute("data-pwned") is None)
        self.shot("05-detail-stopped")

    def start_from_dashboard(self):
        self.go("#/apps")
        self.wait(lambda: self.row(APP) is not None, what="app row")
        self.r.check("dashboard lists the app as stopped", self.row_cell(APP, 2) == "stopped", self.row_cell(APP, 2))
        self.row(APP).find_element(By.CSS_SELECTOR, '[data-action="start"]').click()
        self.wait(lambda: self.row_cell(APP, 2) == "running", timeout=40, what="state running")
        pid = self.wait(lambda: self.row_cell(APP, 3) if self.row_cell(APP, 3).isdigit() else None, what="PID")
        self.r.check("started from the dashboard: running with a PID", pid.isdigit(), pid)
        answer = self.wait(lambda: http_json(f"http://127.0.0.1:{self.app_port}/"), timeout=20, what="app answers")
        self.r.check("the app answers on its port with that PID", str(answer.get("pid")) == pid, answer)
        self.wait(lambda: self.row_cell(APP, 6) not in ("—", ""), what="uptime")
        self.r.check("state badge is green", "tone-ok" in self.row(APP).find_element(By.CSS_SELECTOR, ".badge").get_attribute("class"))
        time.sleep(2.5)
        self.shot("06-dashboard-running")
        return pid

    def logs(self):
        self.row(APP).find_element(By.CSS_SELECTOR, '[data-action="logs"]').click()
        self.wait(lambda: self.q("#log-connection").get_attribute("data-status") == "open", what="log socket open")
        self.wait(lambda: "listening on" in self.text("#log-output"), timeout=30, what="log lines")
        text = self.text("#log-output")
        self.r.check("log viewer shows the history over the WebSocket", "line 20" in text, text[-300:])
        for needle, level in (("WARNING:", "warning"), ("ERROR: payment", "error"), ("cache warmed", "debug"), ("pino-style", "error")):
            found = [e for e in self.qa("#log-output .log-line") if needle in e.text]
            self.r.check(f"'{needle}' line coloured as {level}", bool(found) and f"level-{level}" in found[0].get_attribute("class"),
                         found[0].get_attribute("class") if found else "no line")
        self.wait(lambda: "tick 2" in self.text("#log-output"), timeout=15, what="followed lines")
        self.r.check("new lines arrive live after the history", True)
        Select(self.q("#log-level")).select_by_value("4")
        shown = [e for e in self.qa("#log-output .log-line") if e.is_displayed()]
        self.r.check("level filter keeps warnings and worse",
                     len(shown) == 3 and all("line " not in e.text and "tick" not in e.text for e in shown), [e.text for e in shown])
        Select(self.q("#log-level")).select_by_value("")
        self.q("#log-search").send_keys("line 1")
        self.wait(lambda: self.qa("#log-output mark"), what="search highlight")
        time.sleep(0.3)
        shown = [e for e in self.qa("#log-output .log-line") if e.is_displayed()]
        self.r.check("search filters and highlights", shown and all("line 1" in e.text for e in shown), len(shown))
        self.shot("07-logs-search")
        self.q("#log-search").clear()
        self.q("#log-search").send_keys(" ")
        self.q("#log-search").send_keys(Keys.BACKSPACE)
        self.q("#log-pause").click()
        self.r.check("pause toggles to resume", self.text("#log-pause") == "Resume")
        self.q("#log-pause").click()
        time.sleep(0.5)
        self.shot("08-logs")

    def detail(self):
        self.go(f"#/apps/{APP}")
        self.wait(lambda: self.qa(".spark-card"), timeout=20, what="resource cards")
        samples = http_json(f"{self.base}/api/apps/{APP}/metrics", self.token).get("samples", [])
        if not samples:
            time.sleep(5)
            samples = http_json(f"{self.base}/api/apps/{APP}/metrics", self.token).get("samples", [])
        if not samples:
            self.r.skip("CPU and memory sparklines", "the agent records no resource samples (no monitor running)")
            self.r.check("resource cards say there is no data yet", "no data yet" in self.text(".sparks"))
            self.wait(lambda: self.qa(".event-list .event"), what="events on the detail page")
            self.r.check("recent events listed on the detail page", len(self.qa(".event-list .event")) > 0)
            self.shot("09-detail-running")
            return
        self.wait(lambda: self.qa(".spark polyline"), timeout=30, what="sparklines")
        self.r.check("CPU and memory sparklines drawn", len(self.qa(".spark polyline")) >= 2)
        self.r.check("state history strip drawn", len(self.qa(".strip-cell")) > 0)
        self.wait(lambda: self.qa(".event-list .event"), what="events on the detail page")
        self.r.check("recent events listed on the detail page", len(self.qa(".event-list .event")) > 0)
        self.shot("09-detail-running")

    def edit(self):
        self.go(f"#/apps/{APP}/edit")
        self.wait(lambda: self.visible("#register-form") and self.q("#f-name").get_attribute("value") == APP, what="edit form")
        self.r.check("edit form is pre-filled and the name is read-only",
                     self.q("#f-name").get_attribute("readonly") is not None
                     and self.q("#f-script_path").get_attribute("value").endswith("/server.js"))
        self.fill("#f-memory_max", "128M")
        time.sleep(1.1)  # one operation per second per app
        self.q("#register-submit").click()
        self.wait(lambda: self.d.current_url.endswith(f"#/apps/{APP}"), what="detail page after saving")
        self.wait(lambda: "MemoryMax=128M" in self.text("#unit-file"), timeout=20, what="rewritten unit")
        self.r.check("saved: the unit file is rewritten", True)
        self.wait(lambda: "128M" in self.qa(".info")[1].text, what="new limit shown")
        self.r.check("the new limit is shown in the configuration", True)
        time.sleep(1.1)

    def scan_and_adopt(self):
        if not self.sandbox:
            return
        stray_port = free_port()
        self.sandbox.spawn("sh", "-c", f"cd {self.fixture} && PORT={stray_port} exec node server.js")
        self.wait(lambda: http_json(f"http://127.0.0.1:{stray_port}/"), what="stray node process")
        self.go("#/scan")
        try:
            self.wait(lambda: self.qa("#scan-table tbody tr[data-pid]") or "Scan failed" in self.d.find_element(By.TAG_NAME, "body").text,
                      timeout=20, what="scan rows")
        except TimeoutError as error:
            self.r.check("scan page lists processes", False, error)
            return
        body = self.d.find_element(By.TAG_NAME, "body").text
        if "Scan failed" in body:
            error = self.text(".inline-error")
            if "no process scanner" in error:
                self.r.skip("process scan and Adopt", "this agent has no process scanner installed")
                self.r.check("the scan page explains why it has no processes", "Scan failed" in error, error)
            else:
                self.r.check("scan page answers", False, error)
            self.shot("10-scan")
            return
        rows = self.qa("#scan-table tbody tr[data-pid]")
        managed = [r for r in rows if APP in r.text]
        stray = [r for r in rows if "server.js" in r.text and APP not in r.text]
        self.r.check("scan shows the managed app's process with its app", bool(managed))
        self.r.check("scan shows the stray process as not managed", bool(stray))
        self.shot("10-scan")
        if stray:
            stray[0].find_element(By.CSS_SELECTOR, '[data-action="adopt"]').click()
            self.wait(lambda: self.visible("#register-form"), what="register form from adopt")
            self.r.check("Adopt pre-fills the script path", self.q("#f-script_path").get_attribute("value") == f"{self.fixture}/server.js",
                         self.q("#f-script_path").get_attribute("value"))
            self.r.check("Adopt pre-fills the runtime", self.q("#f-runtime").get_attribute("value") == "nodejs")
            self.r.check("Adopt pre-fills working dir and user", self.q("#f-working_dir").get_attribute("value") == self.fixture
                         and self.q("#f-user").get_attribute("value") == "root", self.q("#f-user").get_attribute("value"))
            self.shot("11-adopt")

    def events(self):
        self.go("#/events")
        self.wait(lambda: self.qa("#events-table tr.event-row"), what="events")
        text = self.text("#events-table")
        self.r.check("events page lists the start operation", "start" in text, text[:300])
        self.shot("12-events")

    def tokens(self):
        self.go("#/tokens")
        self.wait(lambda: self.qa("#tokens-table tbody tr"), what="tokens")
        self.fill("#token-name", "panel-viewer")
        Select(self.q("#token-role")).select_by_value("viewer")
        self.q("#token-name").submit()
        self.wait(lambda: self.visible("#token-value"), what="created token")
        viewer = self.text("#token-value")
        self.r.check("token created and shown once", len(viewer) > 16)
        self.shot("13-tokens")
        return viewer

    def viewer_session(self, viewer):
        self.q("#logout").click()
        self.wait(lambda: self.visible("#login-form"), what="login after logout")
        self.r.check("logout returns to the login page", True)
        self.fill("#login-token", viewer)
        self.q("#login-submit").click()
        self.wait(lambda: self.visible("#shell"), what="viewer shell")
        self.go("#/apps")
        self.wait(lambda: self.row(APP) is not None, what="viewer dashboard")
        start = self.row(APP).find_element(By.CSS_SELECTOR, '[data-action="start"]')
        self.r.check("a viewer sees disabled operation buttons", not start.is_enabled())
        self.r.check("a viewer has no Register link", not self.visible('.sidebar a[data-nav="register"]'))
        self.shot("14-viewer")
        self.q("#logout").click()
        self.wait(lambda: self.visible("#login-form"), what="login after logout")
        self.fill("#login-token", self.token)
        self.q("#login-submit").click()
        self.wait(lambda: self.visible("#shell"), what="admin shell")
        self.wait(lambda: self.row(APP) is not None, what="admin dashboard")

    def rate_limit(self):
        # Two operations within a second: the second is refused with 429 and Retry-After.
        self.go("#/apps")
        self.wait(lambda: self.row(APP) is not None and self.row_cell(APP, 2) == "running", timeout=30, what="running row")
        time.sleep(1.2)
        self.row(APP).find_element(By.CSS_SELECTOR, '[data-action="restart"]').click()
        time.sleep(0.05)
        self.row(APP).find_element(By.CSS_SELECTOR, '[data-action="stop"]').click()
        toasts = self.wait(lambda: [t.text for t in self.qa(".toast") if "retry" in t.text.lower() or "rate" in t.text.lower()],
                           timeout=15, what="rate-limit toast")
        self.r.check("429 shown with its Retry-After", any("Retry-After: " in t for t in toasts), toasts)
        self.shot("15-rate-limited")
        time.sleep(1.5)

    def delete(self):
        self.go("#/apps")
        self.wait(lambda: self.row(APP) is not None, what="app row")
        self.row(APP).find_element(By.CSS_SELECTOR, '[data-action="delete"]').click()
        self.wait(lambda: self.visible(".modal"), what="confirm dialog")
        self.shot("16-delete-confirm")
        self.q('.modal [data-role="confirm"]').click()
        self.wait(lambda: self.row(APP) is None, timeout=40, what="row gone")
        self.r.check("deleted after confirmation: the row is gone", True)
        self.wait(lambda: self.visible(".empty"), what="empty state")
        self.shot("17-dashboard-after-delete")

    def console_errors(self):
        try:
            entries = self.d.get_log("browser")
        except WebDriverException:
            return
        errors = [e["message"] for e in entries if e.get("level") == "SEVERE"
                  and "Failed to load resource" not in e["message"] and "WebSocket connection" not in e["message"]]
        self.r.check("no JavaScript errors in the console", not errors, errors[:5])

    def run(self):
        steps = [self.login, self.register_errors, self.register, self.start_from_dashboard, self.logs, self.detail,
                 self.edit, self.scan_and_adopt, self.events]
        for step in steps:
            self.step(step)
        viewer = self.step(self.tokens)
        if viewer:
            self.step(lambda: self.viewer_session(viewer), name="viewer_session")
        for step in (self.rate_limit, self.delete, self.console_errors):
            self.step(step)

    def step(self, fn, name=None):
        name = name or fn.__name__
        print(f"- {name}", flush=True)
        try:
            return fn()
        except Exception as error:  # noqa: BLE001 — a step's failure is a result, the run goes on
            self.r.check(f"{name} completed", False, f"{type(error).__name__}: {error}")
            traceback.print_exc(limit=3)
            try:
                self.shot(f"error-{name}")
            except WebDriverException:
                pass
            return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(REPO, ".build-web/debug/siax-agent"))
    parser.add_argument("--url", help="test an agent that already runs (no sandbox)")
    parser.add_argument("--token", help="admin token of --url")
    parser.add_argument("--fixture-dir", help="with --url: a directory holding the node-app fixture, readable by nobody")
    parser.add_argument("--shots", default="/tmp/siax-panel-shots")
    args = parser.parse_args()
    os.makedirs(args.shots, exist_ok=True)

    results = Results()
    sandbox = None
    driver = None
    try:
        if args.url:
            base, token, fixture = args.url, args.token, args.fixture_dir
            if not (token and fixture):
                parser.error("--url needs --token and --fixture-dir")
        else:
            binary = os.path.abspath(args.binary)
            if not os.access(binary, os.X_OK):
                parser.error(f"{binary} is not built: swift build --scratch-path .build-web --product siax-agent")
            port = free_port()
            token = "panel-" + secrets.token_hex(16)
            sandbox = Sandbox(binary, port, token)
            sandbox.log_path = os.path.join(args.shots, "agent.log")
            sandbox.up()
            # A world-readable copy of the fixture (not under /tmp: units use PrivateTmp).
            fixture = "/var/lib/siax-agent/panel-test/app"
            sandbox.exec("mkdir", "-p", fixture)
            sandbox.exec("cp", os.path.join(REPO, "Tests/Panel/fixtures/panel-app.js"), f"{fixture}/server.js")
            sandbox.exec("chmod", "-R", "a+rX", "/var/lib/siax-agent")
            sandbox.start_agent()
            base = f"http://127.0.0.1:{port}"
            try:
                wait_for(lambda: http_json(base + "/api/health"), timeout=60, what="agent health")
            except TimeoutError:
                print(open(sandbox.log_path).read()[-4000:], file=sys.stderr)
                raise
            print(f"agent up at {base} (log {sandbox.log_path})", flush=True)
        driver = make_driver()
        PanelTest(driver, base, token, fixture, args.shots, results, sandbox).run()
    except Exception as error:  # noqa: BLE001
        results.check("set-up", False, f"{type(error).__name__}: {error}")
        traceback.print_exc()
    finally:
        if driver:
            driver.quit()
        if sandbox:
            sandbox.down()
    print(f"{results.passed} passed, {results.failed} failed, {results.skipped} skipped")
    return 0 if results.failed == 0 and results.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
