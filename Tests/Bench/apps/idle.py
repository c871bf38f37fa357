"""A Python app that serves nothing, for scripts/bench's side-by-side comparison: it sleeps until stopped."""

import signal

signal.pause()
