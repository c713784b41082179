"""The cache fails open (cms/redis_cache.py): with Redis gone, pages answer and publishing works; once
Redis is back, nothing published during the outage is hidden behind a stale stored page.

Runs against a Redis server of its own (Debian's `redis-server` on a free port, no persistence),
stopped and started again by the tests; skipped, with the reason, where there is no redis-server.
"""

import datetime
import logging
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

from articles.models import ArticleIndexPage, ArticlePage
from cms import page_cache

REDIS_SERVER = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed (Debian: redis-server)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """A throw-away redis-server on one port, which the test can stop and start again."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def pause(self) -> None:
        """The server hangs: connections are accepted by the kernel, nothing answers (SIGSTOP)."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis(settings) -> Iterator[OwnRedis]:
    server = OwnRedis(_free_port())
    server.start()
    settings.CACHES = {
        "default": {"BACKEND": "cms.redis_cache.RedisCache", "LOCATION": f"redis://127.0.0.1:{server.port}/0"}
    }
    settings.CACHE_RETRY_SECONDS = 0.2
    page_cache._local.entries.clear()
    try:
        yield server
    finally:
        server.stop()
        page_cache._local.entries.clear()


@pytest.fixture
def article(page_cache, home_pages, own_redis, django_capture_on_commit_callbacks) -> ArticlePage:
    with django_capture_on_commit_callbacks(execute=True):
        section = ArticleIndexPage(title="Tin bài", slug="tin-bai")
        home_pages["vi"].add_child(instance=section)
        section.save_revision().publish()
        article = ArticlePage(
            title="Bài viết trước sự cố",
            slug="bai-viet",
            date=datetime.date(2026, 12, 1),
            summary="Tóm tắt.",
            body=[("paragraph", "<p>Nội dung.</p>")],
        )
        section.add_child(instance=article)
        article.save_revision().publish()
    return article


def _state(response) -> str:
    return response.get("X-Page-Cache", "none")


def _warm(client, url: str) -> None:
    """Request `url` until it is served from Redis (the first renderings may make renditions, which
    mark every page stale once)."""
    for _attempt in range(4):
        client.get(url)
        page_cache._local.entries.clear()
        if _state(client.get(url)) == "hit":
            return
    raise AssertionError(f"{url} is never served from the cache")


def _wait_past_the_retry_period() -> None:
    time.sleep(0.3)  # CACHE_RETRY_SECONDS is 0.2 in these tests


def test_with_redis_down_pages_answer_uncached_and_publishing_works(
    client, article, own_redis, django_capture_on_commit_callbacks, caplog
):
    url = article.url
    _warm(client, url)

    own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="cms.redis_cache"):
        during = [client.get(url) for _ in range(5)]
        home = client.get("/")
        with django_capture_on_commit_callbacks(execute=True):
            article.title = "Bài viết sửa trong sự cố"
            article.save_revision().publish()

    assert [response.status_code for response in during] == [200] * 5
    assert home.status_code == 200
    assert all(_state(response) != "hit" for response in during)
    assert "Bài viết sửa trong sự cố" in client.get(url).content.decode()
    outage_lines = [record for record in caplog.records if "unavailable" in record.getMessage()]
    assert len(outage_lines) == 1  # one line per outage, not one per call


def test_after_the_outage_no_stale_page_is_served(client, article, own_redis, django_capture_on_commit_callbacks):
    """Redis hangs (its data kept), a change is published meanwhile, Redis answers again: the page
    stored before the outage must not come back as fresh."""
    url = article.url
    _warm(client, url)

    own_redis.pause()
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Bài viết sửa trong sự cố"
        article.save_revision().publish()  # its tag cannot be touched: Redis does not answer
    assert client.get(url).status_code == 200
    own_redis.resume()
    _wait_past_the_retry_period()
    page_cache._local.entries.clear()

    response = client.get(url)

    assert response.status_code == 200
    assert "Bài viết sửa trong sự cố" in response.content.decode()
    assert _state(response) != "hit"
