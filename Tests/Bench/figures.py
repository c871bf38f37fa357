"""Rows of scripts/bench's summary table: one JSON object per line in a results file.

Each row: figure, value, baseline (measured in the same run), ratio, target, and pass
(true, false, or null for a figure shown for context without a target). siax-bench
writes the same rows (Sources/Bench/Figure.swift).
"""

import json


def record(path, figure, value, baseline, ratio, target, passed):
    row = {"figure": figure, "value": value, "baseline": baseline, "ratio": ratio, "target": target, "pass": passed}
    with open(path, "a") as f:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")


def load(path):
    try:
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def times(ratio, digits=1):
    return f"{ratio:.{digits}f}x"
