"""Browser harness: Debian's Chromium, driven by Playwright, against a real server process.

The server is `manage.py runserver` on its own SQLite database built the way `make setup`
builds one (migrate + load_demo), so browser tests see exactly what a visitor of a fresh
site sees and never share the test database. Chromium comes from Debian (`make test`
installs it when missing); Playwright never downloads a browser. CHROMIUM_PATH overrides
the binary.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
SERVER_START_TIMEOUT = 60


def _chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail(f"Chromium not found at {path}: run `make system-deps` (apt-get install chromium).")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, check=True, capture_output=True
    )


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a live demo site served by its own process and database."""
    var = tmp_path_factory.mktemp("browser-site")
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "MEDIA_ROOT": str(var / "media"),
        "SEARCH_INDEX_DIR": str(var / "search"),
    }
    _manage(["migrate", "--noinput"], env)
    _manage(["load_demo"], env)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = var / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_serving(url, server, log_path)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


def _wait_until_serving(url: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the site server did not start:\n" + log_path.read_text())
            time.sleep(0.2)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
