#!/usr/bin/env python3
"""Checks a month-end page (redress report) against the JSON reports it claims to show.

  tools/check_report.py PAGE.html JSON_DIR

JSON_DIR holds what `redress metrics|rewards --format json --as-of-position N` printed for the same
position: metrics.json, rewards.json and metrics-YYYY-MM.json for each month of the trend.

Exit 0 when the page parses as HTML5 with no parse error (html5lib, strict); loads nothing from
outside (no script, no link, no src or href to another file); every element with `data-json` holds
in `data-value` exactly the value at that JSON pointer of its `data-source`, and shows that same
figure as its text (counts, money in the currency's notation, durations, rounded means and
percentages); the histogram's data table adds up to each metric's n; and at least --min figures
were checked. Prints one line per failure, then a summary.
"""
import json
import pathlib
import re
import sys
from decimal import ROUND_HALF_UP, Decimal

import html5lib

YES = {"yes", "예"}
NO = {"no", "아니요"}
KO_UNITS = {"일": "d", "시간": "h", "분": "m", "초": "s"}
ZERO_DECIMAL = {"KRW", "JPY", "VND", "CLP", "ISK"}


def load(path):
    return json.loads(pathlib.Path(path).read_text(encoding="utf-8"), parse_float=Decimal)


def resolve(document, pointer):
    value = document
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def duration_text(ms):
    """redress's DurationText: 45s, 12m 30s, 2h 05m, 3d 04h (whole seconds, truncated)."""
    negative, total = ms < 0, abs(ms) // 1000
    if total < 60:
        text = f"{total}s"
    elif total < 3600:
        text = f"{total // 60}m {total % 60:02d}s"
    elif total < 86400:
        text = f"{total // 3600}h {total // 60 % 60:02d}m"
    else:
        text = f"{total // 86400}d {total // 3600 % 24:02d}h"
    return ("-" if negative else "") + text


