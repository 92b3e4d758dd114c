#!/usr/bin/env python3
"""Verify the hash chains of a Redress export, independently of Redress.

Usage: tools/verify_export.py EXPORT.ndjson
Written from the 'Hash chain' section of docs/integrity.md only: each exported line ends with
,"hash":"<64 hex>"}; the hashed body is the line with those last 75 characters
replaced by "}"; hash = sha256(previous hash of the same complaint, or 64 zeros,
+ "\n" + body).
"""
import hashlib
import json
import sys

if len(sys.argv) != 2:
    sys.exit("usage: tools/verify_export.py EXPORT.ndjson   (the output of redress export)")
previous = {}
number = 0
with open(sys.argv[1], encoding="utf-8") as export:
    for number, line in enumerate(export, start=1):
        line = line.rstrip("\n")
        event = json.loads(line)
        body = line[:-75] + "}"
        prev = previous.get(event["complaint_id"], "0" * 64)
        digest = hashlib.sha256((prev + "\n" + body).encode("utf-8")).hexdigest()
        if digest != event["hash"]:
            sys.exit(f"line {number}: event {event['event_id']} does not verify")
        previous[event["complaint_id"]] = digest
if number == 0:
    sys.exit(f"usage: tools/verify_export.py EXPORT.ndjson: {sys.argv[1]} holds no events")
print(f"{number} events in {len(previous)} chains verify")
