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
import datetime
import json
import os
import re
import secrets
import shutil
import signal
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

DESKTOP_WIDTH, DESKTOP_HEIGHT = 1366, 900
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
        self.binary_staged = binary
        self.agent = self.spawn("env", f"SIAX_ADMIN_TOKEN={self.token}", f"SIAX_LISTEN=127.0.0.1:{self.port}",
                                "SIAX_MONITOR_INTERVAL_S=1", f"SIAX_PLUGINS_DIR={REPO}/Plugins", binary, "serve",
                                log=self.log_path)

    def agent_pid(self):
        """The host PID of the agent: the process listening on its port."""
        out = subprocess.run(["ss", "-Hltnp", f"sport = :{self.port}"], check=True, stdout=subprocess.PIPE, text=True).stdout
        match = re.search(r"pid=(\d+)", out)
        if not match:
            raise RuntimeError(f"nothing listens on port {self.port}: {out!r}")
        return int(match.group(1))

    def restart_agent(self, between=None):
        """kill -9 of the agent, `between()`, and the agent again (the same staged binary and log)."""
        pid = self.agent_pid()
        os.kill(pid, signal.SIGKILL)
        wait_for(lambda: not os.path.exists(f"/proc/{pid}"), timeout=30, what="the agent to die")
        time.sleep(3)  # the app's ticks go on while no agent runs: three of them
        if between:
            between()
        self.agent = self.spawn("env", f"SIAX_ADMIN_TOKEN={self.token}", f"SIAX_LISTEN=127.0.0.1:{self.port}",
                                "SIAX_MONITOR_INTERVAL_S=1", f"SIAX_PLUGINS_DIR={REPO}/Plugins", self.binary_staged, "serve",
                                log=self.log_path)
        wait_for(lambda: http_json(f"http://127.0.0.1:{self.port}/api/health"), timeout=60, what="the agent back")

    def vacuum_journal(self):
        """Archives every journal file, then deletes the archived ones."""
        self.exec("journalctl", "--rotate")
        self.exec("journalctl", "--vacuum-size=1K")

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


def make_driver(width=DESKTOP_WIDTH, height=DESKTOP_HEIGHT, lang="es-ES"):
    options = webdriver.ChromeOptions()
    options.add_argument(f"--lang={lang}")
    options.add_experimental_option("prefs", {"intl.accept_languages": f"{lang},{lang.split('-')[0]}"})
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

# The words the checks look for, per language (the rest is found by id, data-* attributes and roles).
WORDS = {
    "es": {"invalid_token": "no es válido", "required": "obligatorio", "lower_case": "minúscula", "resume": "Reanudar",
           "apps": "Aplicaciones", "killed": "matado por SIGKILL", "restarted": "proceso reiniciado", "started": "iniciada",
           "crashed_alert": "Caída", "api_docs": "Iniciar una aplicación", "back": "Volver al panel", "try": "Probar",
           "registered": "registrada", "reveal": "Mostrar", "journal_gap": "pueden faltar líneas"},
    "en": {"invalid_token": "not valid", "required": "required", "lower_case": "lower-case", "resume": "Resume",
           "apps": "Applications", "killed": "killed by SIGKILL", "restarted": "process restarted", "started": "Started",
           "crashed_alert": "Crashed", "api_docs": "Start an app", "back": "Back to the panel", "try": "Try it",
           "registered": "registered", "reveal": "Show", "journal_gap": "lines may be missing"},
}
PAGES = ["/", "/apps", "/apps/{app}", "/apps/{app}/logs", "/register", "/scan", "/select", "/logs", "/events", "/tokens"]
DESKTOP = (1366, 900)
PHONE = (390, 844)


