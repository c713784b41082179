"""Scheduled publishing and expiry happen through `manage.py run_scheduler` (cms/scheduler.py).

One site holds a public control article, an article due to expire and an article scheduled to go
live, all set up as an editor does it (Wagtail revisions with `expire_at` / `go_live_at` a moment
ahead). Every public surface is read before (the page and its listing are stored in the page cache
then) and after one `run_scheduler --once`: the page itself, its section's listing, the search API
and suggestions, the latest feeds, the sitemaps and the API v2. The control must be on every
surface each time, so an empty surface fails. Then: runs of one job never overlap (the lock), both
inside one process and between two processes sharing a SQLite database.
"""

import datetime
import json
import os
import re
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from articles.models import ArticleIndexPage, ArticlePage
from cms import scheduler
from search.backends import get_backend

CONTROL = "schedcontrol"
EXPIRING = "schedexpiring"
GOING_LIVE = "schedgoinglive"
LEAD = datetime.timedelta(seconds=3)
"""How far ahead the expiry and the go-live are set (publishing must see both still in the future);
a test may ask for another lead with `@pytest.mark.parametrize("site", [lead], indirect=True)`."""


def _article(word: str) -> ArticlePage:
    return ArticlePage(
        title=f"Bài {word}",
        slug=word,
        date=datetime.date(2025, 9, 1),
        summary=f"Tóm tắt {word}.",
        body=[("paragraph", f"<p>Nội dung {word}.</p>")],
    )


@pytest.fixture
def site(request, page_cache, home_pages, client, django_capture_on_commit_callbacks):
    get_backend().clear()
    home = home_pages[settings.LANGUAGE_CODE]
    with django_capture_on_commit_callbacks(execute=True):
        section = ArticleIndexPage(title="Tin bài", slug="tin-bai")
        home.add_child(instance=section)
        section.save_revision().publish()
        pages = {}
        for word in (CONTROL, EXPIRING, GOING_LIVE):
            pages[word] = _article(word)
            section.add_child(instance=pages[word])
        pages[CONTROL].save_revision().publish()
        moment = timezone.now() + getattr(request, "param", LEAD)
        pages[EXPIRING].expire_at = moment  # the editor's "Expiry date/time", then Publish
        pages[EXPIRING].save_revision().publish()
        pages[GOING_LIVE].go_live_at = moment  # the editor's "Go-live date/time", then Publish (scheduled)
        pages[GOING_LIVE].save_revision().publish()
    pages = {word: ArticlePage.objects.get(pk=page.pk) for word, page in pages.items()}
    assert pages[EXPIRING].live and pages[EXPIRING].expire_at == moment
    assert not pages[GOING_LIVE].live
    yield {"section": section, "pages": pages, "moment": moment}
    get_backend().clear()


