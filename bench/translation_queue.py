"""Benchmark of the translation queue list against wagtail-localize's Translations report, same data, same run.

Run from the project root (defaults shown)::

    .venv/bin/python bench/translation_queue.py --pages 2500 --first 25 --translated 50 --requests 100

Nothing of the project's own database, media or index is touched: a throw-away SQLite database,
media and search index under /tmp, removed at the end (``--keep`` leaves them).

Data: `migrate`, `load_demo` (the vi/en/uk site, its demo pages and their translations; it runs
`locales_queue sync` itself), then `--pages` live Vietnamese pages (70 % ArticlePage, 30 %
DirectivePage, ≈300 words of body text each, sampled like bench/search.py) added with `add_child`
under the demo's Vietnamese section pages (no revisions; Wagtail's search and reference-index
signal handlers off while creating). For each page a wagtail-localize `TranslationSource`
(`update_or_create_from_instance`) and a `Translation` into en and into uk (`get_or_create`, no
target page), except `--translated` pages that are fully translated into both through
`locales.translating.translate_object` (target pages created and published, as the demo does).
Then `locales_queue sync` (`locales.queue.sync_all`, timed: what a deployment runs) creates the
queue items, 2 per page. Last, a seeded, realistic spread of planning state is written straight
onto the unfinished items (status, priority, due date, translator; 10 % marked outdated with
1–5 changed segments); it bypasses the workflow (no history) because only the list is measured.

Measured, through `django.test.Client` logged in as a superuser, DEBUG off:
    ours     `GET /admin/translation-queue/` (the QueueItem snippet list, 50 per page): default
             ordering; `?ordering=due_date`; `?target_locale=<uk>&status=to_do&status=in_progress`;
             `?outdated=true`; `?p=20`.
    baseline `GET` wagtail-localize's Translations report (`wagtail_localize:translations_report`,
             50 per page): default; `?target_locale=uk`; `?target_locale=uk&waiting_for_translation=true`;
             `?p=20`.
Each variant is requested once to warm up (its rows are counted there), then `--requests` timed
requests per side, cycling through that side's variants; ours and the baseline alternate request
by request so that load from other processes falls on both alike. Latencies are nearest-rank
p50/p95 of `time.perf_counter()` around `client.get`. SQL queries per request are counted with
`CaptureQueriesContext` on one request of each variant, once after the first `--first` pages'
items exist (≈50 + the demo's items) and again at full size. Resident memory (VmRSS) is printed
before and after the requests.

Targets are printed as PASS/FAIL lines (n/a below 5,000 items); nothing is asserted. The bounded
query count is asserted in tests/locales/test_queue_scale.py.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import os
import pstats
import random
import re
import shutil
import sys
import time
import warnings
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# bench/search.py's measuring helpers and realistic text (loaded by path: `search` is also the app's name).
_spec = importlib.util.spec_from_file_location("bench_search", Path(__file__).resolve().parent / "search.py")
bench_search = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_search)
TextMaker, pct, ms, vm_rss_mb, max_rss_mb = (
    bench_search.TextMaker,
    bench_search.pct,
    bench_search.ms,
    bench_search.vm_rss_mb,
    bench_search.max_rss_mb,
)
TYPE_CODES, ISSUER_CODES = bench_search.TYPE_CODES, bench_search.ISSUER_CODES

QUEUE_URL = "/admin/translation-queue/"
ROW = re.compile(rb"<tr\b")
LISTING = re.compile(rb'<table class="listing[^"]*"[^>]*>(.*?)</table>', re.S)
STATUS_WEIGHTS = {"to_do": 45, "in_progress": 25, "in_review": 12, "done": 13, "reopened": 5}
TRANSLATORS = 6

RESULTS: list[str] = []


def target(name: str, ok: bool | None, detail: str) -> None:
    verdict = "n/a " if ok is None else ("PASS" if ok else "FAIL")
    RESULTS.append(f"{verdict}  {name}: {detail}")


def line(label: str, times: list[float]) -> str:
    return f"  {label:<44} p50 {ms(pct(times, 50)):>12}   p95 {ms(pct(times, 95)):>12}   (n={len(times)})"


# --- Data -----------------------------------------------------------------------------------------


class _Prefixed(dict):
    """A 'table of known strings' that knows every string: the translation is the text, prefixed."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def __contains__(self, key) -> bool:
        return True

    def __missing__(self, key: str) -> str:
        return f"{self.prefix} {key}"


