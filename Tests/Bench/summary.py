#!/usr/bin/env python3
"""Prints scripts/bench's summary table from a results file (see figures.py).

Usage: summary.py RESULTS [--markdown] [--partial]
Also lists the expected sections that recorded nothing (a step that failed), unless
--partial says that only some parts were run.
"""

import sys

import figures

EXPECTED = ["status of", "start+stop", "live burst", "write → consumer", "GET /api/apps", "agent CPU", "agent private memory",
            "agent RSS, idle", "full /proc scan", "stream (D-Bus", "stream (systemctl", "scaling:", "side by side:", "log follow:"]


def verdict(row):
    return {True: "PASS", False: "MISS", None: "info"}[row.get("pass")]


def main():
    markdown = "--markdown" in sys.argv
    path = next(a for a in sys.argv[1:] if not a.startswith("--"))
    rows = figures.load(path)
    header = ["figure", "value", "baseline (same run)", "ratio", "target", "result"]
    table = [[r["figure"], r["value"], r["baseline"], r["ratio"], r["target"], verdict(r)] for r in rows]
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for line in table:
            print("| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |")
    else:
        widths = [max(len(str(c)) for c in column) for column in zip(header, *table)]
        rule = "  ".join("-" * w for w in widths)
        print(rule)
        print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
        print(rule)
        for line in table:
            print("  ".join(str(c).ljust(w) for c, w in zip(line, widths)))
        print(rule)
    missing = [] if "--partial" in sys.argv else [e for e in EXPECTED if not any(e in r["figure"] for r in rows)]
    counts = {v: sum(verdict(r) == v for r in rows) for v in ("PASS", "MISS", "info")}
    print(f"{counts['PASS']} PASS, {counts['MISS']} MISS, {counts['info']} for context"
          + (f"; NOT MEASURED (step failed): {', '.join(missing)}" if missing else ""))


if __name__ == "__main__":
    main()