def _body(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _surfaces(client, section: Page) -> dict[str, str]:
    """The body of every public listing that could show an article, by surface."""
    with translation.override(settings.LANGUAGE_CODE):
        feeds = [reverse("feed_latest_atom"), reverse("feed_latest_rss")]
    sitemap_index = _body(client, "/sitemap.xml")
    sitemap_parts = [re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>([^<]+)</loc>", sitemap_index)]
    return {
        "section listing": _body(client, section.url),
        "search API": _body(client, "/api/search/", q="bài", locale="all"),
        "search suggestions": _body(client, "/api/search/suggest/", q="Bài sched"),
        "feeds": "".join(_body(client, url) for url in feeds),
        "sitemaps": "".join(_body(client, url) for url in sitemap_parts),
        "API v2": _body(client, "/api/v2/pages/", type="articles.ArticlePage", limit=20),
    }


def _shown(body: str, word: str) -> bool:
    return f"Bài {word}" in body or f"/{word}/" in body


def _assert_surfaces(client, section: Page, *, shown: list[str], hidden: list[str]) -> None:
    for surface, body in _surfaces(client, section).items():
        for word in shown:
            assert _shown(body, word), f"{surface} does not show {word}"
        for word in hidden:
            assert not _shown(body, word), f"{surface} still shows {word}"


def _wait_until(moment: datetime.datetime) -> None:
    remaining = (moment - timezone.now()).total_seconds()
    if remaining > 0:
        time.sleep(remaining + 0.05)


def test_one_run_of_the_scheduler_expires_and_publishes_what_is_due_on_every_surface(
    client, site, django_capture_on_commit_callbacks
):
    expiring, going_live = site["pages"][EXPIRING], site["pages"][GOING_LIVE]
    # Before: the expiring page is public everywhere (and the page and its listing are now in the
    # page cache); the scheduled one is nowhere.
    for _ in range(2):
        assert client.get(expiring.url).status_code == 200
    assert client.get(expiring.url)["X-Page-Cache"] == "hit"
    client.get(site["section"].url)
    assert client.get(site["section"].url)["X-Page-Cache"] == "hit"
    _assert_surfaces(client, site["section"], shown=[CONTROL, EXPIRING], hidden=[GOING_LIVE])
    assert client.get(f"/api/v2/pages/{going_live.pk}/").status_code == 404

    _wait_until(site["moment"])  # nothing changes by itself when the moment passes
    assert client.get(expiring.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once")

    assert client.get(expiring.url).status_code == 404
    assert client.get(f"/api/v2/pages/{expiring.pk}/").status_code == 404
    assert client.get(going_live.url).status_code == 200
    assert client.get(f"/api/v2/pages/{going_live.pk}/").status_code == 200
    assert client.get(site["pages"][CONTROL].url).status_code == 200
    _assert_surfaces(client, site["section"], shown=[CONTROL, GOING_LIVE], hidden=[EXPIRING])
    expiring.refresh_from_db()
    assert (expiring.live, expiring.expired) == (False, True)


@pytest.mark.parametrize("site", [datetime.timedelta(minutes=5)], indirect=True)
def test_a_run_with_nothing_due_changes_nothing(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once")

    assert client.get(site["pages"][EXPIRING].url).status_code == 200
    assert client.get(site["pages"][GOING_LIVE].url).status_code == 404
    _assert_surfaces(client, site["section"], shown=[CONTROL, EXPIRING], hidden=[GOING_LIVE])


def test_two_runs_of_one_job_at_once_do_not_both_execute(db):
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow_job() -> None:
        calls.append(threading.current_thread().name)
        started.set()
        release.wait(10)

    job = scheduler.Job(name="test-overlap", interval=60, func=slow_job)
    outcomes = {}

    def first_run() -> None:
        try:
            outcomes["first"] = scheduler.run_job(job)
        finally:
            connections.close_all()  # this thread's own connection (its own session on PostgreSQL)

    thread = threading.Thread(target=first_run, name="first")
    thread.start()
    try:
        assert started.wait(10)
        outcomes["second"] = scheduler.run_job(job)  # while the first run is still going
    finally:
        release.set()
        thread.join(10)

    assert outcomes == {"first": scheduler.Outcome.RAN, "second": scheduler.Outcome.SKIPPED}
    assert calls == ["first"]
    assert scheduler.run_job(job) is scheduler.Outcome.RAN  # the lock went with the first run


def _scheduler_process(database: str) -> subprocess.CompletedProcess:
    """`run_scheduler --once` in a process of its own on the SQLite database file `database`."""
    environment = {
        **{key: value for key, value in os.environ.items() if key not in {"CACHE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
        "LOG_LEVEL": "INFO",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "run_scheduler", "--once", "--job", "publish_scheduled", "--skip-checks"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_scheduler_process_skips_a_job_another_process_is_running(tmp_path):
    """On SQLite the lock is a file next to the database: another process holding it (here, this
    one) makes a scheduler skip the job. The database is empty, so a run that does go ahead fails,
    which shows in one log line and the exit status."""
    database = tmp_path / "db.sqlite3"
    with scheduler.file_lock(scheduler.lock_file_path(str(database), "publish_scheduled")) as held:
        assert held
        skipped = _scheduler_process(str(database))
    assert skipped.returncode == 0, skipped.stderr
    assert "skipped: another scheduler is running it" in skipped.stderr

    ran = _scheduler_process(str(database))
    assert ran.returncode == 1
    failure = [line for line in ran.stderr.splitlines() if "publish_scheduled failed" in line]
    assert len(failure) == 1 and "OperationalError" in failure[0], ran.stderr
    assert "Traceback" not in ran.stderr


def test_a_job_that_fails_does_not_stop_the_scheduler(db, caplog):
    calls = []

    def broken() -> None:
        calls.append("broken")
        raise RuntimeError("first line\nsecond line")

    runner = scheduler.Scheduler(
        [
            scheduler.Job(name="test-broken", interval=0.01, func=broken),
            scheduler.Job(name="test-counting", interval=0.01, func=lambda: calls.append("ok")),
        ]
    )

    def stop_after_a_few_rounds() -> None:
        if calls.count("ok") >= 3:
            runner.stop()

    runner.jobs.append(scheduler.Job(name="test-stopper", interval=0.01, func=stop_after_a_few_rounds))
    runner.run_forever()

    assert calls.count("broken") >= 3 and calls.count("ok") >= 3
    failures = [record for record in caplog.records if record.levelname == "ERROR"]
    assert failures and all(record.getMessage().endswith("RuntimeError: first line") for record in failures)
    assert all(record.exc_info is None for record in failures)
