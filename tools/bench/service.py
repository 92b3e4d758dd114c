#!/usr/bin/env python3
"""tools/bench/service.py: `redress serve` under load, on SQLite and on PostgreSQL, beside single
durable appends measured in the same run. Every figure is the median of --runs runs.

  service   RedressBench http: C connections to a release `redress serve` on loopback, each posting
            one new complaint's `received` event after another for --seconds (closed loop, one
            request in flight per connection): acknowledged events/s, p50 and p99 latency.
  appends   RedressBench clients: C writers in one process, each on its own connection to the ledger,
            each event its own durable transaction (`Ledger.record`, one fsync per event): the rate
            group commit is measured against.

The load client runs on the same machine (2 cores here) and takes CPU from the service: the figures
are what one machine does end to end, not the server alone. Prints Markdown (and writes --out).
  tools/bench/service.py [--clients 1,16,64] [--seconds 10] [--runs 3] [--out bench-service.md]
"""
import argparse
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def sh(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


class Serve:
    """A release `redress serve --listen 127.0.0.1:0` on LOCATION, with an intake token."""

    def __init__(self, redress, location, work):
        env = dict(os.environ, REDRESS_DB=location)
        self.token = sh([redress, "tokens", "create", "--role", "intake"], env=env).stdout.strip()
        self.log = open(os.path.join(work, "serve.log"), "ab")
        self.process = subprocess.Popen(
            [redress, "serve", "--listen", "127.0.0.1:0", "--max-concurrent-per-token", "1000",
             "--log-level", "warning"],
            env=env, stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("listening on http://"):
            raise SystemExit(f"serve did not start: {line!r}")
        self.address = line.strip().split("http://")[1]

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        self.log.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", default="1,16,64")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--appends", type=int, default=512, help="single durable appends per client count, in all")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--out", default="bench-service.md")
    args = parser.parse_args()
    os.chdir(ROOT)
    print("building (release, PostgreSQL trait)…", file=sys.stderr)
    for product in ["redress", "RedressBench"]:
        sh(["swift", "build", "-c", "release", "--traits", "PostgreSQL", "--product", product])
    bin_dir = sh(["swift", "build", "-c", "release", "--traits", "PostgreSQL", "--show-bin-path"]).stdout.strip()
    redress, bench = os.path.join(bin_dir, "redress"), os.path.join(bin_dir, "RedressBench")
    work = tempfile.mkdtemp(prefix="redress-bench-svc-")
    os.chmod(work, 0o755)  # the cluster inside runs as the postgres user
    backends = args.backends.split(",")
    cluster = None
    counter = [0]

    def location(backend):
        counter[0] += 1
        if backend == "sqlite":
            return os.path.join(work, f"ledger-{counter[0]}.sqlite")
        name = f"svc_{counter[0]}"
        sh(["psql", "-X", "-q", "-h", host, "-U", "redress", "-d", "postgres", "-c", f"CREATE DATABASE {name}"])
        return f"postgres://redress@/{name}?host={host}"

    if "postgres" in backends:
        cluster = os.path.join(work, "cluster")
        host = sh([os.path.join(ROOT, "tools/pgcluster"), "start", cluster]).stdout.strip().split("host=")[1]
    rows = []
    try:
        for backend in backends:
            for clients in [int(c) for c in args.clients.split(",")]:
                service, appends = [], []
                for _ in range(args.runs):
                    serve = Serve(redress, location(backend), work)
                    try:
                        out = sh([bench, "http", serve.address, serve.token, str(clients), str(args.seconds)])
                    finally:
                        serve.stop()
                    acked, seconds, p50, p99, others, failures = out.stdout.split()
                    if int(others) or int(failures):
                        raise SystemExit(f"{backend} {clients}: {others} non-2xx answers, {failures} failures")
                    service.append((int(acked) / float(seconds), float(p50), float(p99)))
                    each = max(1, args.appends // clients)
                    out = sh([bench, "clients", location(backend), str(clients), str(each)])
                    n, seconds, a50, a99 = out.stdout.split()
                    appends.append((int(n) / float(seconds), float(a50), float(a99)))
                med = lambda xs, i: statistics.median(x[i] for x in xs)
                rows.append((backend, clients, med(service, 0), med(service, 1), med(service, 2),
                             med(appends, 0), med(appends, 1), med(appends, 2)))
                print(f"{backend} {clients}: {rows[-1]}", file=sys.stderr)
    finally:
        if cluster:
            subprocess.run([os.path.join(ROOT, "tools/pgcluster"), "stop", cluster])
    lines = [
        f"`tools/bench/service.py --clients {args.clients} --seconds {args.seconds} --runs {args.runs}` — "
        f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"medians of {args.runs} runs; the load client shares the machine.",
        "",
        "| ledger | clients | service events/s | p50 ms | p99 ms | single durable appends/s | p50 ms | p99 ms "
        "| group-commit ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for backend, clients, rate, p50, p99, arate, a50, a99 in rows:
        lines.append(
            f"| {backend} | {clients} | {rate:,.0f} | {p50:.1f} | {p99:.1f} | {arate:,.0f} | {a50:.1f} | {a99:.1f} "
            f"| {rate / arate:.1f}× |")
    text = "\n".join(lines) + "\n"
    print(text)
    with open(args.out, "w") as f:
        f.write(text)


main()
