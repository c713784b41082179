"""The demo site served the way `make serve` serves it, for the scripts that look at it from outside
(`bench/lighthouse.py`, `bench/screenshots.py`); and the demo pages those scripts visit, by kind.

`demo_site()` builds a throw-away site under /tmp: `migrate` and `load_demo` into a fresh SQLite
database, `collectstatic` into its own STATIC_ROOT, every live page drawn once (its image renditions
made, as on a site in use), then gunicorn with `cms/gunicorn.conf.py` and the
production settings over plain HTTP on a free loopback port (the Makefile's SERVE_ENV: SERVE_OVER_HTTP,
no HTTPS redirect, SERVE_MEDIA, a random SECRET_KEY), with a file cache of its own that its workers
share. Nothing of the project's var/, database, media, index or cache is touched. The scheduler that
`make serve` starts beside gunicorn is left out: nothing here is scheduled.

`demo_pages()` asks a running site (this one or any `--url`) for one page of each kind in a language
through the public API v2 (`/api/v2/pages/`), so the scripts follow the demo content instead of its slugs.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
START_TIMEOUT = 60
SEARCH_QUERY = "380-CV/ĐU"
"""A directive number the demo cites in every language: the search page shows results."""

# Kind → (API page type, also wanted: an API field that must be set, or None).
KINDS: dict[str, tuple[str, str | None]] = {
    "home": ("home.HomePage", None),
    "directive": ("articles.DirectivePage", None),
    "infographic": ("articles.InfographicPage", None),
    "video": ("articles.VideoClipPage", "video"),
    "podcast-episode": ("articles.PodcastEpisodePage", "audio"),
    "theme": ("articles.ThemePage", None),
}
SEARCH = "search"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_env(work: Path) -> dict[str, str]:
    """The environment of `make serve` (SERVE_ENV) with every file of the site under `work`."""
    env = {key: value for key, value in os.environ.items() if key not in {"CACHE_URL", "REDIS_URL", "DATABASE_URL"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SERVE_OVER_HTTP": "true",
            "SECURE_SSL_REDIRECT": "false",
            "SERVE_MEDIA": "true",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
            "MEDIA_ROOT": str(work / "media"),
            "STATIC_ROOT": str(work / "static"),
            "SEARCH_INDEX_DIR": str(work / "search"),
            "CACHE_URL": f"filecache://{work / 'cache'}",
            "LOG_LEVEL": "ERROR",
        }
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")


def _wait_until_serving(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the site did not start at {url}:\n{log.read_text()[-3000:]}") from None
            time.sleep(0.3)


@contextlib.contextmanager
def demo_site(workers: int = 2, keep: bool = False, quiet: bool = False) -> Iterator[str]:
    """Build the demo site in a temporary folder, serve it with gunicorn, and yield its base URL."""
    work = Path(tempfile.mkdtemp(prefix="live-site-"))
    env = serve_env(work)
    say = (lambda text: None) if quiet else (lambda text: print(text, file=sys.stderr, flush=True))
    server = None
    try:
        started = time.perf_counter()
        say(f"building the demo site in {work} (migrate, load_demo, collectstatic)…")
        _manage(env, "migrate", "--noinput")
        _manage(env, "load_demo")
        _manage(env, "collectstatic", "--noinput")
        say("drawing every page once (image renditions)…")
        _manage(env, "draw_pages")
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        log = work / "gunicorn.log"
        with log.open("w") as output:
            server = subprocess.Popen(
                [
                    str(Path(PYTHON).parent / "gunicorn"),
                    "--config",
                    "cms/gunicorn.conf.py",
                    "--workers",
                    str(workers),
                    "--bind",
                    f"127.0.0.1:{port}",
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        _wait_until_serving(url + "/", server, log)
        say(f"gunicorn serves the demo on {url} (set up in {time.perf_counter() - started:.0f} s)")
        yield url
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def demo_pages(base_url: str, language: str) -> dict[str, str]:
    """Kind → path of one live page of that kind in `language`, plus the search page with a query.

    The video is a clip with an uploaded file and the episode one with audio when the demo has them.
    Fails with a message when a kind has no page in that language.
    """
    pages: dict[str, str] = {}
    for kind, (page_type, wanted) in KINDS.items():
        query = f"type={page_type}&locale={quote(language)}&limit=20" + (f"&fields={wanted}" if wanted else "")
        items = _get_json(f"{base_url}/api/v2/pages/?{query}")["items"]
        if not items:
            raise SystemExit(f"the site has no live {page_type} in {language}")
        chosen = next((item for item in items if wanted and item.get(wanted)), items[0])
        pages[kind] = urlsplit(chosen["meta"]["html_url"]).path
    pages[SEARCH] = pages["home"] + "search/?q=" + quote(SEARCH_QUERY)
    return pages


def site_languages() -> list[str]:
    """The site's language codes (settings.LANGUAGES), the source language first."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    sys.path.insert(0, str(ROOT))
    from django.conf import settings

    from locales.conf import source_language

    codes = [code for code, _name in settings.LANGUAGES]
    source = source_language()
    return [source, *(code for code in codes if code != source)]
