"""Screenshots of the demo site for the README (#12): `make screenshots` → docs/screenshots/.

Builds and serves the demo the way `make serve` does (bench/live_site.py), or uses `--url`, and
photographs with Playwright driving Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium):

- the home, directive, video clip and search results pages in the source language,
- the directive page in every other language of the site too,

each at desktop (1366 × 900) and phone (390 × 844) size, the first two screens of the page (or less
when the page is shorter), into `docs/screenshots/<page>-<language>-<width>.png`. Each PNG is reduced
to a 256-colour palette and saved with Pillow's `optimize=True`, so the folder stays small (~1–2 MB)
and can live in the repository; files of earlier runs with the same names are replaced.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.live_site import ROOT, SEARCH, demo_pages, demo_site, site_languages

OUT = ROOT / "docs" / "screenshots"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
SCREENS = 2
PAGES = ["home", "directive", "video", SEARCH]
EVERY_LANGUAGE = ["directive"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def shots(languages: list[str]) -> list[tuple[str, str]]:
    """(page kind, language) pairs to photograph: every page in the source language, some in every language."""
    source, *others = languages
    return [(kind, source) for kind in PAGES] + [(kind, code) for kind in EVERY_LANGUAGE for code in others]


def save_png(png: bytes, path: Path) -> int:
    """Save a screenshot as an optimised palette PNG; returns its size in bytes."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(path, format="PNG", optimize=True)
    return path.stat().st_size


def photograph(browser: Browser, base_url: str, languages: list[str], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    pages = {language: demo_pages(base_url, language) for language in languages}
    saved = []
    for width, height in SIZES.values():
        context = browser.new_context(
            viewport={"width": width, "height": height}, reduced_motion="reduce", color_scheme="light"
        )
        tab = context.new_page()
        for kind, language in shots(languages):
            url = base_url + pages[language][kind]
            response = tab.goto(url, wait_until="networkidle")
            if response is None or response.status != 200:
                raise SystemExit(f"{url} answered {response and response.status}")
            tab.evaluate("document.fonts.ready.then(() => true)")
            full = tab.evaluate("document.documentElement.scrollHeight")
            clip = {"x": 0, "y": 0, "width": width, "height": min(full, height * SCREENS)}
            png = tab.screenshot(clip=clip, full_page=True, animations="disabled", caret="hide")
            path = out / f"{kind}-{language}-{width}.png"
            size = save_png(png, path)
            print(f"{path}  {clip['height']} px high, {size / 1024:.0f} KiB")
            saved.append(path)
        context.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="photograph this running site instead of building the demo")
    parser.add_argument("--out", type=Path, default=OUT, help="folder of the PNG files (default docs/screenshots)")
    args = parser.parse_args()
    languages = site_languages()
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            if args.url:
                saved = photograph(browser, args.url.rstrip("/"), languages, args.out)
            else:
                with demo_site() as base_url:
                    saved = photograph(browser, base_url, languages, args.out)
        finally:
            browser.close()
    total = sum(path.stat().st_size for path in saved)
    print(f"{len(saved)} screenshots, {total / 1024 / 1024:.1f} MiB, in {args.out}")


if __name__ == "__main__":
    main()
