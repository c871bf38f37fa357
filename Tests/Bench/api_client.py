"""A minimal client of the agent's REST API (urllib, Bearer token), for the bench helpers."""

import json
import time
import urllib.error
import urllib.request


class API:
    def __init__(self, url, token):
        self.url = url.rstrip("/")
        self.token = token

    def call(self, method, path, body=None, timeout=60):
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"null")

    def wait_healthy(self, timeout=60):
        deadline = time.time() + timeout
        while True:
            try:
                return self.call("GET", "/api/health", timeout=5)
            except (urllib.error.URLError, OSError):
                if time.time() > deadline:
                    raise
                time.sleep(0.25)


if __name__ == "__main__":
    # api_client.py URL: waits until GET URL/api/health answers (60 s at most).
    import sys

    API(sys.argv[1], "").wait_healthy()
