"""Lighthouse scores of the public pages, mobile (#12): performance, accessibility, best practices, SEO.

Run from the project root (`make lighthouse` installs Lighthouse with `npm ci` first)::

    .venv/bin/python bench/lighthouse.py                      # builds and serves the demo itself
    .venv/bin/python bench/lighthouse.py --url http://127.0.0.1:8000 --language en

Lighthouse 12.2.3 (package.json pins it; 13 needs a newer Node than Debian's 20) drives Debian's
Chromium (CHROME_PATH, default /usr/bin/chromium) headless, with its default mobile preset (a
simulated mid-range phone on a slow 4G network). Without `--url` the site is the demo built and served
the way `make serve` serves it (gunicorn, production settings, WhiteNoise, the page cache: see
bench/live_site.py), on a free loopback port, thrown away at the end.

Pages, in the source language unless `--language` says otherwise: the home page, a directive, an
infographic, a video clip (one with an uploaded video), a podcast episode, a theme page and the
search page with a query, each found through the site's API v2 and asked for once before its audit
(its image renditions made, the page cached, as on a site in use). It prints one row per page with the
four scores (0–100) and, under the table, the audits that cost points in each score below the
threshold. Exit status 1 when any score is below `--threshold` (95), 2 when Lighthouse itself fails.
`--reports DIR` keeps each page's JSON report.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.live_site import KINDS, ROOT, SEARCH, demo_pages, demo_site, site_languages

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
PAGES = [*KINDS, SEARCH]
TIMEOUT = 240


def audit(url: str, report_path: Path) -> dict:
    """Run Lighthouse on one URL and return its JSON report (`lhr`)."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report_path}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if result.returncode != 0 or not report_path.exists():
        print(f"Lighthouse failed on {url} ({result.returncode}):\n{result.stderr[-3000:]}", file=sys.stderr)
        raise SystemExit(2)
    report = json.loads(report_path.read_text())
    if report.get("runtimeError"):
        print(f"Lighthouse could not load {url}: {report['runtimeError']}", file=sys.stderr)
        raise SystemExit(2)
    return report


def warm_up(url: str) -> None:
    """Ask for the page once before measuring it, as any visitor before us would have: its image renditions
    are made and it enters the page cache, so the audit measures serving the page, not first-use work."""
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        response.read()


def scores(report: dict) -> dict[str, int | None]:
    """Category → score 0–100 (None when Lighthouse could not score it)."""
    found = {}
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        found[category] = None if score is None else round(score * 100)
    return found


def costly_audits(report: dict, category: str) -> list[str]:
    """The weighted audits of a category that did not pass, the heaviest first, with what they measured."""
    lines = []
    refs = sorted(report["categories"][category]["auditRefs"], key=lambda ref: -ref.get("weight", 0))
    for ref in refs:
        result = report["audits"].get(ref["id"], {})
        score = result.get("score")
        if ref.get("weight", 0) > 0 and score is not None and score < 0.9:
            value = f" ({result['displayValue']})" if result.get("displayValue") else ""
            items = result.get("details", {}).get("items") or []
            where = ""
            for item in items[:3]:
                node = item.get("node") or {}
                target = node.get("selector") or item.get("url") or item.get("source", {}).get("url") or ""
                if target:
                    where += f"\n        at {str(target)[:120]}"
            lines.append(f"    - {ref['id']} score {score:.2f}{value}: {result.get('title', '')}{where}")
    return lines


def run(base_url: str, language: str, threshold: int, only: list[str], reports: Path | None) -> int:
    pages = demo_pages(base_url, language)
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    rows: list[tuple[str, str, dict[str, int | None]]] = []
    problems: list[str] = []
    for kind in only:
        url = base_url + pages[kind]
        warm_up(url)
        print(f"lighthouse {url} …", file=sys.stderr, flush=True)
        report_path = (reports or work) / f"{kind}-{language}.json"
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report = audit(url, report_path)
        found = scores(report)
        rows.append((kind, pages[kind], found))
        for category, score in found.items():
            if score is None or score < threshold:
                problems.append(f"{kind} {category} {score}:")
                problems.extend(costly_audits(report, category))
    width = max(len(kind) for kind, _path, _scores in rows)
    print(f"\nLighthouse 12 (mobile) on {base_url}, {language}; threshold {threshold}")
    print(f"{'page':<{width}}  " + "  ".join(f"{category:>14}" for category in CATEGORIES) + "  path")
    for kind, path, found in rows:
        cells = "  ".join(f"{'-' if score is None else score:>14}" for score in found.values())
        print(f"{kind:<{width}}  {cells}  {path}")
    failed = any(score is None or score < threshold for _kind, _path, found in rows for score in found.values())
    print()
    if failed:
        print(f"FAIL  scores below {threshold}:")
        print("\n".join(problems))
    else:
        print(f"PASS  every score at least {threshold}")
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--url", help="audit this running site instead of building the demo (e.g. http://127.0.0.1:8000)"
    )
    parser.add_argument("--language", help="language code of the pages (default: the source language)")
    parser.add_argument("--threshold", type=int, default=95, help="lowest acceptable score (default 95)")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=PAGES, help="which pages (default: all)")
    parser.add_argument("--reports", type=Path, help="keep each page's JSON report in this folder")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of the demo site")
    parser.add_argument("--keep", action="store_true", help="keep the demo site's temporary folder")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `make lighthouse` (npm ci installs package.json's pin)")
    language = args.language or site_languages()[0]
    if args.url:
        raise SystemExit(run(args.url.rstrip("/"), language, args.threshold, args.pages, args.reports))
    with demo_site(workers=args.workers, keep=args.keep) as base_url:
        status = run(base_url, language, args.threshold, args.pages, args.reports)
    raise SystemExit(status)


if __name__ == "__main__":
    main()
