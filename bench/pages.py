"""Benchmark of public page delivery: server time per page type, and throughput under load
against the same server's static-file ceiling, measured in the same run.

Run from the project root (defaults shown; needs Debian's `wrk`: `make bench-deps`)::

    .venv/bin/python bench/pages.py --requests 200 --duration 20 --connections 50 --workers 2

Nothing of the project's own database, media, index or cache is touched: a throw-away SQLite
database, media, static and index directories under /tmp, and Redis database 15 on
127.0.0.1:6379 (flushed before and after; ``--redis`` picks another URL). ``--keep`` keeps the files.

1. Set-up, with the production settings (``SERVE_OVER_HTTP=true``, as ``make serve``):
   ``migrate``, ``load_demo``, then 20 articles tied to the directive 380-CV/ĐU published through
   Wagtail revisions (so that directive page lists 20 related items), then ``collectstatic``.
2. Server time, in one process prepared as a gunicorn worker is (cms.worker_warmup), through
   ``django.test.Client`` and the whole middleware stack, production settings, Redis cache: for
   one live Vietnamese page of each type, ``--requests`` sequential requests *cold* (page cache and
   fragment cache switched off: everything rendered), *uncached* (page cache off, kept fragments
   used: a page re-rendered after a change of its own, cms.fragment_cache) and as many *cached* (a
   stored page), after 5 warm-up requests each.
   p50/p95 by nearest rank, ``time.perf_counter()``.
3. Throughput: gunicorn with the project's ``cms/gunicorn.conf.py``, ``--workers`` workers, on a free
   loopback port. The ceiling of each page type: a static file (WhiteNoise) of that cached page's
   size, written into the static directory before the server starts. Then for each page type, its
   ceiling and right after it the page, cached (warmed once), with
   ``wrk -t2 -c<connections> -d<duration>s``; the page's share of its own ceiling (same bytes,
   measured a moment before, so a host whose speed drifts during the run moves both alike);
   requests/s, and failures (socket errors plus non-2xx/3xx answers). Resident memory (VmRSS,
   master plus workers) before and after.

Targets, printed as PASS/FAIL (nothing is asserted): every cached page type at least 50 % of the
static ceiling of its size; uncached directive page with 20 related items p95 under 40 ms; zero failed requests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RELATED_ITEMS = 20
TARGET_CEILING_SHARE = 0.5
TARGET_DIRECTIVE_P95_MS = 40.0

PAGE_TYPES = [
    ("home", "home.HomePage"),
    ("directive register", "articles.DirectiveIndexPage"),
    ("directive (20 related)", "articles.DirectivePage"),
    ("infographic index", "articles.InfographicIndexPage"),
    ("infographic", "articles.InfographicPage"),
    ("podcast show", "articles.PodcastIndexPage"),
    ("podcast episode", "articles.PodcastEpisodePage"),
    ("video index", "articles.VideoIndexPage"),
    ("video clip", "articles.VideoClipPage"),
    ("article index", "articles.ArticleIndexPage"),
    ("article", "articles.ArticlePage"),
    ("theme", "articles.ThemePage"),
]


def target(ok: bool, text: str) -> None:
    print(f"{'PASS' if ok else 'FAIL'}  {text}")


def nearest_rank(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(percent / 100 * len(ordered) + 0.5) - 1))]


# --- Stages run inside the benchmark's environment (subprocesses of the orchestrator) ---------


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def stage_prepare(out: Path) -> None:
    """Tie 20 new articles to 380-CV/ĐU and write one URL per page type to `out`."""
    _django()
    import datetime

    from django.apps import apps
    from wagtail.models import Locale

    from articles.models import ArticleIndexPage, ArticlePage, DirectivePage

    source = Locale.get_default()
    directive = DirectivePage.objects.live().get(locale=source, number_key="380-cv-du")
    section = ArticleIndexPage.objects.live().filter(locale=source).first()
    for number in range(1, RELATED_ITEMS + 1):
        article = ArticlePage(
            title=f"Bài đo hiệu năng số {number}",
            slug=f"bai-do-hieu-nang-{number}",
            date=datetime.date(2025, 9, 1) + datetime.timedelta(days=number),
            summary="Một bài viết gắn với Công văn 380 để đo thời gian trả trang.",
            body=[("paragraph", "<p>Nội dung bài viết dùng cho phép đo.</p>")],
        )
        article.related_directives = [directive]
        article.themes = list(directive.themes.all())
        section.add_child(instance=article)
        article.save_revision().publish()
    assert len(ArticlePage.objects.live().filter(related_directives=directive, locale=source)) >= RELATED_ITEMS

    urls = {}
    for label, model_label in PAGE_TYPES:
        model = apps.get_model(model_label)
        pages = model.objects.live().public().filter(locale=source, alias_of__isnull=True)
        page = directive if model is DirectivePage else pages.order_by("pk").first()
        urls[label] = page.get_url()
    out.write_text(json.dumps(urls, ensure_ascii=False, indent=1))


def stage_time(urls_file: Path, requests: int, out: Path) -> None:
    """Sequential server time per URL, uncached and cached, through the whole middleware stack."""
    _django()
    from django.core.cache import cache
    from django.test import Client, override_settings

    from cms.worker_warmup import prepare_worker

    prepare_worker()  # as each gunicorn worker does before its first request (cms/gunicorn.conf.py)
    urls = json.loads(urls_file.read_text())
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}

    def timed(url: str, expect: str) -> list[float]:
        times = []
        for _ in range(5):
            client.get(url)
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200 or response.get("X-Page-Cache", "none") != expect:
                raise SystemExit(f"{url}: {response.status_code} {response.get('X-Page-Cache')}, expected {expect}")
        return times

    for label, url in urls.items():
        with override_settings(PAGE_CACHE_ENABLED=False, FRAGMENT_CACHE_ENABLED=False):
            cold = timed(url, "none")
        with override_settings(PAGE_CACHE_ENABLED=False):
            uncached = timed(url, "none")
        cache.clear()
        cached = timed(url, "hit")
        size = len(client.get(url).content)
        results[label] = {"url": url, "cold": cold, "uncached": uncached, "cached": cached, "bytes": size}
    out.write_text(json.dumps(results))


# --- The orchestrator ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def _rss_mib(pid: int) -> float:
    """VmRSS of a process and its children, in MiB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    for each in pids:
        status = Path(f"/proc/{each}/status")
        if status.exists():
            match = re.search(r"VmRSS:\s+(\d+) kB", status.read_text())
            total += int(match.group(1)) if match else 0
    return total / 1024


