#!/usr/bin/env python3
"""Validate every line of an NDJSON file against one of the project's JSON Schemas.

Usage: tools/validate_ndjson.py SCHEMA_FILE NDJSON_FILE
Exit 0 when every line validates; otherwise prints the first failing line number and
the reason, and exits 1. Formats (date-time) are asserted, not just annotated.
"""
import json
import pathlib
import sys

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource


def main() -> int:
    schema_path = pathlib.Path(sys.argv[1]).resolve()
    registry = Registry()
    for path in schema_path.parent.glob("*.schema.json"):
        resource = Resource.from_contents(json.loads(path.read_text(encoding="utf-8")))
        registry = registry.with_resource(uri=resource.id(), resource=resource)
        registry = registry.with_resource(uri=path.name, resource=resource)
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())
    count = 0
    with open(sys.argv[2], encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            errors = sorted(validator.iter_errors(json.loads(line)), key=lambda e: list(e.absolute_path))
            if errors:
                error = errors[0]
                where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
                print(f"line {number}: {where}: {error.message}", file=sys.stderr)
                return 1
            count += 1
    print(f"{count} lines valid against {schema_path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
