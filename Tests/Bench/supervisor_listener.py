#!/usr/bin/env python3
"""A supervisord event listener for scripts/bench: forwards each event it is sent
(`[eventlistener:]` with `events=PROCESS_STATE`) at once as one UDP datagram (the
header line, a blank line, the payload) to 127.0.0.1:PORT, where compare_managers.py
stamps its arrival. Speaks supervisord's listener protocol on stdin/stdout.

Usage (in supervisord.conf): command=python3 supervisor_listener.py PORT
"""

import socket
import sys


def main():
    target = ("127.0.0.1", int(sys.argv[1]))
    out = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    while True:
        sys.stdout.write("READY\n")
        sys.stdout.flush()
        header = sys.stdin.readline()
        if not header:
            return
        fields = dict(token.split(":", 1) for token in header.split())
        payload = sys.stdin.read(int(fields["len"]))
        out.sendto(f"{header.strip()}\n\n{payload}".encode(), target)
        sys.stdout.write("RESULT 2\nOK")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
