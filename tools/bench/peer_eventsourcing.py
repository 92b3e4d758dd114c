#!/usr/bin/env python3
"""The peer for tools/bench: Python's `eventsourcing` library (9.x) with its SQLite persistence, or its
PostgreSQL persistence (psycopg) when DB is a postgres:// URL.

  peer_eventsourcing.py import NDJSON DB    store every complaint as an aggregate, each complaint
                                            saved in one transaction; prints "<events> <seconds>"
  peer_eventsourcing.py rebuild DB          rebuild the same recovery-time view (first acknowledge,
                                            compensate, close, follow-up, final close, latest rating
                                            per complaint) from the notification log; prints
                                            "<events> <seconds>"
"""
import json
import os
import sys
import time
import uuid
from datetime import datetime

NAMESPACE = uuid.UUID("5d0a1c5e-3f5e-4a43-9d1e-6b1c2f0e9a10")


from eventsourcing.application import Application  # noqa: E402
from eventsourcing.domain import Aggregate, event  # noqa: E402


class Complaint(Aggregate):
    """One complaint stream: the first event creates it, every later one is recorded on it."""

    @event("Received")
    def __init__(self, complaint_id: str, occurred_at: str, data: dict):
        self.complaint_id = complaint_id

    @event("Recorded")
    def record(self, kind: str, occurred_at: str, actor: str, data: dict):
        pass

    @staticmethod
    def create_id(complaint_id: str, occurred_at: str, data: dict):
        return uuid.uuid5(NAMESPACE, complaint_id)


class Ledger(Application):
    pass


def application(db):
    if db.startswith("postgres://"):
        # eventsourcing's PostgreSQL persistence (psycopg); a socket directory as ?host=/dir.
        from urllib.parse import parse_qs, urlparse
        url = urlparse(db)
        query = parse_qs(url.query)
        os.environ.update(
            PERSISTENCE_MODULE="eventsourcing.postgres", POSTGRES_DBNAME=url.path.lstrip("/"),
            POSTGRES_HOST=query["host"][0] if "host" in query else (url.hostname or "localhost"),
            POSTGRES_PORT=str(url.port or 5432), POSTGRES_USER=url.username or "postgres",
            POSTGRES_PASSWORD=url.password or "unused")
    else:
        os.environ["PERSISTENCE_MODULE"] = "eventsourcing.sqlite"
        os.environ["SQLITE_DBNAME"] = db
    return Ledger(), Complaint


def do_import(path, db):
    if not db.startswith("postgres://") and os.path.exists(db):
        os.remove(db)
    app, Complaint = application(db)
    start = time.perf_counter()
    streams = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            e = json.loads(line)
            streams.setdefault(e["complaint_id"], []).append(e)
    count = 0
    for complaint_id, events in streams.items():
        first = events[0]
        aggregate = Complaint(complaint_id, first["occurred_at"], first["data"])
        for e in events[1:]:
            aggregate.record(e["type"], e["occurred_at"], e.get("actor") or "", e["data"])
        app.save(aggregate)
        count += len(events)
    print(count, f"{time.perf_counter() - start:.6f}")


def do_rebuild(db):
    app, _ = application(db)
    start = time.perf_counter()
    view = {}
    count = 0
    position = 1
    while True:
        notifications = app.recorder.select_notifications(start=position, limit=1000)
        if not notifications:
            break
        for n in notifications:
            e = app.mapper.to_domain_event(n)
            count += 1
            at = datetime.fromisoformat(e.occurred_at).timestamp()
            if type(e).__name__ == "Received":
                view[e.originator_id] = {"received": at, "open": True}
                continue
            row = view[e.originator_id]
            milestone = {"acknowledged": "acknowledge", "compensated": "compensate", "closed": "close", "followed-up": "follow_up"}.get(e.kind)
            if milestone and milestone not in row:
                row[milestone] = at - row["received"]
            if e.kind == "closed":
                row["open"] = False
                row["final_close"] = at - row["received"]
            elif e.kind == "reopened":
                row["open"] = True
                row["reopened"] = True
            elif e.kind == "followed-up" and e.data.get("satisfaction") is not None:
                row["rating"] = e.data["satisfaction"]
        position = notifications[-1].id + 1
    print(count, f"{time.perf_counter() - start:.6f}")


if __name__ == "__main__":
    if sys.argv[1] == "import":
        do_import(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "rebuild":
        do_rebuild(sys.argv[2])