def create_pages(start: int, stop: int, maker: TextMaker) -> list[int]:
    """Live Vietnamese pages bench-<start>…bench-<stop-1> under the demo's vi sections; their ids."""
    from django.db import transaction
    from django.db.models.signals import post_save
    from django.utils import timezone
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.rich_text import RichText
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from articles.models import (
        ArticleIndexPage,
        ArticlePage,
        DirectiveIndexPage,
        DirectivePage,
        DocumentType,
        IssuingBody,
        Theme,
    )

    rng = maker.rng
    themes = list(Theme.objects.all())
    bodies = {body.abbreviation: body for body in IssuingBody.objects.all()}
    types = {t.code: t for t in DocumentType.objects.all()}
    type_codes = [code for code in TYPE_CODES if code in types] or list(types)
    issuer_codes = [code for code in ISSUER_CODES if code in bodies] or list(bodies)
    parents = {
        ArticlePage: ArticleIndexPage.objects.get(locale__language_code="vi"),
        DirectivePage: DirectiveIndexPage.objects.get(locale__language_code="vi"),
    }
    now = timezone.now()
    ids = []
    models = (ArticlePage, DirectivePage)
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            for batch in range(start, stop, 500):
                with transaction.atomic():
                    for i in range(batch, min(stop, batch + 500)):
                        cited = maker.cited(rng.randint(1, 3)) if rng.random() < 0.2 else []
                        body = [("paragraph", RichText(f"<p>{p}</p>")) for p in maker.paragraphs("vi", 300, cited)]
                        common = {
                            "title": maker.title("vi"),
                            "slug": f"bench-{i}",
                            "summary": " ".join(maker.words("vi", 30)),
                            "live": True,
                            "first_published_at": now,
                            "last_published_at": now,
                        }
                        if rng.random() < 0.3:
                            code, issuer = rng.choice(type_codes), rng.choice(issuer_codes)
                            number = f"{1000 + i}-{code}/{issuer}"
                            page = DirectivePage(
                                number=number,
                                document_type=types[code],
                                issuing_body=bodies[issuer],
                                issue_date=date(2015, 1, 1) + timedelta(days=rng.randrange(4300)),
                                subject=maker.title("vi"),
                                body=body,
                                **{**common, "title": f"{number} {common['title']}"},
                            )
                        else:
                            page = ArticlePage(
                                date=date(2015, 1, 1) + timedelta(days=rng.randrange(4300)), body=body, **common
                            )
                        page.themes = rng.sample(themes, rng.randint(1, 2))
                        parents[type(page)].add_child(instance=page)
                        ids.append(page.pk)
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
    return ids


def create_translations(page_ids: list[int], full_ids: set[int], user) -> tuple[float, float]:
    """A TranslationSource and en/uk Translations per page; those in `full_ids` fully translated instead.

    Returns (seconds for the plain sources + translations, seconds for the full translations).
    """
    from django.db import transaction
    from wagtail.models import Locale, Page
    from wagtail_localize.models import Translation, TranslationSource

    from locales.translating import translate_object

    targets = list(Locale.objects.exclude(language_code="vi").order_by("language_code"))
    full = [pk for pk in page_ids if pk in full_ids]
    plain = [pk for pk in page_ids if pk not in full_ids]
    start = time.perf_counter()
    for batch in range(0, len(plain), 200):
        with transaction.atomic():
            for page in Page.objects.filter(pk__in=plain[batch : batch + 200]).order_by("path").specific():
                source, _created = TranslationSource.update_or_create_from_instance(page)
                for locale in targets:
                    Translation.objects.get_or_create(source=source, target_locale=locale)
    plain_time = time.perf_counter() - start
    start = time.perf_counter()
    for page in Page.objects.filter(pk__in=full).order_by("path").specific():
        for locale in targets:
            translate_object(page, locale, _Prefixed(f"[{locale.language_code}]"), user=user, tool_name="bench")
    return plain_time, time.perf_counter() - start


