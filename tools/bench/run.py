#!/usr/bin/env python3
"""tools/bench: Redress side by side with raw SQLite (C API) and Python's eventsourcing, on the
same generated data, in one run. Every figure is the median of --runs runs; ratios are computed
from figures measured in this same run. Prints a Markdown report (and writes it to --out).
"""
import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def sh(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def timed(args, env=None):
    """Runs a command under /usr/bin/time; returns (stdout, wall seconds, peak RSS in MB)."""
    proc = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + args, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(args)} failed: {proc.stderr.strip()}")
    wall, rss = proc.stderr.strip().splitlines()[-1].split()
    return proc.stdout, float(wall), int(rss) / 1024


def rate(out):
    """'<rows> <seconds>' → rows per second."""
    rows, seconds = out.split()[:2]
    return int(rows) / float(seconds)


def median(values):
    return statistics.median(values)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", default="10000,100000,500000", help="complaints per size, comma-separated")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--peer-max", type=int, default=10000, help="largest size the (slow) peer runs at")
    p.add_argument("--appends", type=int, default=2000, help="events for the durable single-append test")
    p.add_argument("--month", default="2026-03")
    p.add_argument("--work", default="/tmp/redress-bench")
    p.add_argument("--out", default=os.path.join(ROOT, "bench-results.md"))
    p.add_argument("--keep", action="store_true", help="keep the generated data and ledgers in --work (up to ~2 GB)")
    a = p.parse_args()

    sizes = [int(s) for s in a.sizes.split(",")]
    # Measured here (2 cores): about 0.4 s of benchmarking per 1,000 complaints, times --runs / 3, plus the builds.
    minutes = max(1, round(sum(sizes) / 1000 * 0.4 * a.runs / 3 / 60)) + 4
    print(f"bench: sizes {a.sizes}, {a.runs} runs each: about {minutes} minutes here; working directory {a.work} "
          f"(about {sum(sizes) * 4 // 1000} MB at its largest{', kept' if a.keep else ', cleaned up at the end'})", file=sys.stderr)
    started = time.time()
    os.makedirs(a.work, exist_ok=True)
    print("bench: building redress (release), the C baseline and the peer's virtualenv", file=sys.stderr)
    sh(["swift", "build", "-c", "release", "--product", "redress"], cwd=ROOT)
    sh(["swift", "build", "-c", "release", "--product", "RedressBench"], cwd=ROOT)
    bin_dir = sh(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT).stdout.strip()
    redress, inproc = os.path.join(bin_dir, "redress"), os.path.join(bin_dir, "RedressBench")
    raw = os.path.join(a.work, "rawsqlite")
    sh(["gcc", "-O2", "-o", raw, os.path.join(ROOT, "tools/bench/rawsqlite.c"), "-lsqlite3"])
    venv = os.path.join(a.work, "venv")
    if not os.path.exists(os.path.join(venv, "bin/python")):
        sh([sys.executable, "-m", "venv", venv])
        sh([os.path.join(venv, "bin/pip"), "install", "-q", "eventsourcing>=9.5,<10"])
    peer_version = sh([os.path.join(venv, "bin/pip"), "show", "eventsourcing"]).stdout.split("Version: ")[1].split()[0]
    peer = [os.path.join(venv, "bin/python"), os.path.join(ROOT, "tools/bench/peer_eventsourcing.py")]

    results = []
    for size in sizes:
        print(f"bench: {size} complaints", file=sys.stderr)
        data = os.path.join(a.work, f"data-{size}.ndjson")
        if not os.path.exists(data):
            sh([redress, "generate", "--complaints", str(size), "--seed", "1", "--months", "6", "-o", data])
        events = sum(1 for _ in open(data, "rb"))
        ledger = os.path.join(a.work, f"ledger-{size}.sqlite")
        r = {"size": size, "events": events}

        imports, import_rss = [], []
        for _ in range(a.runs):
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(ledger + suffix):
                    os.remove(ledger + suffix)
            out, wall, rss = timed([redress, "--db", ledger, "import", data])
            seconds = float(re.search(r"\(([0-9.]+) s\)", out).group(1))
            imports.append(events / seconds)
            import_rss.append(rss)
        r["import"], r["import_rss"] = median(imports), max(import_rss)
        pages = sh(["sqlite3", ledger, "PRAGMA page_count"]).stdout.strip()
        page_size = sh(["sqlite3", ledger, "PRAGMA page_size"]).stdout.strip()
        r["bytes_per_event"] = int(pages) * int(page_size) / events
        r["raw_import"] = median([rate(sh([raw, "import", ledger, os.path.join(a.work, "raw.sqlite")]).stdout) for _ in range(a.runs)])
        r["raw_scan"] = median([rate(sh([raw, "scan", ledger]).stdout) for _ in range(a.runs)])
        r["append"] = median([rate(sh([inproc, "append", data, os.path.join(a.work, "append.sqlite"), str(a.appends)]).stdout) for _ in range(a.runs)])
        r["raw_append"] = median([rate(sh([raw, "append", ledger, os.path.join(a.work, "raw-append.sqlite"), str(a.appends)]).stdout) for _ in range(a.runs)])

        rebuilds, rebuild_rss = [], []
        for _ in range(a.runs):
            out, wall, rss = timed([redress, "--db", ledger, "projections", "rebuild", "recovery"])
            seconds = float(re.search(r"in ([0-9.]+) s", out).group(1))
            rebuilds.append(events / seconds)
            rebuild_rss.append(rss)
        r["rebuild"], r["rebuild_rss"] = median(rebuilds), max(rebuild_rss)
        sh([redress, "--db", ledger, "projections", "rebuild", "rewards"])
        reports = {}
        for command in ("metrics", "rewards"):
            walls = []
            for _ in range(max(a.runs, 5)):
                _, wall, rss = timed([redress, "--db", ledger, command, "--month", a.month, "--format", "json"])
                walls.append(wall)
            reports[command] = median(walls)
        r["metrics_s"], r["rewards_s"] = reports["metrics"], reports["rewards"]

        if size <= a.peer_max:
            peer_db = os.path.join(a.work, f"peer-{size}.db")
            r["peer_import"] = median([rate(sh(peer + ["import", data, peer_db]).stdout) for _ in range(a.runs)])
            r["peer_rebuild"] = median([rate(sh(peer + ["rebuild", peer_db]).stdout) for _ in range(a.runs)])
        results.append(r)

    report = render(results, a, peer_version)
    print(report)
    with open(a.out, "w") as f:
        f.write(report)
    if not a.keep:
        # The data and ledgers go; the C baseline and the peer's virtualenv stay for the next run.
        for name in os.listdir(a.work):
            if name.startswith(("data-", "ledger-", "peer-", "raw", "append")) and name not in ("rawsqlite",):
                path = os.path.join(a.work, name)
                if os.path.isfile(path):
                    os.remove(path)
    print(f"bench: done in {(time.time() - started) / 60:.1f} minutes; results in {a.out}"
          + ("" if a.keep else f"; data and ledgers removed from {a.work}"), file=sys.stderr)


