"""Schemathesis hooks for Redress: application/x-ndjson bodies are one JSON value per line, so a
generated body (one PostedEvent, valid or not) is sent as one line. A list is not split into lines:
that would turn an invalid array body into a valid batch."""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    return (json.dumps(value, separators=(",", ":"), ensure_ascii=False) + "\n").encode()