def rounded(value, places):
    """DecimalText: half away from zero, trailing zeros and a bare point removed."""
    q = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(q, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fractions_behind(value, denominator, scale, places):
    """Every exact value scale × k / denominator (k an integer ≥ 0) that rounds to `value` at `places`:
    what a JSON figure rounded from a fraction over `denominator` may stand for."""
    value = Decimal(value)
    guess = int(value * denominator / scale)
    span = int(Decimal(denominator) / scale * Decimal(1).scaleb(-places)) + 2
    found = []
    for k in range(max(0, guess - span), guess + span + 1):
        exact = Decimal(scale * k) / Decimal(denominator)
        if Decimal(rounded(exact, places)) == value:
            found.append(exact)
    return found


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--min=")]
    minimum = int(next((a[6:] for a in sys.argv[1:] if a.startswith("--min=")), "40"))
    page, directory = pathlib.Path(args[0]), pathlib.Path(args[1])
    data = page.read_bytes()
    failures = []
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        root = parser.parse(data)
    except html5lib.html5parser.ParseError as error:
        print(f"{page}: HTML parse error: {error}")
        return 1

    sources = {"metrics": load(directory / "metrics.json"), "rewards": load(directory / "rewards.json")}
    for path in directory.glob("metrics-*.json"):
        sources["metrics:" + path.stem[len("metrics-"):]] = load(path)
    currency = sources["rewards"]["currency"]

    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("script", "link", "iframe", "object", "embed", "img"):
            failures.append(f"<{tag}> loads or runs something outside the page")
        for attribute in ("src", "href"):
            target = element.get(attribute)
            if target and not target.startswith("#") and not target.startswith("data:"):
                failures.append(f"<{tag} {attribute}={target!r}> points outside the page")

    checked = 0
    for element in root.iter():
        pointer = element.get("data-json")
        if pointer is None:
            continue
        source = element.get("data-source", "metrics")
        where = f"{source}{pointer}"
        if source not in sources:
            failures.append(f"{where}: no JSON for source {source}")
            continue
        try:
            expected = resolve(sources[source], pointer)
        except (KeyError, IndexError, ValueError) as error:
            failures.append(f"{where}: not in the JSON ({error!r})")
            continue
        shown = json.loads(element.get("data-value"), parse_float=Decimal)
        if shown != expected or type(shown) is not type(expected):
            failures.append(f"{where}: data-value {shown!r}, JSON {expected!r}")
            continue
        text = "".join(element.itertext()).strip()
        problem = check_text(pointer, expected, text, sources[source], currency)
        if problem:
            failures.append(f"{where}: shows {text!r} for {expected!r} ({problem})")
        checked += 1

    for table in root.iter("table"):
        metrics = table.get("data-histogram")
        if not metrics:
            continue
        columns = metrics.split()
        totals = [0] * len(columns)
        for row in table.iter("tr"):
            cells = [c for c in row if c.tag == "td"]
            for i, cell in enumerate(cells):
                totals[i] += int("".join(cell.itertext()).strip())
        for name, total in zip(columns, totals):
            n = sources["metrics"][name]["n"]
            if total != n:
                failures.append(f"histogram of {name}: bins add up to {total}, n is {n}")
            checked += 1

    for failure in failures:
        print(f"{page}: {failure}")
    if checked < minimum:
        print(f"{page}: only {checked} figures carry their source (at least {minimum} expected)")
        return 1
    print(f"{page}: {checked} figures checked, {len(failures)} wrong")
    return 1 if failures else 0


def check_text(pointer, expected, text, document, currency):
    if isinstance(expected, bool):
        return None if text in (YES if expected else NO) else "expected yes or no"
    if expected is None:
        return None if text == "—" else "expected —"
    name = pointer.rsplit("/", 1)[-1]
    if name.endswith("_seconds"):
        ms = int(Decimal(expected) * 1000)
        plain = text
        for korean, unit in KO_UNITS.items():
            plain = plain.replace(korean, unit)
        return None if plain == duration_text(ms) else f"expected {duration_text(ms)}"
    if name == "amount":
        digits = re.sub(r"[^0-9.]", "", text)
        value = Decimal(digits) * (1 if currency in ZERO_DECIMAL else 100)
        places_ok = ("." not in digits) if currency in ZERO_DECIMAL else re.search(r"\.\d\d$", digits)
        return None if value == expected and places_ok else f"expected {expected} minor units of {currency}"
    if name == "sla_met" and (text.endswith("%") or text == "—"):
        group = resolve(document, pointer.rsplit("/", 2)[0] or "")
        complaints = group["complaints"]
        want = rounded(Decimal(expected) * 100 / complaints, 1) + "%" if complaints else "—"
        return None if text == want else f"expected {want}"
    # A decimal shown rounded: means to 2 places, percentages to 1, indexes as the JSON has them. The
    # page rounds the exact fraction, not the JSON's already rounded value (62.745… is 62.75 in the JSON
    # and 62.7% on the page, not 62.8%): the fractions behind a satisfaction figure are found from its
    # `responses`, and the text must be one of theirs.
    places = {"mean": 2, "csat_percent": 1, "satisfaction_index": 4}.get(name)
    if places is not None:
        suffix = "%" if name == "csat_percent" else ""
        group = resolve(document, pointer.rsplit("/", 1)[0] or "")
        if name in ("mean", "csat_percent") and isinstance(group, dict) and group.get("responses"):
            scale, json_places = (100, 2) if name == "csat_percent" else (1, 4)
            exact = fractions_behind(expected, group["responses"], scale, json_places)
            wants = sorted({rounded(f, places) + suffix for f in exact})
            if not wants:
                return f"no count of {group['responses']} responses gives {expected}"
            return None if text in wants else f"expected {' or '.join(wants)}"
        want = rounded(expected, places) + suffix
        return None if text == want else f"expected {want}"
    if isinstance(expected, int):
        return None if text.replace(",", "").lstrip("+") == str(expected) else f"expected {expected}"
    return "no rule for how this figure is shown"

if __name__ == "__main__":
    sys.exit(main())
