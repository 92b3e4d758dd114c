#!/usr/bin/env python3
"""Checks a Redress policy's calendar.holidays (SPEC 7.1) against the PyPI package `holidays`.

    tools/check_holidays.py POLICY COUNTRY YEAR [YEAR ...] [--allow-extra DATE]... [--allow-missing DATE]...

COUNTRY is KR or US. The reference is holidays.country_holidays(COUNTRY, years=YEARS, observed=True)
at the pinned version below (for KR: the public holidays with their substitute days, 대체공휴일; for
US: the federal holidays with their observed weekdays). The policy's dates must be YYYY-MM-DD,
ascending, each once, and inside YEARS.

One line per difference:
    extra DATE: ...     in the policy, not a holiday in the package
    missing DATE NAME   a holiday in the package, not in the policy
A difference is explained only by --allow-extra DATE or --allow-missing DATE (repeatable); each
allowance must be justified in the policy's $comment, and one that explains no difference is itself
an error (a stale allowance hides nothing). Exit 0, printing
    N holidays match holidays==X for KR 2026-2027
when every difference is explained; 1 on any unexplained difference; 2 on a usage error or when the
installed `holidays` is not the pinned version (tools/test installs it).
"""
import argparse
import datetime
import json
import re
import sys

PINNED = "0.109"
LANGUAGE = {"KR": "ko", "US": "en_US"}


def fail(message, status=2):
    print(f"check_holidays: {message}", file=sys.stderr)
    sys.exit(status)


def iso_date(text):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a YYYY-MM-DD date")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r}: {error}")


def years_label(years):
    if years == list(range(years[0], years[-1] + 1)) and len(years) > 1:
        return f"{years[0]}-{years[-1]}"
    return ",".join(str(year) for year in years)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("policy")
    parser.add_argument("country", choices=sorted(LANGUAGE))
    parser.add_argument("years", nargs="+", type=int)
    parser.add_argument("--allow-extra", action="append", default=[], type=iso_date, metavar="DATE",
                        help="a policy date the package does not list, justified in the policy's $comment")
    parser.add_argument("--allow-missing", action="append", default=[], type=iso_date, metavar="DATE",
                        help="a package date the policy leaves out, justified in the policy's $comment")
    args = parser.parse_args()
    years = sorted(set(args.years))

    try:
        import holidays
    except ImportError:
        fail(f"the Python package holidays is missing: python3 -m pip install holidays=={PINNED}")
    if holidays.__version__ != PINNED:
        fail(f"holidays {holidays.__version__} is installed; the check is pinned to holidays=={PINNED}")

    try:
        with open(args.policy, encoding="utf-8") as file:
            policy = json.load(file)
    except (OSError, ValueError) as error:
        fail(f"{args.policy}: {error}")
    listed = (policy.get("calendar") or {}).get("holidays") if isinstance(policy, dict) else None
    if not isinstance(listed, list) or not listed:
        fail(f"{args.policy}: no calendar.holidays to check", 1)

    problems = 0
    ours = {}
    previous = None
    for text in listed:
        try:
            day = iso_date(text) if isinstance(text, str) else None
        except argparse.ArgumentTypeError:
            day = None
        if day is None:
            print(f"bad {text!r}: not a YYYY-MM-DD date")
            problems += 1
            continue
        if day in ours:
            print(f"duplicate {text}: listed twice")
            problems += 1
        elif previous is not None and day < previous:
            print(f"order {text}: listed after {previous.isoformat()} (the list must ascend)")
            problems += 1
        ours[day] = text
        previous = day

    reference = holidays.country_holidays(
        args.country, years=years, observed=True, language=LANGUAGE[args.country])
    theirs = {day: name for day, name in reference.items() if day.year in years}
    allow_extra = set(args.allow_extra)
    allow_missing = set(args.allow_missing)
    package = f"holidays=={holidays.__version__}"

    for day in sorted(set(ours) - set(theirs)):
        why = ("outside the years checked" if day.year not in years
               else f"not a {args.country} holiday in {package}")
        if day in allow_extra:
            print(f"extra {day.isoformat()}: {why} (allowed by --allow-extra)")
            allow_extra.discard(day)
        else:
            print(f"extra {day.isoformat()}: {why}")
            problems += 1
    for day in sorted(set(theirs) - set(ours)):
        name = theirs[day]
        if day in allow_missing:
            print(f"missing {day.isoformat()} {name}: not in the policy (allowed by --allow-missing)")
            allow_missing.discard(day)
        else:
            print(f"missing {day.isoformat()} {name}: a {args.country} holiday in {package}, not in the policy")
            problems += 1
    for day in sorted(allow_extra):
        print(f"unused --allow-extra {day.isoformat()}: not an extra date (remove the allowance)")
        problems += 1
    for day in sorted(allow_missing):
        print(f"unused --allow-missing {day.isoformat()}: not a missing date (remove the allowance)")
        problems += 1

    if problems:
        print(f"{problems} unexplained difference(s) against {package} for {args.country} {years_label(years)}")
        return 1
    matching = len(set(ours) & set(theirs))
    print(f"{matching} holidays match {package} for {args.country} {years_label(years)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