def render(results, a, peer_version):
    def k(x):
        return f"{x / 1000:,.1f}k"

    lines = []
    cpu = "?"
    try:
        cpu = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")][0]
    except (OSError, IndexError):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    sqlite_version = sh(["sqlite3", "--version"]).stdout.split()[0]
    lines.append(f"Machine: {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {platform.system()} {platform.release()}; "
                 f"SQLite {sqlite_version}; eventsourcing {peer_version}; {a.runs} runs per figure (median); "
                 f"run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.")
    lines.append("")
    lines.append("| complaints | events | import ev/s: Redress | raw SQLite | peer | Redress ÷ raw | Redress ÷ peer |")
    lines.append("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        peer = r.get("peer_import")
        versus_peer = f"{r['import'] / peer:.1f}×" if peer else "—"
        lines.append(f"| {r['size']:,} | {r['events']:,} | {k(r['import'])} | {k(r['raw_import'])} | {k(peer) if peer else '—'} | "
                     f"{r['import'] / r['raw_import']:.2f}× | {versus_peer} |")
    lines.append("")
    lines.append("| complaints | rebuild `recovery` ev/s: Redress | raw scan, every column | peer (notification log) | Redress ÷ raw scan | Redress ÷ peer |")
    lines.append("|---:|---:|---:|---:|---:|---:|")
    for r in results:
        peer = r.get("peer_rebuild")
        versus_peer = f"{r['rebuild'] / peer:.1f}×" if peer else "—"
        lines.append(f"| {r['size']:,} | {k(r['rebuild'])} | {k(r['raw_scan'])} | {k(peer) if peer else '—'} | "
                     f"{r['rebuild'] / r['raw_scan']:.2f}× | {versus_peer} |")
    lines.append("")
    lines.append(f"| complaints | durable single appends/s: Redress (in-process) | raw SQLite | Redress ÷ raw | `metrics` one month, s | `rewards` one month, s | peak RSS import, MB | peak RSS rebuild, MB | ledger bytes/event |")
    lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        lines.append(f"| {r['size']:,} | {r['append']:,.0f} | {r['raw_append']:,.0f} | {r['append'] / r['raw_append']:.2f}× | "
                     f"{r['metrics_s']:.2f} | {r['rewards_s']:.2f} | {r['import_rss']:.0f} | {r['rebuild_rss']:.0f} | {r['bytes_per_event']:.0f} |")
    lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