def sync_queue(profile: bool = False) -> tuple[float, str]:
    """`manage.py locales_queue sync`, timed (optionally under cProfile, printed)."""
    from django.core.management import call_command

    out = io.StringIO()
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    call_command("locales_queue", "sync", stdout=out)
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - start
    if profiler:
        print_profile(profiler, "locales_queue sync")
    return elapsed, out.getvalue().strip()


def spread_planning_state(users: list, seed: int = 7) -> None:
    """Status, priority, due date, translator and outdated flags on the unfinished items, seeded by pk."""
    from django.db.models import F
    from django.utils import timezone

    from locales.models import QueueItem

    today = timezone.localdate()
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    items = list(QueueItem.objects.exclude(translated_segments=F("total_segments"), total_segments__gt=0))
    for item in items:
        rng = random.Random(seed * 1_000_003 + item.pk)
        item.status = rng.choices(statuses, weights)[0]
        item.priority = rng.choices([1, 2, 3, 4], [20, 55, 18, 7])[0]
        item.due_date = today + timedelta(days=rng.randint(-30, 60)) if rng.random() < 0.6 else None
        item.assignee = rng.choice(users) if item.status != "to_do" and rng.random() < 0.9 else None
        item.outdated = rng.random() < 0.1
        item.changed_segments = rng.randint(1, 5) if item.outdated else 0
    QueueItem.objects.bulk_update(
        items, ["status", "priority", "due_date", "assignee", "outdated", "changed_segments"], batch_size=500
    )


def counts() -> tuple[int, int, dict[str, int]]:
    from django.db.models import Count
    from wagtail_localize.models import Translation

    from locales.models import QueueItem

    by_status = dict(QueueItem.objects.values_list("status").annotate(n=Count("pk")).order_by("status"))
    return QueueItem.objects.count(), Translation.objects.count(), by_status


# --- Measuring ------------------------------------------------------------------------------------


def print_profile(profiler: cProfile.Profile, label: str, limit: int = 25) -> None:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)
    print(f"  --- cProfile: {label} ---")
    print(out.getvalue())


