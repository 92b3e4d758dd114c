#!/usr/bin/env python3
"""tools/bench/postgres.py: Redress on PostgreSQL beside PostgreSQL's own COPY, in one run, on a
throwaway cluster (tools/pgcluster) on this machine. Every figure is the median of --runs runs.

  import   `redress import` of N generated complaints into an empty PostgreSQL ledger (every SPEC §1
           check, hash chain, heads, projections folded in the same transaction), against `COPY` of the
           very same rows (positions, hashes and all, from a SQLite ledger of the same file) into the
           same schema and indexes, which checks nothing.
  peer     Python `eventsourcing` (9.x) on PostgreSQL (psycopg), importing the first --peer-complaints
           complaints (a transaction per complaint, as it saves an aggregate), against `redress import`
           of the same file.
  appends  durable single-event transactions (`Ledger.record`, as every record command does) from
           1, 4, 16 and 64 concurrent clients, each on its own connection: appends/s, p50 and p99.

Prints a Markdown report (and writes it to --out). Usage:
  tools/bench/postgres.py [--complaints 20000] [--runs 3] [--out bench-postgres.md]
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


def sh(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def wall(args, **kw):
    start = time.monotonic()
    sh(args, **kw)
    return time.monotonic() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", default="1,4,16,64")
    parser.add_argument("--appends", type=int, default=512, help="appends per client count, in all")
    parser.add_argument("--peer-complaints", type=int, default=2000)
    parser.add_argument("--out", default="bench-postgres.md")
    args = parser.parse_args()
    os.chdir(ROOT)
    print("building (release, PostgreSQL trait)…", file=sys.stderr)
    sh(["swift", "build", "-c", "release", "--traits", "PostgreSQL", "--product", "redress"])
    sh(["swift", "build", "-c", "release", "--traits", "PostgreSQL", "--product", "RedressBench"])
    bin_dir = sh(["swift", "build", "-c", "release", "--traits", "PostgreSQL", "--show-bin-path"]).stdout.strip()
    redress, bench = os.path.join(bin_dir, "redress"), os.path.join(bin_dir, "RedressBench")
    work = tempfile.mkdtemp(prefix="redress-bench-pg-")
    os.chmod(work, 0o755)  # the cluster inside runs as the postgres user
    cluster = os.path.join(work, "cluster")
    url = sh([os.path.join(ROOT, "tools/pgcluster"), "start", cluster]).stdout.strip()
    host = url.split("host=")[1]
    counter = [0]

    def database():
        counter[0] += 1
        name = f"bench_{counter[0]}"
        sh(["psql", "-X", "-q", "-h", host, "-U", "redress", "-d", "postgres", "-c", f"CREATE DATABASE {name}"])
        return f"postgres://redress@/{name}?host={host}", name

    try:
        source = os.path.join(work, "in.ndjson")
        sh([redress, "generate", "--complaints", str(args.complaints), "--seed", "42", "-o", source])
        sqlite = os.path.join(work, "ledger.sqlite")
        sh([redress, "--db", sqlite, "import", source])
        events = int(sh(["sqlite3", sqlite, "SELECT count(*) FROM events"]).stdout)
        csv = os.path.join(work, "events.csv")
        with open(csv, "w") as out:
            subprocess.run(
                ["sqlite3", "-csv", sqlite,
                 "SELECT position, '\\x' || lower(hex(event_id)), complaint_id, version, type, occurred_at, "
                 "occurred_ms, recorded_ms, actor, data, '\\x' || lower(hex(hash)) FROM events ORDER BY position"],
                check=True, stdout=out)
        imports, copies = [], []
        for _ in range(args.runs):
            target, _ = database()
            imports.append(wall([redress, "--db", target, "import", source]))
            target, name = database()
            sh([redress, "--db", target, "admin", "init-postgres", "--app-role", "redress"])  # the same schema
            copies.append(wall(["psql", "-X", "-q", "-h", host, "-U", "redress", "-d", name, "-c",
                                f"\\copy events FROM '{csv}' CSV"]))
        imp, cop = statistics.median(imports), statistics.median(copies)
        lines = [
            "## PostgreSQL (tools/bench/postgres.py)", "",
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; PostgreSQL "
            f"{sh(['psql', '--version']).stdout.split()[-1]} on a Unix socket, `fsync` and `synchronous_commit` on; "
            f"release build; medians of {args.runs} runs; {args.complaints:,} complaints = {events:,} events.", "",
            "| import | seconds | events/s | vs COPY |", "|---|---:|---:|---:|",
            f"| `COPY` of the same rows into the same schema | {cop:.2f} | {events / cop:,.0f} | 1.00× |",
            f"| `redress import` (all checks, chain, heads, projections) | {imp:.2f} | {events / imp:,.0f} | "
            f"{cop / imp:.2f}× |",
        ]
        venv = os.path.join(work, "venv")
        sh([sys.executable, "-m", "venv", venv])
        sh([os.path.join(venv, "bin/pip"), "install", "-q", "eventsourcing[postgres]>=9.5,<10"])
        peer = [os.path.join(venv, "bin/python"), os.path.join(ROOT, "tools/bench/peer_eventsourcing.py")]
        small = os.path.join(work, "peer.ndjson")
        sh([redress, "generate", "--complaints", str(args.peer_complaints), "--seed", "42", "-o", small])
        peer_rates, ours = [], []
        for _ in range(args.runs):
            target, _ = database()
            n, seconds = sh(peer + ["import", small, target]).stdout.split()
            peer_rates.append(int(n) / float(seconds))
            target, _ = database()
            ours.append(int(n) / wall([redress, "--db", target, "import", small]))
        pr, orr = statistics.median(peer_rates), statistics.median(ours)
        lines += [
            "", f"| import of {args.peer_complaints:,} complaints | events/s | vs peer |", "|---|---:|---:|",
            f"| Python `eventsourcing` on PostgreSQL (psycopg) | {pr:,.0f} | 1.00× |",
            f"| `redress import` | {orr:,.0f} | {orr / pr:.2f}× |", "",
            "| clients | appends | appends/s | p50 ms | p99 ms | vs 1 client |", "|---:|---:|---:|---:|---:|---:|",
        ]
        base = None
        for clients in [int(c) for c in args.clients.split(",")]:
            each = max(1, args.appends // clients)
            rates, p50s, p99s = [], [], []
            for _ in range(args.runs):
                target, _ = database()
                sh([redress, "--db", target, "admin", "init-postgres", "--app-role", "redress"])
                n, seconds, p50, p99 = sh([bench, "clients", target, str(clients), str(each)]).stdout.split()
                rates.append(int(n) / float(seconds))
                p50s.append(float(p50))
                p99s.append(float(p99))
            r = statistics.median(rates)
            base = base or r
            lines.append(f"| {clients} | {clients * each} | {r:,.0f} | {statistics.median(p50s):.1f} | "
                         f"{statistics.median(p99s):.1f} | {r / base:.2f}× |")
        report = "\n".join(lines) + "\n"
        print(report)
        with open(args.out, "w") as out:
            out.write(report)
    finally:
        subprocess.run([os.path.join(ROOT, "tools/pgcluster"), "stop", cluster])
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