class PanelTest:
    def __init__(self, driver, base, token, fixture_dir, shots, results, sandbox=None, lang="es"):
        self.d = driver
        self.base = base.rstrip("/")
        self.token = token
        self.fixture = fixture_dir
        self.shots = shots
        self.r = results
        self.sandbox = sandbox
        self.lang = lang
        self.w = WORDS[lang]
        self.app = f"{APP}-{lang}"
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

    def body(self):
        return self.d.find_element(By.TAG_NAME, "body").text

    def shot(self, name):
        path = os.path.join(self.shots, f"{self.lang}-{name}.png")
        self.d.save_screenshot(path)
        print(f"        screenshot {path}", flush=True)

    def go(self, path):
        """In-panel navigation (History API), as a click on a link does."""
        self.d.execute_script("window.history.pushState(null, '', arguments[0]); window.dispatchEvent(new PopStateEvent('popstate'))", path)

    def path(self):
        return self.d.execute_script("return window.location.pathname")

    def wait(self, predicate, timeout=20, what="condition"):
        return wait_for(predicate, timeout=timeout, what=what)

    def field_error(self, field):
        return self.q(f'[data-field="{field}"] .field-error').text

    def click(self, element):
        """Clicks an element after scrolling it to the middle of the viewport (clear of the sticky top bar)."""
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

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

    def row_state(self, name):
        row = self.row(name)
        return row.find_element(By.CSS_SELECTOR, ".badge").get_attribute("data-state") if row else None

    def resize(self, size):
        self.d.set_window_size(*size)
        # The viewport, not the window, is what the page sees: correct for the browser's own frame.
        inner = self.d.execute_script("return [window.innerWidth, window.innerHeight]")
        self.d.set_window_size(size[0] + (size[0] - inner[0]), size[1] + (size[1] - inner[1]))

    # Steps.
    def login(self):
        self.d.get(self.base + "/")
        self.wait(lambda: self.visible("#login-form"), what="login form")
        self.r.check(f"[{self.lang}] the page's language is {self.lang}", self.d.execute_script("return document.documentElement.lang") == self.lang)
        self.r.check(f"[{self.lang}] login page shows without a session", self.visible("#login-token"))
        self.r.check(f"[{self.lang}] SANDBOX note on the login page", self.visible("#login-sandbox"))
        self.shot("01-login")
        self.fill("#login-token", "not-a-token")
        self.q("#login-submit").click()
        self.wait(lambda: self.visible("#login-error") and self.text("#login-error"), what="login error")
        self.r.check(f"[{self.lang}] a wrong token is refused with a message", self.w["invalid_token"] in self.text("#login-error"), self.text("#login-error"))
        self.fill("#login-token", self.token)
        self.q("#login-submit").click()
        self.wait(lambda: self.visible("#shell"), what="shell after login")
        self.r.check(f"[{self.lang}] logged in: the shell is shown", self.visible("#apps-table") or self.visible(".empty"))
        self.r.check(f"[{self.lang}] sidebar in the chosen language", self.w["apps"] in self.text('.sidebar a[data-nav="apps"]'))
        self.r.check(f"[{self.lang}] SANDBOX badge in the top bar", self.visible("#sandbox-badge"))
        self.r.check(f"[{self.lang}] user and role shown", len(self.text("#user-info")) > 3, self.text("#user-info"))
        self.r.check(f"[{self.lang}] no privilege banner when privileges are ok", not self.visible("#privileges-banner"))
        self.wait(lambda: self.q("#live-indicator").get_attribute("data-status") == "open", what="event stream open")
        self.r.check(f"[{self.lang}] live event stream connected", True)

    def register_errors(self):
        self.go("/register")
        self.wait(lambda: self.visible("#register-form"), what="register form")
        self.wait(lambda: len(Select(self.q("#f-runtime")).options) > 1, what="runtimes loaded")
        self.q("#register-submit").click()
        self.r.check(f"[{self.lang}] client-side: empty name reported next to the name", self.w["required"] in self.field_error("name"), self.field_error("name"))
        self.r.check(f"[{self.lang}] client-side: missing script path reported", self.field_error("script_path") != "")
        self.fill("#f-name", "Bad Name")
        self.q("#register-submit").click()
        self.r.check(f"[{self.lang}] client-side: invalid name pattern", self.w["lower_case"] in self.field_error("name"), self.field_error("name"))
        self.fill("#f-name", self.app)
        Select(self.q("#f-runtime")).select_by_value("nodejs")
        self.fill("#f-script_path", f"{self.fixture}/missing.js")
        self.fill("#f-working_dir", self.fixture)
        self.fill("#f-user", "nobody")
        self.fill("#f-port", str(self.app_port))
        self.q("#register-submit").click()
        self.wait(lambda: self.field_error("script_path"), what="server-side error on script_path")
        self.r.check(f"[{self.lang}] server-side 422 shown next to script_path", "missing.js" in self.field_error("script_path"), self.field_error("script_path"))
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
        self.wait(lambda: self.path() == f"/apps/{self.app}", what="detail page after register")
        self.wait(lambda: "ExecStart" in self.text("#unit-file"), what="unit file")
        self.r.check(f"[{self.lang}] registered: detail page shows the unit file", "server.js" in self.text("#unit-file"))
        self.wait(lambda: "BANNER" in self.body(), what="environment table")
        masked = self.qa('.env-value[data-masked="true"]')
        self.r.check(f"[{self.lang}] environment values are masked (table and unit file)",
                     len(masked) == 2 and "<img" not in self.body() and str(self.app_port) not in self.text(".env-table")
                     and 'Environment="PORT=••••••••"' in self.text("#unit-file"), [m.text for m in masked])
        self.q('[data-action="reveal"][data-env="BANNER"]').click()
        body = self.d.find_element(By.TAG_NAME, "body")
        self.r.check(f"[{self.lang}] an admin reveals one value; HTML in it is shown as text, not run",
                     '<img src=x' in body.text and body.get_attribute("data-pwned") is None and len(self.qa('.env-value[data-masked="true"]')) == 1)
        self.shot("05-detail-stopped")

    def start_from_dashboard(self):
        self.go("/apps")
        self.wait(lambda: self.row(self.app) is not None, what="app row")
        self.r.check(f"[{self.lang}] dashboard lists the app as stopped", self.row_state(self.app) == "stopped", self.row_state(self.app))
        self.row(self.app).find_element(By.CSS_SELECTOR, '[data-action="start"]').click()
        self.wait(lambda: self.row_state(self.app) == "running", timeout=40, what="state running")
        pid = self.wait(lambda: self.row_cell(self.app, 3) if self.row_cell(self.app, 3).isdigit() else None, what="PID")
        self.r.check(f"[{self.lang}] started from the dashboard: running with a PID", pid.isdigit(), pid)
        answer = self.wait(lambda: http_json(f"http://127.0.0.1:{self.app_port}/"), timeout=20, what="app answers")
        self.r.check(f"[{self.lang}] the app answers on its port with that PID", str(answer.get("pid")) == pid, answer)
        self.wait(lambda: self.row_cell(self.app, 6) not in ("—", ""), what="uptime")
        self.r.check(f"[{self.lang}] state badge is green", "tone-ok" in self.row(self.app).find_element(By.CSS_SELECTOR, ".badge").get_attribute("class"))
        time.sleep(2.5)
        self.shot("06-dashboard-running")
        return pid

    def line(self, needle):
        found = [e for e in self.qa("#log-output .log-line") if needle in e.text]
        return found[0] if found else None

    def logs(self):
        self.dismiss_alerts()
        self.row(self.app).find_element(By.CSS_SELECTOR, '[data-action="logs"]').click()
        self.wait(lambda: self.q("#log-connection").get_attribute("data-status") == "open", what="log socket open")
        self.wait(lambda: "listening on" in self.text("#log-output"), timeout=30, what="log lines")
        text = self.text("#log-output")
        self.r.check(f"[{self.lang}] log viewer shows the history over the WebSocket", "line 20" in text, text[-300:])
        self.r.check(f"[{self.lang}] a sidebar of apps with their state, the current one marked",
                     bool(self.qa(f'#log-apps a.active[data-app="{self.app}"] .badge')))
        for needle, level in (("WARNING:", "warning"), ("ERROR: payment", "error"), ("cache warmed", "debug"), ("pino-style", "error"),
                              ("card declined", "error"), ("WARN stock", "warning")):
            found = self.line(needle)
            self.r.check(f"[{self.lang}] '{needle}' line shown as {level}", found is not None and f"level-{level}" in found.get_attribute("class"),
                         found.get_attribute("class") if found else "no line")
        self.wait(lambda: "tick 2" in self.text("#log-output"), timeout=15, what="followed lines")
        self.r.check(f"[{self.lang}] new lines arrive live after the history", True)
        Select(self.q("#log-level")).select_by_value("4")
        shown = [e for e in self.qa("#log-output .log-line") if e.is_displayed()]
        self.r.check(f"[{self.lang}] level filter keeps warnings and worse",
                     len(shown) >= 5 and all("line " not in e.text and "tick" not in e.text for e in shown)
                     and any("card declined" in e.text for e in shown), [e.text for e in shown])
        Select(self.q("#log-level")).select_by_value("")
        self.q("#log-search").send_keys("line 1")
        self.wait(lambda: self.qa("#log-output mark"), what="search highlight")
        time.sleep(0.3)
        shown = [e for e in self.qa("#log-output .log-line") if e.is_displayed()]
        self.r.check(f"[{self.lang}] search filters and highlights", shown and all("line 1" in e.text for e in shown), len(shown))
        self.q("#log-search").clear()
        self.q("#log-search").send_keys(" ")
        self.q("#log-search").send_keys(Keys.BACKSPACE)
        self.q("#log-pause").click()
        self.r.check(f"[{self.lang}] pause toggles to resume", self.text("#log-pause") == self.w["resume"], self.text("#log-pause"))
        self.q("#log-pause").click()
        time.sleep(0.5)
        self.shot("07-logs")

    def kill(self, pid):
        """kill -9 with the log view open: a notification with the reason within a second, and a restart marker."""
        if not self.sandbox:
            self.r.skip("kill -9 notification", "needs the sandbox")
            return
        self.dismiss_alerts()
        # When the alert reaches a client (a socket of its own) and when the panel shows it.
        self.d.execute_script("""
            const app = arguments[0];
            window.__alertSeen = null;
            window.__alertArrived = null;
            new MutationObserver(() => {
              if (window.__alertSeen === null && document.querySelector('#alerts .alert-card[data-app="' + app + '"]')) window.__alertSeen = Date.now();
            }).observe(document.getElementById('alerts'), { childList: true });
            const probe = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/events/stream');
            probe.onmessage = (message) => {
              const event = JSON.parse(message.data);
              if (window.__alertArrived === null && event.type === 'alert' && event.app === app) window.__alertArrived = Date.now();
            };
            window.__probe = probe;
        """, self.app)
        self.wait(lambda: self.d.execute_script("return window.__probe.readyState") == 1, what="probe socket open")
        killed_at = time.time()
        self.sandbox.exec("kill", "-9", pid)
        card = self.wait(lambda: self.qa(f'#alerts .alert-card[data-app="{self.app}"]'), timeout=30, what="alert notification")[0]
        self.wait(lambda: self.d.execute_script("return window.__alertArrived"), what="the alert on the probe socket")
        seen, arrived = self.d.execute_script("window.__probe.close(); return [window.__alertSeen, window.__alertArrived]")
        events = http_json(f"{self.base}/api/events?limit=200", self.token).get("events", [])
        alerts = [e for e in events if e.get("type") == "alert" and e.get("app") == self.app]
        raised = datetime.datetime.fromisoformat(alerts[-1]["at"].replace("Z", "+00:00")).timestamp() if alerts else None
        print(f"        kill -9 → notification {seen / 1000 - killed_at:.3f} s; alert's time → notification "
              f"{(seen / 1000 - raised) if raised else float('nan'):.3f} s; alert on a socket → notification {(seen - arrived) / 1000:.3f} s", flush=True)
        self.r.check(f"[{self.lang}] the notification is up within 1 s of the alert reaching the panel", seen is not None and seen - arrived <= 1000,
                     f"{(seen - arrived) / 1000:.3f} s")
        # The monitor may notice the crash before systemd says why: the reason may come with the next event.
        try:
            self.wait(lambda: self.w["killed"] in card.text, timeout=15, what="the notification's reason")
        except TimeoutError:
            pass  # reported by the check below
        self.r.check(f"[{self.lang}] the notification names the reason: {self.w['killed']}", self.w["killed"] in card.text, card.text)
        self.shot("08-alert")
        marker = self.wait(lambda: self.qa(f'#log-output .log-restart[data-from="{pid}"]'), timeout=30, what="restart marker")[0]
        self.r.check(f"[{self.lang}] a restart marker in the open log view: old and new PID",
                     self.w["restarted"] in marker.text and pid in marker.text and marker.get_attribute("data-to") not in (None, "", pid), marker.text)
        self.wait(lambda: "SIGKILL" in marker.text, timeout=15, what="the marker's reason")
        self.r.check(f"[{self.lang}] the restart marker says why", self.w["killed"] in marker.text, marker.text)
        self.d.execute_script("document.getElementById('log-follow').click(); arguments[0].scrollIntoView({block: 'center'})", marker)
        time.sleep(0.5)
        self.shot("09-logs-restart")
        cards = self.qa(f'#alerts .alert-card[data-app="{self.app}"]')
        self.r.check(f"[{self.lang}] the notification is still there after the restart", bool(cards))
        for each in cards:
            each.find_element(By.CSS_SELECTOR, ".alert-close").click()
        self.r.check(f"[{self.lang}] dismissed, it goes", not self.qa(f'#alerts .alert-card[data-app="{self.app}"]'))

    def resume(self):
        """The agent restarts under an open log view: the view reconnects after the last line it
        showed, so the ticks written meanwhile arrive, each once; when the journal no longer holds
        that line (rotated and vacuumed), the view says lines may be missing."""
        if not self.sandbox:
            self.r.skip("log view resumes after an agent restart", "needs the sandbox")
            return
        self.go(f"/apps/{self.app}/logs")
        self.wait(lambda: self.q("#log-connection").get_attribute("data-status") == "open", what="log socket open")
        self.wait(lambda: self.ticks(), timeout=30, what="ticks")
        for vacuum in (False, True):
            # The app was restarted by the kill step: its numbering started again, so count lines, not numbers.
            before = self.ticks()  # one snapshot: a tick arrives every second
            shown, last = len(before), before[-1]
            self.sandbox.restart_agent(between=(lambda: self.sandbox.vacuum_journal()) if vacuum else None)
            # Ticks go on every second while the agent is down: at least three are written meanwhile.
            self.wait(lambda: len(self.ticks()) >= shown + 5, timeout=90, what="ticks after the agent restarted")
            after = self.ticks()[shown:]
            gaps = self.qa("#log-output .notice-journal-gap")
            if vacuum:
                self.r.check(f"[{self.lang}] resuming after a vacuumed line, the log view says lines may be missing",
                             len(gaps) == 1 and self.w["journal_gap"] in gaps[0].text, [g.text for g in gaps])
                self.r.check(f"[{self.lang}] then the ticks go on, each once", after == sorted(set(after)), after)
            else:
                self.r.check(f"[{self.lang}] after an agent restart the log view resumes: the ticks written meanwhile, each once, none missing",
                             after == list(range(last + 1, last + 1 + len(after))) and not gaps,
                             f"after tick {last}: {after}; {len(gaps)} journal gap notice(s)")
        self.shot("17-logs-resumed")

    def ticks(self):
        """The numbers of the "tick N" lines in the log view, in the order shown."""
        return [int(e.text.rsplit("tick ", 1)[1]) for e in self.qa("#log-output .log-line") if "tick " in e.text]

    def system_log(self):
        self.go("/logs")
        self.wait(lambda: self.q("#log-connection").get_attribute("data-status") == "open", what="system log socket")
        self.wait(lambda: "transports" in self.text("#log-output"), timeout=20, what="a line the agent wrote")
        self.r.check(f"[{self.lang}] /logs shows a line the agent wrote", True)
        started = f"{self.app}.service"
        self.wait(lambda: any(started in e.text and self.w["started"] in e.text for e in self.qa("#log-output .log-line")),
                  timeout=20, what="a started line for the app")
        self.r.check(f"[{self.lang}] /logs shows systemd's 'started' line for the app", True)
        self.shot("10-system-log")

    def detail(self):
        self.go(f"/apps/{self.app}")
        self.wait(lambda: self.qa(".spark-card"), timeout=20, what="resource cards")
        self.wait(lambda: self.qa(".spark polyline"), timeout=30, what="sparklines")
        self.r.check(f"[{self.lang}] CPU and memory sparklines drawn", len(self.qa(".spark polyline")) >= 2)
        self.wait(lambda: self.qa(".event-list .event"), what="events on the detail page")
        self.r.check(f"[{self.lang}] recent events listed on the detail page", len(self.qa(".event-list .event")) > 0)
        self.r.check(f"[{self.lang}] values masked again on a new visit", len(self.qa('.env-value[data-masked="true"]')) == 2)
        self.shot("11-detail-running")

    def drift(self):
        if not self.sandbox:
            self.r.skip("a unit edited by hand is shown and rewritten", "needs the sandbox")
            return
        unit = f"/etc/systemd/system/{self.app}.service"
        self.sandbox.exec("sh", "-c", f"echo '# edited by hand' >> {unit}")
        self.go(f"/apps/{self.app}")
        line = self.wait(lambda: self.q("#drift-line") if self.visible("#drift-line") else None, timeout=30, what="drift line")
        self.r.check(f"[{self.lang}] a unit edited by hand is said plainly on the detail page", line.text.strip() != "", line.text)
        self.click(self.q("#rewrite-unit"))
        self.wait(lambda: self.visible(".modal"), what="rewrite confirm dialog")
        self.q('.modal [data-role="confirm"]').click()
        self.wait(lambda: not self.visible("#drift-line"), timeout=30, what="drift line gone after the rewrite")
        text = self.sandbox.exec("cat", unit).stdout
        self.r.check(f"[{self.lang}] the admin's rewrite put the unit back", "# edited by hand" not in text)

    def select(self):
        if not self.sandbox:
            self.r.skip("/select registers two processes", "needs the sandbox")
            return
        strays = []
        for letter in ("a", "b"):
            name = f"stray-{letter}-{self.lang}"
            folder = f"{self.fixture}-{name}"
            port = free_port()
            self.sandbox.exec("mkdir", "-p", folder)
            self.sandbox.exec("cp", f"{self.fixture}/server.js", f"{folder}/server.js")
            self.sandbox.exec("sh", "-c", f"printf '%s' '{{\"name\": \"{name}\"}}' > {folder}/package.json && chmod -R a+rX {folder}")
            # As nobody, like a real service: the agent refuses to register root apps.
            self.sandbox.spawn("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                               "sh", "-c", f"cd {folder} && PORT={port} exec node server.js")
            self.wait(lambda: http_json(f"http://127.0.0.1:{port}/"), what="stray node process")
            strays.append((name, port, folder))
        self.go("/select")

        def card(name):
            found = [c for c in self.qa(".select-card") if c.find_element(By.CSS_SELECTOR, 'input[data-field="name"]').get_attribute("value") == name]
            return found[0] if found else None

        for name, port, _ in strays:
            found = self.wait(lambda: card(name), timeout=20, what=f"card for {name}")
            self.r.check(f"[{self.lang}] /select pre-fills {name} with its port {port}",
                         found.find_element(By.CSS_SELECTOR, 'input[data-field="port"]').get_attribute("value") == str(port)
                         and found.find_element(By.CSS_SELECTOR, 'input[data-field="script_path"]').get_attribute("value").endswith("/server.js")
                         and found.find_element(By.CSS_SELECTOR, 'select[data-field="runtime"]').get_attribute("value") == "nodejs")
        # The environment only on request: listed unticked and masked; only the ticked PORT is copied.
        first, first_port, _ = strays[0]
        self.click(card(first).find_element(By.CSS_SELECTOR, '[data-action="offer-env"]'))
        picks = self.wait(lambda: card(first).find_elements(By.CSS_SELECTOR, ".env-pick input[data-env]"), what="offered environment")
        names = {p.get_attribute("data-env") for p in picks}
        self.r.check(f"[{self.lang}] /select offers the environment when asked: nothing ticked, values hidden",
                     "PORT" in names and not any(p.is_selected() for p in picks)
                     and str(first_port) not in card(first).find_element(By.CSS_SELECTOR, ".select-env").text, sorted(names))
        self.click([p for p in picks if p.get_attribute("data-env") == "PORT"][0])
        self.shot("12-select")
        for name, _, _ in strays:
            self.click(card(name).find_element(By.CSS_SELECTOR, ".select-check"))
        self.click(self.q("#select-register"))
        for name, _, _ in strays:
            status = lambda: card(name).find_element(By.CSS_SELECTOR, ".select-result").get_attribute("data-status")
            self.wait(lambda: status() in ("ok", "error"), timeout=30, what=f"result for {name}")
            result = card(name).find_element(By.CSS_SELECTOR, ".select-result")
            self.r.check(f"[{self.lang}] /select registered {name}", result.get_attribute("data-status") == "ok" and self.w["registered"] in result.text, result.text)
        apps = {a["name"] for a in http_json(f"{self.base}/api/apps", self.token)["apps"]}
        self.r.check(f"[{self.lang}] both are apps now", all(name in apps for name, _, _ in strays), sorted(apps))
        copied = http_json(f"{self.base}/api/apps/{first}", self.token).get("environment", {})
        self.r.check(f"[{self.lang}] only the ticked variable was copied", copied == {"PORT": str(first_port)}, sorted(copied))
        second = http_json(f"{self.base}/api/apps/{strays[1][0]}", self.token).get("environment", {})
        self.r.check(f"[{self.lang}] nothing copied from a process whose environment was not asked for", second == {}, sorted(second))
        self.shot("13-select-done")
        for name, _, _ in strays:
            http_json(f"{self.base}/api/apps/{name}", self.token, method="DELETE")
            time.sleep(1.1)
        for _, port, folder in strays:
            self.sandbox.exec("sh", "-c", f"for p in /proc/[0-9]*; do [ \"$(readlink $p/cwd)\" = '{folder}' ] && kill ${{p#/proc/}}; done; true", check=False)

    def events(self):
        self.go("/events")
        self.wait(lambda: self.qa("#events-table tr.event-row"), what="events")
        text = self.text("#events-table")
        self.r.check(f"[{self.lang}] events page lists the alert with its reason", self.w["killed"] in text, text[:400])
        self.shot("14-events")

    def tokens(self):
        self.go("/tokens")
        self.wait(lambda: self.qa("#tokens-table tbody tr"), what="tokens")
        self.fill("#token-name", f"panel-viewer-{self.lang}")
        Select(self.q("#token-role")).select_by_value("viewer")
        self.q("#token-name").submit()
        self.wait(lambda: self.visible("#token-value"), what="created token")
        viewer = self.text("#token-value")
        self.r.check(f"[{self.lang}] token created and shown once", len(viewer) > 16)
        self.shot("15-tokens")
        return viewer

    def viewer_session(self, viewer):
        self.q("#logout").click()
        self.wait(lambda: self.visible("#login-form"), what="login after logout")
        self.r.check(f"[{self.lang}] logout returns to the login page", True)
        self.fill("#login-token", viewer)
        self.q("#login-submit").click()
        self.wait(lambda: self.visible("#shell"), what="viewer shell")
        self.go("/apps")
        self.wait(lambda: self.row(self.app) is not None, what="viewer dashboard")
        start = self.row(self.app).find_element(By.CSS_SELECTOR, '[data-action="start"]')
        self.r.check(f"[{self.lang}] a viewer sees disabled operation buttons, with the reason", not start.is_enabled() and start.get_attribute("title") != "")
        self.r.check(f"[{self.lang}] a viewer has no Register link", not self.visible('.sidebar a[data-nav="register"]'))
        self.q("#logout").click()
        self.wait(lambda: self.visible("#login-form"), what="login after logout")
        self.fill("#login-token", self.token)
        self.q("#login-submit").click()
        self.wait(lambda: self.visible("#shell"), what="admin shell")
        self.wait(lambda: self.row(self.app) is not None, what="admin dashboard")

    def dismiss_alerts(self):
        """Closes every alert notification (they stay until dismissed, over the page)."""
        for close in self.qa("#alerts .alert-close"):
            close.click()

    def rate_limit(self):
        self.dismiss_alerts()
        self.go("/apps")
        # Restart, then Stop at once: the agent refuses the second (one operation per app per second).
        # The Stop button is disabled while the row shows the restart's "stopped" step, and on a loaded
        # machine the click may land then: such a try sends nothing, so try again (a few times).
        toasts = []
        for _ in range(5):
            self.wait(lambda: self.row(self.app) is not None and self.row_state(self.app) == "running", timeout=60, what="running row")
            time.sleep(1.2)
            self.row(self.app).find_element(By.CSS_SELECTOR, '[data-action="restart"]').click()
            time.sleep(0.05)
            stop = self.row(self.app).find_element(By.CSS_SELECTOR, '[data-action="stop"]')
            if not stop.is_enabled():
                continue
            stop.click()
            try:
                toasts = self.wait(lambda: [t.text for t in self.qa(".toast") if "[rate_limited]" in t.text], timeout=15, what="rate-limit toast")
                break
            except TimeoutError:
                continue
        self.r.check(f"[{self.lang}] 429 shown with its retry delay", any(re.search(r"\d+ s", t) for t in toasts), toasts)
        time.sleep(1.5)

    def paths_typed(self):
        """Every page path typed into the address bar loads its page; at 390 px no page scrolls sideways."""
        for size, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
            self.resize(size)
            for template in PAGES:
                path = template.format(app=self.app)
                self.d.get(self.base + path)
                self.wait(lambda: self.visible("#shell") and self.q("#view").text.strip() != "", timeout=20, what=f"{path} loaded")
                time.sleep(0.8)
                if label == "desktop":
                    loaded = (self.path().rstrip("/") or "/") == (path.rstrip("/") or "/") and not self.qa("#not-found")
                    self.r.check(f"[{self.lang}] typing {path} loads its page", loaded, self.q("#view").text[:80])
                else:
                    width = self.d.execute_script("return document.documentElement.scrollWidth")
                    self.r.check(f"[{self.lang}] {path} at 390 px: no horizontal scroll", width <= 390, width)
                    if self.lang == "es":
                        self.shot(f"phone{path.replace('/', '-').replace(self.app, 'app') or '-root'}")
            if label == "phone":
                self.q("#menu-toggle").click()
                self.wait(lambda: self.q(".sidebar").rect["x"] >= 0, what="menu open")
                self.r.check(f"[{self.lang}] at 390 px a menu button opens the sections", self.visible('.sidebar a[data-nav="logs"]'))
                self.shot("phone-menu")
                self.q('.sidebar a[data-nav="apps"]').click()
                self.wait(lambda: self.path() == "/apps", what="menu navigation")
                cards = self.wait(lambda: self.qa("#apps-table tbody tr[data-app]"), what="app rows")
                self.r.check(f"[{self.lang}] at 390 px apps are cards", bool(cards) and cards[0].value_of_css_property("display") == "block")
        self.resize(DESKTOP)
        self.d.get(self.base + "/apps")
        self.wait(lambda: self.visible("#shell"), what="shell")

    def api_docs(self):
        self.d.get(self.base + "/api-docs" + ("" if self.lang == "es" else "?lang=en"))
        self.wait(lambda: self.w["api_docs"] in self.body(), what="api docs")
        self.r.check(f"[{self.lang}] /api-docs in the chosen language, with a link back", self.w["back"] in self.body())
        details = self.q("#get_api_health details.try-it")
        details.find_element(By.TAG_NAME, "summary").click()
        details.find_element(By.CSS_SELECTOR, "button").click()
        result = self.wait(lambda: [p for p in details.find_elements(By.CSS_SELECTOR, ".try-result") if "200" in p.text], what="try it result")[0]
        self.r.check(f"[{self.lang}] '{self.w['try']}' sends a GET with the session", '"status"' in result.text, result.text[:200])
        apps = self.q("#get_api_apps details.try-it")
        apps.find_element(By.TAG_NAME, "summary").click()
        apps.find_element(By.CSS_SELECTOR, "button").click()
        result = self.wait(lambda: [p for p in apps.find_elements(By.CSS_SELECTOR, ".try-result") if "200" in p.text], what="try it with the session")[0]
        self.r.check(f"[{self.lang}] a GET that needs a session answers 200 with this browser's session", self.app in result.text, result.text[:200])
        self.shot("16-api-docs")
        self.q("#back-to-panel").click()
        self.wait(lambda: self.visible("#shell"), what="back in the panel")

    def delete(self):
        self.dismiss_alerts()
        self.go("/apps")
        self.wait(lambda: self.row(self.app) is not None, what="app row")
        self.row(self.app).find_element(By.CSS_SELECTOR, '[data-action="delete"]').click()
        self.wait(lambda: self.visible(".modal"), what="confirm dialog")
        self.shot("17-delete-confirm")
        self.q('.modal [data-role="confirm"]').click()
        self.wait(lambda: self.row(self.app) is None, timeout=40, what="row gone")
        self.r.check(f"[{self.lang}] deleted after confirmation: the row is gone", True)

    def switch_language(self, lang):
        """The switch in the top bar changes every word and is remembered after a reload."""
        Select(self.q("#lang-switch")).select_by_value(lang)
        self.wait(lambda: WORDS[lang]["apps"] in self.text('.sidebar a[data-nav="apps"]'), what="switched words")
        self.d.refresh()
        self.wait(lambda: self.visible("#shell"), what="shell after reload")
        self.r.check(f"[{lang}] the language switch is remembered after a reload",
                     self.d.execute_script("return document.documentElement.lang") == lang and WORDS[lang]["apps"] in self.text('.sidebar a[data-nav="apps"]'))

    def no_privileges(self):
        """A second agent in the same sandbox, as nobody: polkit says no, so the panel says so in one
        sentence (the exact rule behind "how to fix", with a copy button) and disables what cannot work."""
        if not self.sandbox:
            self.r.skip("an agent without privileges", "needs the sandbox")
            return
        port = free_port()
        state = "/var/lib/siax-agent-unprivileged"
        self.sandbox.exec("mkdir", "-p", state)
        self.sandbox.exec("chown", "nobody", state)
        self.sandbox.spawn("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env",
                           f"SIAX_ADMIN_TOKEN={self.token}", f"SIAX_LISTEN=127.0.0.1:{port}", f"SIAX_STATE_DIR={state}",
                           f"SIAX_PLUGINS_DIR={REPO}/Plugins", self.sandbox.binary_staged, "serve",
                           log=os.path.join(self.shots, "agent-unprivileged.log"))
        base = f"http://127.0.0.1:{port}"
        health = self.wait(lambda: http_json(base + "/api/health"), timeout=60, what="unprivileged agent")
        self.r.check(f"[{self.lang}] an agent running as nobody reports missing privileges", health["privileges"]["ok"] is False, health["privileges"])
        self.d.get(base + "/")
        self.wait(lambda: self.visible("#login-form"), what="login form")
        self.fill("#login-token", self.token)
        self.q("#login-submit").click()
        banner = self.wait(lambda: [b for b in self.qa("#privileges-banner") if b.is_displayed()], what="privilege banner")[0]
        sentence = banner.find_element(By.CSS_SELECTOR, ".banner-sentence").text
        self.r.check(f"[{self.lang}] the banner is one sentence, without the rule", sentence.count(".") <= 1 and "polkit.addRule" not in banner.text, banner.text)
        banner.find_element(By.TAG_NAME, "summary").click()
        rule = self.wait(lambda: self.q("#privileges-rule").text if self.q("#privileges-rule").is_displayed() else None, what="the rule")
        self.r.check(f"[{self.lang}] 'how to fix' opens the exact rule with a copy button",
                     rule.startswith("polkit.addRule(") and rule.endswith("});") and self.visible("#privileges-copy"), rule)
        self.shot("18-no-privileges")
        self.go("/register")
        submit = self.wait(lambda: self.q("#register-submit") if self.visible("#register-blocked") else None, what="register blocked")
        self.r.check(f"[{self.lang}] Register is disabled with the reason", not submit.is_enabled() and submit.get_attribute("title") != "", submit.get_attribute("title"))
        self.go("/select")
        button = self.wait(lambda: self.qa("#select-register"), what="select page")[0]
        self.r.check(f"[{self.lang}] registering adopted processes is disabled with the reason", not button.is_enabled() and button.get_attribute("title") != "")

    def console_errors(self):
        try:
            entries = self.d.get_log("browser")
        except WebDriverException:
            return
        errors = [e["message"] for e in entries if e.get("level") == "SEVERE"
                  and "Failed to load resource" not in e["message"] and "WebSocket connection" not in e["message"]]
        self.r.check(f"[{self.lang}] no JavaScript errors in the console", not errors, errors[:5])

    def run(self, logged_in=False):
        if not logged_in:
            self.step(self.login)
        for step in (self.register_errors, self.register):
            self.step(step)
        pid = self.step(self.start_from_dashboard)
        self.step(self.logs)
        if pid:
            self.step(lambda: self.kill(pid), name="kill")
        for step in (self.system_log, self.detail, self.drift, self.select, self.events):
            self.step(step)
        viewer = self.step(self.tokens)
        if viewer:
            self.step(lambda: self.viewer_session(viewer), name="viewer_session")
        for step in (self.rate_limit, self.paths_typed, self.api_docs, self.resume, self.delete, self.console_errors):
            self.step(step)

    def step(self, fn, name=None):
        name = name or fn.__name__
        print(f"- [{self.lang}] {name}", flush=True)
        try:
            return fn()
        except Exception as error:  # noqa: BLE001 — a step's failure is a result, the run goes on
            self.r.check(f"[{self.lang}] {name} completed", False, f"{type(error).__name__}: {error}")
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
        # The whole journey in Spanish (the browser asks for Spanish), then switched to English
        # in the top bar (remembered after a reload) and the whole journey again.
        spanish = PanelTest(driver, base, token, fixture, args.shots, results, sandbox, lang="es")
        spanish.run()
        spanish.step(lambda: spanish.switch_language("en"), name="switch_language")
        PanelTest(driver, base, token, fixture, args.shots, results, sandbox, lang="en").run(logged_in=True)
        spanish.step(spanish.no_privileges)
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