class Pages:
    """The two listings as variants of (label, url, query) requested through one logged-in client."""

    def __init__(self, client, uk_locale_id: int) -> None:
        from django.urls import reverse

        report = reverse("wagtail_localize:translations_report")
        self.client = client
        self.ours = [
            ("default ordering", QUEUE_URL, {}),
            ("?ordering=due_date", QUEUE_URL, {"ordering": "due_date"}),
            (
                "?target_locale=uk&status=to_do,in_progress",
                QUEUE_URL,
                {"target_locale": uk_locale_id, "status": ["to_do", "in_progress"]},
            ),
            ("?outdated=true", QUEUE_URL, {"outdated": "true"}),
            ("?p=20", QUEUE_URL, {"p": 20}),
        ]
        self.baseline = [
            ("default", report, {}),
            ("?target_locale=uk", report, {"target_locale": "uk"}),
            (
                "?target_locale=uk&waiting_for_translation",
                report,
                {"target_locale": "uk", "waiting_for_translation": "true"},
            ),
            ("?p=20", report, {"p": 20}),
        ]

    def get(self, variant) -> bytes:
        _label, url, query = variant
        response = self.client.get(url, query)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} {query} answered {response.status_code}")
        return response.content

    def rows(self, variant) -> int:
        """Rows of the listing table (`<table class="listing">`; the shortcuts dialog has tables too)."""
        content = self.get(variant)
        table = LISTING.search(content)
        body = table.group(1).split(b"<tbody", 1)[-1] if table else b""
        return len(ROW.findall(body))

    def queries(self, variants) -> list[int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        found = []
        for variant in variants:
            with CaptureQueriesContext(connection) as captured:
                self.get(variant)
            found.append(len(captured.captured_queries))
        return found


def labelled(label: str, variants: list, values: list) -> str:
    return f"  {label} " + ", ".join(f"{variant[0]} {value}" for variant, value in zip(variants, values, strict=True))


def measure_pair(pages: Pages, n: int) -> tuple[list[float], list[float]]:
    """`n` timed requests per side, alternating ours/baseline, each side cycling through its variants."""
    ours, base = [], []
    for i in range(n):
        for variants, times in ((pages.ours, ours), (pages.baseline, base)):
            variant = variants[i % len(variants)]
            start = time.perf_counter()
            pages.get(variant)
            times.append(time.perf_counter() - start)
    return ours, base


def per_variant(times: list[float], variants: list) -> list[str]:
    k = len(variants)
    return [
        f"{label}: p50 {ms(pct(times[j::k], 50))}, p95 {ms(pct(times[j::k], 95))}"
        for j, (label, _url, _q) in enumerate(variants)
        if times[j::k]
    ]


# --- The run --------------------------------------------------------------------------------------


def run(args) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from wagtail.models import Locale

    rss_start = vm_rss_mb()
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - start:.1f} s", flush=True)
    users = get_user_model()
    admin = users.objects.create_superuser("bench", "bench@example.org", "bench")
    translators = [users.objects.create_user(f"translator{i}", f"t{i}@example.org", "x") for i in range(TRANSLATORS)]
    start = time.perf_counter()
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    print(f"load_demo (includes its own locales_queue sync and search rebuild): {time.perf_counter() - start:.1f} s")
    items, translations, _ = counts()
    print(f"  after load_demo: {items:,} queue items, {translations:,} wagtail-localize Translations", flush=True)

    client = Client()
    client.force_login(admin)
    uk = Locale.objects.get(language_code="uk")
    pages = Pages(client, uk.pk)
    maker = TextMaker(seed=1)
    first = min(args.first, args.pages)
    step = max(1, args.pages // args.translated) if args.translated else 0

    def fully_translated(page_ids: list[int], offset: int) -> set[int]:
        """Every `step`-th page of the whole run (spread over it), at most --translated."""
        if not step:
            return set()
        return {pk for i, pk in enumerate(page_ids, offset) if i % step == 0 and i // step < args.translated}

    # Phase 1: the first pages only, to count the queries of a short list.
    ids = create_pages(0, first, maker)
    create_translations(ids, fully_translated(ids, 0), admin)
    elapsed, report = sync_queue(profile=args.profile)
    spread_planning_state(translators)
    items, translations, _ = counts()
    print(f"\n== Small: {first} pages → {items:,} queue items, {translations:,} Translations (sync {elapsed:.1f} s) ==")
    for variant in pages.ours + pages.baseline:  # warm up
        pages.get(variant)
    small_ours, small_base = pages.queries(pages.ours), pages.queries(pages.baseline)
    print(labelled("queries per request, ours:     ", pages.ours, small_ours))
    print(labelled("queries per request, baseline: ", pages.baseline, small_base))

    # Phase 2: the rest.
    start = time.perf_counter()
    ids += create_pages(first, args.pages, maker)
    print(f"\n== Full: {args.pages:,} pages ==")
    print(f"  created {args.pages - first:,} more pages in {time.perf_counter() - start:.1f} s")
    full_ids = fully_translated(ids[first:], first)
    plain, full = create_translations(ids[first:], full_ids, admin)
    print(
        f"  TranslationSource + en/uk Translation: {plain:.1f} s for {len(ids) - first - len(full_ids):,} pages; "
        f"translate_object into en and uk: {full:.1f} s for {len(full_ids):,} pages",
        flush=True,
    )
    elapsed, report = sync_queue()
    print(f"  locales_queue sync: {elapsed:.1f} s ({report})", flush=True)
    spread_planning_state(translators)
    items, translations, by_status = counts()
    print(f"  queue items: {items:,} ({', '.join(f'{k} {v:,}' for k, v in by_status.items())})")
    print(f"  wagtail-localize Translations (report rows): {translations:,}")

    rss_before = vm_rss_mb()
    rows_ours = [pages.rows(v) for v in pages.ours]  # also the warm-up
    rows_base = [pages.rows(v) for v in pages.baseline]
    print(labelled("rows on the page, ours:     ", pages.ours, rows_ours))
    print(labelled("rows on the page, baseline: ", pages.baseline, rows_base))
    large_ours, large_base = pages.queries(pages.ours), pages.queries(pages.baseline)
    print(labelled("queries per request, ours:     ", pages.ours, large_ours))
    print(labelled("queries per request, baseline: ", pages.baseline, large_base))

    ours, base = measure_pair(pages, args.requests)
    rss_after = vm_rss_mb()
    print("  latency through django.test.Client (superuser, DEBUG off):")
    print(line("ours      GET /admin/translation-queue/", ours))
    print(line("baseline  wagtail-localize Translations report", base))
    print("    ours by variant:     " + "; ".join(per_variant(ours, pages.ours)))
    print("    baseline by variant: " + "; ".join(per_variant(base, pages.baseline)))
    ratio = pct(base, 95) / pct(ours, 95)
    print(f"  ratio baseline p95 / ours p95: {ratio:.2f}×")
    print(
        f"  memory (VmRSS): start {rss_start:.0f} MB, before requests {rss_before:.0f} MB, "
        f"after requests {rss_after:.0f} MB; process peak (ru_maxrss) {max_rss_mb():.0f} MB"
    )

    if args.profile:
        for label, variant in (("ours, default", pages.ours[0]), ("baseline, default", pages.baseline[0])):
            profiler = cProfile.Profile()
            profiler.enable()
            pages.get(variant)
            profiler.disable()
            print_profile(profiler, f"one request, {label}")

    full_size = items >= 5000 and translations >= 5000
    scale = "" if full_size else f" (at {items:,} items / {translations:,} Translations, not 5,000)"
    target(
        "queue list p95 ≤ wagtail-localize report p95 at 5,000 items",
        pct(ours, 95) <= pct(base, 95) if full_size else None,
        f"ours {ms(pct(ours, 95))}, report {ms(pct(base, 95))}, ratio {ratio:.2f}×{scale}",
    )
    target(
        "queries per list page independent of size",
        large_ours == small_ours,
        f"ours {small_ours} at {first} pages → {large_ours} at {args.pages:,} pages "
        f"(baseline {small_base} → {large_base})",
    )
    target("memory stated", None, f"VmRSS {rss_before:.0f} → {rss_after:.0f} MB across the requests")


def setup(database: Path, index_dir: Path, work: Path) -> None:
    os.environ.update(
        DATABASE_URL=f"sqlite:///{database}",
        SEARCH_INDEX_DIR=str(index_dir),  # load_demo rebuilds the search index
        MEDIA_ROOT=str(work / "media"),  # load_demo writes images and PDFs
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DEBUG="false",
        ALLOWED_HOSTS="testserver,localhost",
    )
    import django

    django.setup()
    # The report paginates an unordered queryset; Django warns on every request. Its behaviour, not ours.
    warnings.filterwarnings("ignore", message="Pagination may yield inconsistent results")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2500, help="source pages created (2 queue items each)")
    parser.add_argument("--first", type=int, default=25, help="pages created before the small-list query count")
    parser.add_argument(
        "--translated", type=int, default=50, help="pages fully translated into en and uk (translate_object)"
    )
    parser.add_argument("--requests", type=int, default=100, help="timed requests per side")
    parser.add_argument("--profile", action="store_true", help="cProfile the first sync and one request per side")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database, media and index")
    args = parser.parse_args()

    pid = os.getpid()
    work = Path(f"/tmp/bench-queue-{pid}")
    database = Path(f"/tmp/bench-queue-{pid}.sqlite3")
    index_dir = Path(f"/tmp/bench-queue-index-{pid}")
    began = time.perf_counter()
    try:
        work.mkdir()
        setup(database, index_dir, work)
        print(
            f"bench/translation_queue.py  pages={args.pages:,} first={args.first} translated={args.translated} "
            f"requests={args.requests}  cpus={os.cpu_count()}  python {sys.version.split()[0]}  "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}  (SQLite at {database})",
            flush=True,
        )
        run(args)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
            shutil.rmtree(index_dir, ignore_errors=True)
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
    print(f"\n== Targets (total run {time.perf_counter() - began:.0f} s) ==")
    for result in RESULTS:
        print("  " + result)


if __name__ == "__main__":
    main()
