#!/usr/bin/env python3
"""tools/bench/baselines.py: issue 13's two baselines beside Redress, on the same rows, in one run.
Every figure is the median of --runs runs of wall-clock time (whole processes, start-up included); each
Redress run alternates with its baseline's, so that the machine's drift weighs on both alike.

  import    `redress import` of N generated complaints into an empty ledger (every SPEC §1 check, the
            hash chain, the ledger tree and head, both projections folded in the same transaction),
            against the sqlite3 shell's `.import` of the very same rows (exported from that ledger as CSV,
            the two BLOB columns as hex text) into the same `events` table and indexes, WAL and
            synchronous=FULL as the ledger, in one transaction: it checks and hashes nothing.
  rebuild   `redress projections rebuild` (both projections, from position 0), against one SQL statement
            that materialises each complaint's recovery milestones with GROUP BY complaint_id (first
            acknowledge/compensate/close, last close, first follow-up, reopens, latest rating,
            channel/category/severity through json_extract) — what a team without Redress would write.
  metrics   `redress metrics` for one month while nothing else runs, and while an import of another
            --complaints into the same ledger runs (reports read; they never wait for the writer).

Beside them, what limits the import: the same rows inserted through SQLite's C API
(tools/bench/rawsqlite.c, one transaction, nothing parsed, checked or hashed, the close's WAL copy
included) — the floor of writing these rows; and everything the import stores (those rows, then the rows
of both projections' read models, copied from the ledger it wrote, in one transaction through the C API:
`rawsqlite stored`) — the floor of the import's writer, which no Swift work on it can go below. All four
run in turn, run after run. And the peak resident memory of the import and rebuild processes.

Prints Markdown (and writes --out). Usage:
  tools/bench/baselines.py [--sizes 10000,100000,500000] [--runs 3] [--out bench-baselines.md]
"""
import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


GROUP_BY = """
PRAGMA synchronous=FULL;
BEGIN;
DROP TABLE IF EXISTS milestones;
CREATE TABLE milestones AS
SELECT complaint_id,
       min(CASE WHEN type = 'received' THEN occurred_ms END)     AS received_ms,
       min(CASE WHEN type = 'acknowledged' THEN occurred_ms END) AS first_acknowledged_ms,
       min(CASE WHEN type = 'compensated' THEN occurred_ms END)  AS first_compensated_ms,
       min(CASE WHEN type = 'closed' THEN occurred_ms END)       AS first_closed_ms,
       max(CASE WHEN type = 'closed' THEN occurred_ms END)       AS last_closed_ms,
       min(CASE WHEN type = 'followed-up' THEN occurred_ms END)  AS first_followed_up_ms,
       sum(type = 'reopened')                                    AS reopens,
       max(CASE WHEN type = 'followed-up' AND json_extract(data, '$.satisfaction') IS NOT NULL
                THEN position * 10 + json_extract(data, '$.satisfaction') END) % 10 AS latest_rating,
       max(CASE WHEN type = 'received' THEN json_extract(data, '$.channel') END)  AS channel,
       max(CASE WHEN type = 'received' THEN json_extract(data, '$.category') END) AS category,
       max(CASE WHEN type = 'received' THEN coalesce(json_extract(data, '$.severity'), 'medium') END) AS severity
FROM events GROUP BY complaint_id;
COMMIT;
"""


