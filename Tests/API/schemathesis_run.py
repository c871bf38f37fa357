#!/usr/bin/env python3
"""Schemathesis against the agent's own /openapi.json, in a private sandboxed systemd.

Boots a sandbox (scripts/sandbox), runs the debug `siax-agent serve` inside it with an
admin token and a webhook secret, generates requests from the agent's OpenAPI document
(a fixed seed, so every run sends the same ones) and checks that no answer is a 5xx and
that every answer matches the document: status codes, content types, headers, bodies,
405 with `Allow` for undeclared methods, and refusal of invalid data.

Not checked: `positive_data_acceptance` (a valid-looking spec is refused when its script
does not exist on this host: no schema can say that) and `ignored_auth` (repeated wrong
tokens from one address are throttled with 429, as documented). For that throttle, the log-in
route, whose generated tokens are all wrong, is run on its own after the others.

    Tests/API/schemathesis_run.py --binary .build/debug/siax-agent --schemathesis .venv-test/bin/schemathesis
"""
import argparse
import os
import secrets
import subprocess
import sys
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,"
          "response_schema_conformance,negative_data_rejection,unsupported_method,allow_header_conformance,"
          "use_after_free,ensure_resource_availability")
LOGIN = "POST /api/session"


def sandbox(*arguments, **kwargs):
    return subprocess.run([os.path.join(REPO, "scripts/sandbox"), *arguments], cwd=REPO, **kwargs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--schemathesis", required=True)
    parser.add_argument("--port", type=int, default=18151)
    parser.add_argument("--examples", type=int, default=20)
    args = parser.parse_args()

    token = "st-" + secrets.token_hex(16)
    pid = sandbox("up", check=True, stdout=subprocess.PIPE, text=True,
                  env={**os.environ, "SIAX_SANDBOX_SHARE": REPO}).stdout.strip()
    agent = None
    try:
        environment = ["env", f"SIAX_ADMIN_TOKEN={token}", f"SIAX_LISTEN=127.0.0.1:{args.port}",
                       "SIAX_STATE_DIR=/var/lib/siax-schemathesis", "SIAX_OPERATION_INTERVAL_S=0.01",
                       "SIAX_WEBHOOK_SECRETS=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]
        agent = subprocess.Popen([os.path.join(REPO, "scripts/sandbox"), "exec", pid, "--", *environment,
                                  args.binary, "serve"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{args.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/api/health", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or agent.poll() is not None:
                    print("schemathesis: the agent did not come up", file=sys.stderr)
                    return 1
                time.sleep(0.2)
        command = [args.schemathesis, "run", url + "/openapi.json", "-H", f"Authorization: Bearer {token}",
                   "--checks", CHECKS, "--max-examples", str(args.examples), "--seed", "20261206",
                   "--workers", "1", "--no-color"]
        # Generated logins are wrong tokens: ten of them throttle this address for a minute (429 to
        # every route, valid token or not). So the log-in route runs last, after every other route.
        codes = [subprocess.run(command + ["--exclude-name", LOGIN], cwd=REPO).returncode,
                 subprocess.run(command + ["--include-name", LOGIN], cwd=REPO).returncode]
        return next((code for code in codes if code != 0), 0)
    finally:
        sandbox("down", pid, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if agent is not None:
            agent.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
