"""Fuzz benchmark: 100,000 generated hostile requests at the demo site; the count of 5xx per surface
(target 0) and totals.

Run from the project root (defaults shown)::

    .venv/bin/python bench/fuzz_requests.py --requests 100000 --seed 20261211

Nothing of the project's own database, media, index or cache is touched: a throw-away SQLite
database, media and search index under /tmp (removed at the end unless ``--keep``), and the
local-memory cache. Settings: ``cms.settings.dev`` with ``DEBUG=false`` (a 500 is the real error
page), the page cache on (as in production), logging off below CRITICAL (every 404 would be a line).

1. Set-up: ``migrate`` and ``load_demo`` (the vi/en/uk demo site, its media, its search index).
2. The request generator of tests/test_fuzz.py (`generate_requests`, a `random.Random(seed)`) over
   the demo's real values (`Catalogue.from_database`): pages with pagination, the register's
   filters, tracking and unknown parameters; the search page, the search API, suggestions; feeds
   and search feeds; sitemaps and robots.txt; the API v2 (pages listing with every filter,
   detail, find; images; documents). Values mix real ones with edge cases (huge and negative
   integers, impossible dates, control characters, invalid UTF-8, repeated parameters, very long
   values), in equal numbers per surface.
3. Each request through `django.test.Client` (the whole middleware stack, exceptions turned into
   responses), in generation order. Counted per surface: responses by status class, time, and
   for 5xx the exception behind it (Django's `got_request_exception`); page-cache stores
   (``X-Page-Cache: miss``) show that hostile query strings do not add cache entries.

Prints a table per surface, totals, the distinct exceptions behind 5xx (``--tracebacks`` of them)
and a PASS/FAIL line for the target; nothing is asserted. Exit status 1 when there was a 5xx.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import random
import re
import shutil
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_SEED = 20261211


def _rss_mb() -> float:
    match = re.search(r"VmRSS:\s+(\d+) kB", Path("/proc/self/status").read_text())
    return int(match.group(1)) / 1024 if match else 0.0


def setup(database: Path, index_dir: Path, media: Path) -> None:
    os.environ.update(
        DATABASE_URL=f"sqlite:///{database}",
        SEARCH_INDEX_DIR=str(index_dir),
        MEDIA_ROOT=str(media),
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DEBUG="false",
        ALLOWED_HOSTS="testserver,localhost",
        CACHE_URL="locmemcache://",
        PAGE_CACHE_ENABLED="true",
        LOG_LEVEL="CRITICAL",
    )
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)


def build_site() -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    print(f"set-up: migrate + load_demo {time.perf_counter() - started:.0f} s", flush=True)


def run(count: int, seed: int, tracebacks: int) -> int:
    from django.test import Client

    from tests.test_fuzz import SURFACES, Catalogue, ServerErrors, generate_requests, send

    catalogue = Catalogue.from_database()
    print(
        f"catalogue: {len(catalogue.page_urls)} page addresses ({len(catalogue.listing_urls)} listings), "
        f"{len(catalogue.page_ids)} page ids, {len(catalogue.image_ids)} images, {len(catalogue.document_ids)} "
        f"documents, {len(catalogue.theme_slugs)} themes, {len(catalogue.directive_keys)} directives, "
        f"{len(catalogue.page_types)} page types, {len(catalogue.api_fields)} API fields",
        flush=True,
    )
    client = Client(raise_request_exception=False)
    statuses: dict[str, Counter] = defaultdict(Counter)
    seconds: Counter = Counter()
    stored = hits = 0
    failures: dict[str, list[str]] = defaultdict(list)
    rss_before = _rss_mb()
    started = time.perf_counter()
    with ServerErrors() as errors:
        for number, request in enumerate(generate_requests(random.Random(seed), catalogue, count), start=1):
            before = time.perf_counter()
            response = send(client, request)
            seconds[request.surface] += time.perf_counter() - before
            statuses[request.surface][f"{response.status_code // 100}xx"] += 1
            state = response.get("X-Page-Cache")
            stored += state == "miss"
            hits += state == "hit"
            if response.status_code >= 500:
                failures[request.surface].append(f"{request.method} {request.path[:300]}")
            if number % 10_000 == 0:
                elapsed = time.perf_counter() - started
                fives = sum(counter["5xx"] for counter in statuses.values())
                print(f"  {number:,} requests, {elapsed:.0f} s, 5xx so far: {fives}", flush=True)
    elapsed = time.perf_counter() - started

    print(f"\n{'surface':<20} {'requests':>9} {'2xx':>7} {'3xx':>6} {'4xx':>7} {'5xx':>5} {'ms/req':>7}")
    for surface in SURFACES:
        counter = statuses[surface]
        total = sum(counter.values())
        print(
            f"{surface:<20} {total:>9,} {counter['2xx']:>7,} {counter['3xx']:>6,} {counter['4xx']:>7,} "
            f"{counter['5xx']:>5,} {1000 * seconds[surface] / max(total, 1):>7.1f}"
        )
    totals = sum((statuses[surface] for surface in SURFACES), Counter())
    total = sum(totals.values())
    print(
        f"{'total':<20} {total:>9,} {totals['2xx']:>7,} {totals['3xx']:>6,} {totals['4xx']:>7,} "
        f"{totals['5xx']:>5,} {1000 * elapsed / max(total, 1):>7.1f}"
    )
    print(f"\n{total:,} requests in {elapsed:.0f} s; page cache: {stored:,} responses stored, {hits:,} served from it")
    print(f"VmRSS {rss_before:.0f} → {_rss_mb():.0f} MB across the requests")

    if failures:
        print("\n5xx, first addresses per surface:")
        for surface, paths in failures.items():
            for path in paths[:5]:
                print(f"  {surface}: {path}")
        distinct: dict[str, str] = {}
        for _path, text in errors.tracebacks:
            distinct.setdefault(text.strip().splitlines()[-1], text)
        print(f"\n{len(distinct)} distinct exceptions behind them (first {tracebacks}):")
        for text in list(distinct.values())[:tracebacks]:
            print(text)
    fives = totals["5xx"]
    print(f"\n{'PASS' if fives == 0 else 'FAIL'}  no 5xx from visitor-controlled input: {fives} of {total:,}")
    return fives


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000, help="generated requests (spread over the surfaces)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the request generator")
    parser.add_argument("--tracebacks", type=int, default=5, help="distinct exceptions printed in full")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database, media and index")
    args = parser.parse_args()

    pid = os.getpid()
    database = Path(f"/tmp/bench-fuzz-{pid}.sqlite3")
    index_dir = Path(f"/tmp/bench-fuzz-index-{pid}")
    media = Path(f"/tmp/bench-fuzz-media-{pid}")
    print(
        f"bench/fuzz_requests.py  requests={args.requests:,} seed={args.seed}  cpus={os.cpu_count()}  "
        f"python {sys.version.split()[0]}  load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        flush=True,
    )
    began = time.perf_counter()
    try:
        setup(database, index_dir, media)
        build_site()
        fives = run(args.requests, args.seed, args.tracebacks)
    finally:
        if not args.keep:
            shutil.rmtree(index_dir, ignore_errors=True)
            shutil.rmtree(media, ignore_errors=True)
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
    print(f"total run {time.perf_counter() - began:.0f} s")
    sys.exit(1 if fives else 0)


if __name__ == "__main__":
    main()
