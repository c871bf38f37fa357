"""Test fixture: a FastAPI app `app` (run with uvicorn main:app).

GET / answers {"pid": <pid>, "app": "fastapi-app"}. At import it prints $LINES
(default 20) lines "line 1" … "line N" to stdout, flushed at once.
"""

import os

from fastapi import FastAPI

for i in range(1, int(os.environ.get("LINES", "20")) + 1):
    print(f"line {i}", flush=True)

app = FastAPI()


@app.get("/")
def root() -> dict:
    return {"pid": os.getpid(), "app": "fastapi-app"}