def _wrk(url: str, connections: int, duration: int) -> dict[str, float]:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    failed = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    bad_status = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    failed += int(bad_status.group(1)) if bad_status else 0
    return {"rps": rps, "requests": total, "failed": failed}


def _wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url}")


def _fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        response.read()
        return response.status, response.headers.get("X-Page-Cache", "none")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed sequential requests per page type and side")
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per URL")
    parser.add_argument("--connections", type=int, default=50, help="concurrent connections of wrk")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15", help="cache URL (flushed)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary files")
    parser.add_argument("--stage", choices=["prepare", "time"], help=argparse.SUPPRESS)
    parser.add_argument("--urls", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.stage == "prepare":
        return stage_prepare(args.out)
    if args.stage == "time":
        return stage_time(args.urls, args.requests, args.out)

    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: run `make bench-deps` (Debian's wrk package)")
    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SERVE_OVER_HTTP": "true",
        "SECURE_SSL_REDIRECT": "false",
        "SERVE_MEDIA": "true",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "SEARCH_INDEX_DIR": str(work / "search"),
        "CACHE_URL": args.redis,
        "LOG_LEVEL": "ERROR",
    }
    env.pop("REDIS_URL", None)
    flush = [PYTHON, "-c", "import redis,sys; redis.Redis.from_url(sys.argv[1]).flushdb()", args.redis]
    subprocess.run(flush, check=True)
    server = None
    try:
        started = time.perf_counter()
        _run(env, "manage.py", "migrate", "--noinput")
        _run(env, "manage.py", "load_demo")
        urls_file = work / "urls.json"
        _run(env, "bench/pages.py", "--stage", "prepare", "--out", str(urls_file))
        _run(env, "manage.py", "collectstatic", "--noinput")
        elapsed = time.perf_counter() - started
        print(f"set-up: migrate, load_demo, {RELATED_ITEMS} related articles, collectstatic: {elapsed:.0f} s")

        timings_file = work / "timings.json"
        _run(
            env,
            "bench/pages.py",
            "--stage",
            "time",
            "--urls",
            str(urls_file),
            "--requests",
            str(args.requests),
            "--out",
            str(timings_file),
        )
        timings = json.loads(timings_file.read_text())

        # One static file per page type, of that page's size: a page is compared with the server
        # sending the same number of bytes from a file, so its share measures the cache path alone.
        ceiling_dir = work / "static" / "bench"
        ceiling_dir.mkdir(parents=True, exist_ok=True)
        for number, result in enumerate(timings.values()):
            filler = (("<p>" + "static ceiling " * 8 + "</p>\n") * (result["bytes"] // 128 + 1)).encode()
            (ceiling_dir / f"ceiling-{number}.html").write_bytes(filler[: result["bytes"]])

        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        subprocess.run(flush, check=True)
        server = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "--config",
                "cms/gunicorn.conf.py",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        _wait_for(base + "/static/bench/ceiling-0.html")
        for result in timings.values():
            for _ in range(args.workers * 2):
                _fetch(base + result["url"])
            status, state = _fetch(base + result["url"])
            if (status, state) != (200, "hit"):
                raise SystemExit(f"{result['url']} is not served from the cache: {status} {state}")
        rss_before = _rss_mib(server.pid)

        # Each page right after its ceiling (same bytes, measured just before it): a host whose
        # speed drifts during the run (a shared machine) moves both alike.
        loads, ceilings, shares = {}, {}, {}
        for number, (label, result) in enumerate(timings.items()):
            ceilings[label] = _wrk(f"{base}/static/bench/ceiling-{number}.html", args.connections, args.duration)
            loads[label] = _wrk(base + result["url"], args.connections, args.duration)
            shares[label] = loads[label]["rps"] / ceilings[label]["rps"]
        rss_after = _rss_mib(server.pid)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        subprocess.run(flush, check=False)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print(
        f"\nserver time (ms), {args.requests} sequential requests each; throughput: gunicorn {args.workers} "
        f"workers, wrk {args.connections} connections x {args.duration} s on loopback"
    )
    print(
        f"{'page type':<24}{'bytes':>8}{'cold p50':>10}{'p95':>8}{'uncached p50':>14}{'p95':>8}"
        f"{'cached p50':>12}{'p95':>7}"
        f"{'speed-up':>10}{'req/s':>9}{'ceiling':>9}{'of ceiling':>12}{'failed':>8}"
    )
    for label, result in timings.items():
        load = loads[label]
        cold_p50, cold_p95 = nearest_rank(result["cold"], 50), nearest_rank(result["cold"], 95)
        uncached_p50, uncached_p95 = nearest_rank(result["uncached"], 50), nearest_rank(result["uncached"], 95)
        cached_p50, cached_p95 = nearest_rank(result["cached"], 50), nearest_rank(result["cached"], 95)
        share = shares[label]
        print(
            f"{label:<24}{result['bytes']:>8}{cold_p50:>10.2f}{cold_p95:>8.2f}{uncached_p50:>14.2f}{uncached_p95:>8.2f}"
            f"{cached_p50:>12.2f}"
            f"{cached_p95:>7.2f}{uncached_p50 / cached_p50:>9.1f}x{load['rps']:>9.0f}{ceilings[label]['rps']:>9.0f}"
            f"{share:>11.0%}{load['failed']:>8}"
        )
    print(
        f"resident memory (master + {args.workers} workers): "
        f"{rss_before:.0f} MiB before the load, {rss_after:.0f} MiB after"
    )

    worst_label = min(shares, key=shares.get)
    worst_share = shares[worst_label]
    directive_p95 = nearest_rank(timings["directive (20 related)"]["uncached"], 95)
    runs = [*loads.values(), *ceilings.values()]
    failed = sum(run["failed"] for run in runs)
    total = sum(run["requests"] for run in runs)
    print()
    target(
        worst_share >= TARGET_CEILING_SHARE,
        f"cached pages >= 50% of the static ceiling: lowest {worst_label} {worst_share:.0%}",
    )
    target(
        directive_p95 < TARGET_DIRECTIVE_P95_MS,
        f"uncached directive page with {RELATED_ITEMS} related items p95 < 40 ms: {directive_p95:.2f} ms",
    )
    target(failed == 0, f"zero failed requests: {failed} of {total}")


if __name__ == "__main__":
    main()
