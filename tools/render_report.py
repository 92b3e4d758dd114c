#!/usr/bin/env python3
"""Renders a month-end page with headless Chromium and checks what a reader would see.

  tools/render_report.py PAGE.html OUT_DIR [--screenshot FILE]

Writes OUT_DIR/page.png (1280 px wide) and OUT_DIR/page.pdf (A4), then checks:
- the PNG is not blank: a real share of its pixels is ink, in more than a handful of tones;
- the PDF is a PDF with at least one page and embeds a Noto CJK font (the Korean text was typeset
  with real glyphs, not boxes);
- the page's Korean title is drawn with real glyphs: the title rendered with the page's own font
  stack is pixel-identical to the same text in the known-good "Noto Sans CJK KR" (which fc-list must
  know), has ink, and differs from the same number of private-use characters, which no font has
  (what tofu looks like).
--screenshot FILE also saves a reduced top-of-page screenshot (for docs/reports.md). Exit 0 when all hold.
"""
import html
import os
import pathlib
import re
import subprocess
import sys
import tempfile

from PIL import Image, ImageChops

CHROMIUM = next((c for c in ("chromium", "chromium-browser", "google-chrome") if
                 subprocess.run(["sh", "-c", f"command -v {c}"], capture_output=True).returncode == 0), None)


def chromium(*args):
    """Runs headless Chromium once (as root it needs --no-sandbox); its chatter goes to the log."""
    with tempfile.TemporaryDirectory() as profile:
        command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                   "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}", *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise SystemExit(f"chromium failed ({result.returncode}): {result.stderr[-2000:]}")


def screenshot(url, path, width, height, scale=1):
    chromium(f"--window-size={width},{height}", f"--force-device-scale-factor={scale}",
             f"--screenshot={path}", url)
    return Image.open(path).convert("RGB")


def ink(image):
    """Share of pixels that are not (near) white, and how many distinct tones the image has."""
    grey = image.convert("L")
    histogram = grey.histogram()
    total = sum(histogram)
    dark = sum(histogram[:200])
    return dark / total, sum(1 for count in histogram if count > 0)


def main():
    args = sys.argv[1:]
    shot = None
    if "--screenshot" in args:
        i = args.index("--screenshot")
        shot = args[i + 1]
        del args[i:i + 2]
    page, out = pathlib.Path(args[0]).resolve(), pathlib.Path(args[1])
    out.mkdir(parents=True, exist_ok=True)
    failures = []
    if CHROMIUM is None:
        print("render_report: no chromium on this machine (tools/test installs Debian's chromium)")
        return 1

    # 1. The page at 1280 px, and as an A4 PDF.
    png = screenshot(page.as_uri(), out / "page.png", 1280, 1800)
    if png.size[0] != 1280:
        failures.append(f"page.png is {png.size[0]} px wide, not 1280")
    share, tones = ink(png)
    if share < 0.03 or tones < 16:
        failures.append(f"page.png looks blank: {share:.1%} ink in {tones} tones")
    chromium("--no-pdf-header-footer", f"--print-to-pdf={out / 'page.pdf'}", page.as_uri())
    pdf = (out / "page.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    if not pdf.startswith(b"%PDF-") or pages < 1:
        failures.append(f"page.pdf is not a PDF with pages ({len(pdf)} bytes, {pages} pages)")
    if b"NotoSansCJK" not in pdf:
        failures.append("page.pdf embeds no Noto CJK font: its Korean was not typeset with CJK glyphs")

    # 2. The Korean title: the page's font stack against the known-good font and against tofu.
    fonts = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    if "Noto Sans CJK KR" not in fonts:
        failures.append("fc-list knows no 'Noto Sans CJK KR' (Debian's fonts-noto-cjk)")
    source = page.read_text(encoding="utf-8")
    title = html.unescape(re.search(r"<h1>(.*?) <span", source).group(1))
    stack = re.search(r"body \{ font-family: (.*?);", source.replace("\n", " ")).group(1)
    with tempfile.TemporaryDirectory() as scratch:
        def render(name, family, text):
            snippet = pathlib.Path(scratch) / f"{name}.html"
            snippet.write_text(
                f'<!DOCTYPE html><html lang="ko"><meta charset="utf-8"><body style="margin:0;background:#fff">'
                f'<h1 style="font-family:{html.escape(family)};font-size:40px;margin:8px;white-space:nowrap">'
                f'{html.escape(text)}</h1></body></html>', encoding="utf-8")
            return screenshot(snippet.as_uri(), pathlib.Path(scratch) / f"{name}.png", 900, 200)
        page_stack = render("stack", stack, title)
        known_good = render("known", '"Noto Sans CJK KR"', title)
        tofu = render("tofu", stack, "\ue000" * len(title))
    if ImageChops.difference(page_stack, known_good).getbbox() is not None:
        failures.append(f"the title {title!r} in the page's fonts differs from Noto Sans CJK KR")
    if ink(page_stack)[0] < 0.01:
        failures.append(f"the title {title!r} renders as nothing")
    if ImageChops.difference(page_stack, tofu).getbbox() is None:
        failures.append(f"the title {title!r} renders like characters no font has (tofu)")

    if shot:
        top = screenshot(page.as_uri(), out / "top.png", 1280, 1240, scale=0.5)
        top.convert("P", palette=Image.ADAPTIVE, colors=64).save(shot, optimize=True)

    for failure in failures:
        print(f"render_report: {failure}")
    print(f"render_report: page.png {png.size[0]}×{png.size[1]}, {share:.1%} ink, {tones} tones; "
          f"page.pdf {pages} page(s), {len(pdf)} bytes; title {title!r}: {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
