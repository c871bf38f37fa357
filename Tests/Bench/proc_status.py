"""What the bench helpers read of a process in /proc (run in its PID namespace)."""


def rss_mib(pid):
    """The process's VmRSS in MiB."""
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024
