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
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
SERVER_START_TIMEOUT = 180
# The first page drawn can take many seconds on a busy two-core machine (image renditions made on first use).
FIRST_REQUEST_TIMEOUT = 60
ADMIN_TIMEOUT_MS = 30_000


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
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        # The end of the output names the error (a missing migration, a failing demo loader).
        pytest.fail(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")


@pytest.fixture(scope="session")
def site_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of the live site's process: its own settings, SQLite database, media and index."""
    var = tmp_path_factory.mktemp("browser-site")
    return {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "MEDIA_ROOT": str(var / "media"),
        "SEARCH_INDEX_DIR": str(var / "search"),
    }


@pytest.fixture(scope="session")
def site_url(site_env: dict[str, str]) -> Iterator[str]:
    """Base URL of a live demo site served by its own process and database."""
    var = Path(site_env["MEDIA_ROOT"]).parent
    _manage(["migrate", "--noinput"], site_env)
    _manage(["load_demo"], site_env)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = var / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=settings.BASE_DIR,
            env=site_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_serving(url, server, log_path)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture(scope="session")
def site_manage(site_url: str, site_env: dict[str, str]) -> Callable[..., str]:
    """Run `manage.py <args>` against the live site's own database; returns its standard output.

    For setting up what a test needs that an administrator would do once (users, groups), or for
    reading what the site stored. `site_manage("shell", "-c", code)` runs Python in the site's context.
    """

    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=site_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            pytest.fail(f"manage.py {args[0]} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result.stdout

    return run


def _wait_until_serving(url: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=FIRST_REQUEST_TIMEOUT)
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the site server did not start:\n" + log_path.read_text())
            time.sleep(0.2)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium per test module. Not per session: Playwright's sync API keeps an event loop
    running in the main thread while it is open, and Django then refuses database access
    (SynchronousOnlyOperation) to the tests a worker runs after the browser modules."""
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


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test item, so fixtures can tell at teardown whether it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def admin_as(
    browser: Browser, site_url: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[str, str], Page]]:
    """`admin_as(username, password)`: a fresh browser signed in to the Wagtail admin through its login form.

    Each person gets their own context (cookies), so several people can work side by side. When the
    test fails, every open page is saved as a screenshot (and its HTML) in the test's tmp_path.
    """
    contexts: list[tuple[str, BrowserContext]] = []

    def login(username: str, password: str) -> Page:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(ADMIN_TIMEOUT_MS)
        contexts.append((username, context))
        page = context.new_page()
        page.goto(site_url + "/admin/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(site_url + "/admin/")
        return page

    yield login

    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        for username, context in contexts:
            for number, page in enumerate(context.pages):
                stem = tmp_path / f"failure-{username}-{number}"
                try:
                    page.screenshot(path=f"{stem}.png", full_page=True)
                    Path(f"{stem}.html").write_text(page.content())
                except Exception as error:  # a crashed page must not hide the test's own failure
                    print(f"could not save {stem}: {error}")
        print(f"Screenshots of the failed browser test: {tmp_path}")
    for _username, context in contexts:
        context.close()
