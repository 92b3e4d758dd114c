#!/usr/bin/env python3
"""tools/bench/calendar.py: what the SLA clock of SPEC 7 costs (issue 27's budget: a full rebuild
plus a month's metrics with the Korean calendar at most 1.2x the same with the calendar clock).

One ledger of --complaints generated with Policies/korea.json (staff in working hours, pauses),
then, alternating run by run so that a slow minute hits both: `projections rebuild` followed by
`metrics --month M` with the built-in policy (calendar clock), and the same with
Policies/korea.json (business clock, 46 holidays). Also the metrics alone and `due` alone on each
clock. Medians of --runs; prints a Markdown table.

  python3 tools/bench/calendar.py --complaints 100000 --runs 5
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def sh(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def wall(args):
    started = time.perf_counter()
    sh(args)
    return time.perf_counter() - started


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--complaints", type=int, default=100_000)
    p.add_argument("--months", type=int, default=6)
    p.add_argument("--month", default="2026-03")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--work", default="/tmp/redress-bench-calendar")
    a = p.parse_args()

    print("calendar bench: building redress (release)", file=sys.stderr)
    sh(["swift", "build", "-c", "release", "--product", "redress"], cwd=ROOT)
    binary = os.path.join(sh(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT).stdout.strip(), "redress")
    korea = os.path.join(ROOT, "Policies", "korea.json")
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    data = os.path.join(a.work, "in.ndjson")
    db = os.path.join(a.work, "ledger.sqlite")
    sh([binary, "generate", "--complaints", str(a.complaints), "--months", str(a.months), "--policy", korea,
        "-o", data])
    sh([binary, "--db", db, "import", data])
    events = sum(1 for _ in open(data, encoding="utf-8"))
    print(f"calendar bench: {a.complaints} complaints, {events} events; {a.runs} alternating runs", file=sys.stderr)

    clocks = {"calendar clock (built-in policy)": [], "business clock (Policies/korea.json)": [korea]}
    results = {name: {"rebuild+metrics": [], "metrics": [], "due": []} for name in clocks}
    for run in range(a.runs):
        for name, policy in clocks.items():
            flag = ["--policy", policy[0]] if policy else []
            rebuild = wall([binary, "--db", db, "projections", "rebuild"])
            metrics = wall([binary, "--db", db, "metrics", "--month", a.month, "--format", "json"] + flag)
            results[name]["rebuild+metrics"].append(rebuild + metrics)
            results[name]["metrics"].append(metrics)
            results[name]["due"].append(
                wall([binary, "--db", db, "due", "--at", "2026-06-30T18:00:00+09:00", "--format", "json"] + flag))
    base = "calendar clock (built-in policy)"
    lines = [
        f"SLA clock cost at {a.complaints:,} complaints ({events:,} events), month {a.month}, medians of {a.runs} "
        "alternating runs (seconds; ratio: business over calendar clock)",
        "",
        "| clock | rebuild + metrics | metrics | due |",
        "|---|---:|---:|---:|",
    ]
    for name in clocks:
        cells = []
        for key in ["rebuild+metrics", "metrics", "due"]:
            value = statistics.median(results[name][key])
            ratio = value / statistics.median(results[base][key])
            cells.append(f"{value:.2f}" + ("" if name == base else f" ({ratio:.2f}x)"))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    print("\n".join(lines))
    shutil.rmtree(a.work, ignore_errors=True)


if __name__ == "__main__":
    main()