def sh(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def wall(args, **kw):
    start = time.monotonic()
    sh(args, **kw)
    return time.monotonic() - start


def measured(args):
    """Wall seconds and peak resident MB of one process."""
    start = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def fresh(path):
    for suffix in ("", "-wal", "-shm", ".lock"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,500000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--month", default="2026-03")
    parser.add_argument("--metrics-complaints", type=int, default=100000)
    parser.add_argument("--out", default="bench-baselines.md")
    args = parser.parse_args()
    os.chdir(ROOT)
    print("building (release)…", file=sys.stderr)
    sh(["swift", "build", "-c", "release", "--product", "redress"])
    redress = os.path.join(sh(["swift", "build", "-c", "release", "--show-bin-path"]).stdout.strip(), "redress")
    work = tempfile.mkdtemp(prefix="redress-baselines-")
    raw = os.path.join(work, "rawsqlite")
    sh(["gcc", "-O2", "-o", raw, os.path.join(ROOT, "tools/bench/rawsqlite.c"), "-lsqlite3"])
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        data = os.path.join(work, f"data-{size}.ndjson")
        sh([redress, "generate", "--complaints", str(size), "--seed", "1", "--months", "6", "-o", data])
        events = sum(1 for _ in open(data, "rb"))
        ledger = os.path.join(work, f"ledger-{size}.sqlite")
        # One import first (not counted), for the rows the shell imports: then the two alternate, run
        # after run, so that the machine's drift (seen at 10-30% over minutes) weighs on both alike.
        fresh(ledger)
        sh([redress, "--db", ledger, "import", data])
        # The ledger's own `events` table, indexes and triggers (which refuse only UPDATE and DELETE).
        ddl = sh(["sqlite3", ledger, ".schema events"]).stdout
        csv = os.path.join(work, f"rows-{size}.csv")
        with open(csv, "w") as f:
            subprocess.run(["sqlite3", "-csv", ledger,
                            "SELECT position, hex(event_id), complaint_id, version, type, occurred_at, occurred_ms, "
                            "recorded_ms, actor, data, hex(hash) FROM events ORDER BY position"],
                           check=True, stdout=f)
        shell = os.path.join(work, f"shell-{size}.sqlite")
        copied = os.path.join(work, "raw.sqlite")
        imports, import_rss, shells, inserts, stored = [], [], [], [], []
        for _ in range(args.runs):
            fresh(ledger)
            seconds, rss = measured([redress, "--db", ledger, "import", data])
            imports.append(seconds)
            import_rss.append(rss)
            fresh(shell)
            sh(["sqlite3", shell], input="PRAGMA journal_mode=WAL;\n" + ddl)
            shells.append(wall(["sqlite3", shell], input=f"PRAGMA synchronous=FULL;\n.import --csv {csv} events\n"))
            fresh(copied)
            inserts.append(float(sh([raw, "import", ledger, copied, "0"]).stdout.split()[2]))
            fresh(copied)
            out = sh([raw, "stored", ledger, copied]).stdout.split()
            stored.append(float(out[2]))
            read_model_rows = int(out[3])
        count = sh(["sqlite3", shell, "SELECT count(*) FROM events"]).stdout.strip()
        if int(count) != events:
            raise SystemExit(f"the shell imported {count} rows, not {events}")
        rebuilds, rebuild_rss, views = [], [], []
        for _ in range(args.runs):
            sh(["sqlite3", ledger, "DROP TABLE IF EXISTS milestones"])  # the rebuild runs on the ledger alone
            seconds, rss = measured([redress, "--db", ledger, "projections", "rebuild"])
            rebuilds.append(seconds)
            rebuild_rss.append(rss)
            views.append(wall(["sqlite3", ledger], input=GROUP_BY))
        complaints = int(sh(["sqlite3", ledger, "SELECT count(*) FROM milestones"]).stdout)
        sh(["sqlite3", ledger, "DROP TABLE milestones"])
        # Each run's own ratio too (a run and its baseline's, one after the other): their range shows
        # how far the machine moved the ratio within this run.
        import_ratios = [s / i for s, i in zip(shells, imports)]
        ceiling_ratios = [s / c for s, c in zip(shells, stored)]
        rebuild_ratios = [v / r for v, r in zip(views, rebuilds)]
        rows.append((size, events, complaints, statistics.median(imports), statistics.median(shells),
                     statistics.median(inserts), statistics.median(rebuilds), statistics.median(views),
                     max(import_rss), max(rebuild_rss),
                     (min(import_ratios), max(import_ratios)), (min(rebuild_ratios), max(rebuild_ratios)),
                     read_model_rows, statistics.median(stored), (min(ceiling_ratios), max(ceiling_ratios))))
        print(f"{size}: {rows[-1]}", file=sys.stderr)
    # Reports while a writer imports: the first half of a generated file's lines imported, then one
    # month's metrics read again and again while the second half imports into the same ledger.
    size = args.metrics_complaints
    ledger = os.path.join(work, "metrics.sqlite")
    fresh(ledger)
    data = os.path.join(work, f"metrics-{size}.ndjson")
    sh([redress, "generate", "--complaints", str(size), "--seed", "1", "--months", "6", "-o", data])
    with open(data, "rb") as f:
        all_lines = f.readlines()
    first, second = os.path.join(work, "first.ndjson"), os.path.join(work, "second.ndjson")
    with open(first, "wb") as f:
        f.writelines(all_lines[: len(all_lines) // 2])
    with open(second, "wb") as f:
        f.writelines(all_lines[len(all_lines) // 2:])
    sh([redress, "--db", ledger, "import", first])
    idle = [wall([redress, "--db", ledger, "metrics", "--month", args.month, "--format", "json"]) for _ in range(7)]
    writer = subprocess.Popen([redress, "--db", ledger, "import", second], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    busy = []
    while writer.poll() is None:
        busy.append(wall([redress, "--db", ledger, "metrics", "--month", args.month, "--format", "json"]))
    if writer.returncode != 0:
        raise SystemExit(f"the concurrent import failed: {writer.stderr.read()}")
    lines = [
        f"`tools/bench/baselines.py --sizes {args.sizes} --runs {args.runs}` — {platform.machine()}, "
        f"{os.cpu_count()} cores, {platform.system()} {platform.release()}, sqlite3 shell "
        f"{sh(['sqlite3', '--version']).stdout.split()[0]}; medians of {args.runs} runs, wall clock of whole processes; "
        "a ratio is of the medians, in brackets the lowest and highest of the runs' own ratios.",
        "",
        "| complaints | events | `redress import` s | shell `.import` s | import ratio (runs' range) | C-API insert s "
        "| `projections rebuild` s | SQL `GROUP BY` s | rebuild ratio (runs' range) | peak RSS import / rebuild, MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, events, complaints, imp, shell, insert, rebuild, view, imp_rss, reb_rss, ir, rr, *_ in rows:
        lines.append(f"| {size:,} | {events:,} | {imp:.2f} | {shell:.2f} | {shell / imp:.2f}× ({ir[0]:.2f}–{ir[1]:.2f}) "
                     f"| {insert:.2f} | {rebuild:.2f} | {view:.2f} | {view / rebuild:.2f}× ({rr[0]:.2f}–{rr[1]:.2f}) "
                     f"| {imp_rss:.0f} / {reb_rss:.0f} |")
    lines += [
        "",
        "The import's writer floor: everything the import stores — its events, then the rows of both projections' "
        "read models — inserted through the C API in one transaction (`rawsqlite stored`), run in turn with the four "
        "above; the shell's time over it is the most any import that stores these rows could reach on one writer.",
        "",
        "| complaints | events | read-model rows | C-API insert of all it stores s | shell `.import` s "
        "| shell / that (runs' range) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for size, events, complaints, imp, shell, insert, rebuild, view, imp_rss, reb_rss, ir, rr, extra, floor, cr in rows:
        lines.append(f"| {size:,} | {events:,} | {extra:,} | {floor:.2f} | {shell:.2f} "
                     f"| {shell / floor:.2f}× ({cr[0]:.2f}–{cr[1]:.2f}) |")
    lines += [
        "",
        f"`metrics --month {args.month}` on the first half of {args.metrics_complaints:,} complaints' events: "
        f"{statistics.median(idle) * 1000:.0f} ms idle (median of 7); while `import` of the second half ran: median "
        f"{statistics.median(busy) * 1000:.0f} ms, max {max(busy) * 1000:.0f} ms over {len(busy)} runs.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    with open(args.out, "w") as f:
        f.write(text)


main()
