"""Production serving: security headers and the CSP, error pages per language, the production
settings' HTTP switch, and gunicorn + WhiteNoise really serving pages and compressed static files."""

import gzip
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template import TemplateDoesNotExist
from django.test import RequestFactory
from wagtail.test.utils.form_data import nested_form_data

from cms import views
from cms.content_security_policy import frame_ancestors
from home.models import HomePage

SERVER_START_TIMEOUT = 60
GUNICORN = [sys.executable, "-m", "gunicorn", "--config", "cms/gunicorn.conf.py"]
ONE_YEAR = 60 * 60 * 24 * 365

NOT_FOUND = {
    "/nope/": ("vi", "Không tìm thấy trang"),
    "/en/nope/": ("en", "Page not found"),
    "/uk/nope/": ("uk", "Сторінку не знайдено"),
    "/nope.php": ("vi", "Không tìm thấy trang"),
    "/en/wp-login.php": ("en", "Page not found"),
}
SERVER_ERROR = {
    "/trang-loi/": ("vi", "Lỗi máy chủ", "/"),
    "/en/broken/": ("en", "Server error", "/en/"),
    "/uk/broken/": ("uk", "Помилка сервера", "/uk/"),
    "/admin/pages/": ("vi", "Lỗi máy chủ", "/"),
}


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


# --- headers ------------------------------------------------------------------------------------


def test_public_page_is_served_with_a_strict_policy_and_the_security_headers(client, home_pages):
    first = client.get("/en/")
    again = client.get("/en/")  # possibly from the full-page cache: the same headers

    for response in (first, again):
        assert response.status_code == 200
        csp = policy(response)
        assert csp["default-src"] == ["'self'"]
        assert csp["script-src"] == ["'self'"]
        assert csp["style-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "nonce-" not in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert first["Content-Security-Policy"] == again["Content-Security-Policy"]


def test_public_pages_carry_no_inline_script_or_style(client, home_pages):
    """The policy forbids inline code; the pages must not need any (JSON-LD is data, not a script)."""
    for url in ("/", "/en/", "/uk/search/?q=chuyen+doi+so"):
        html = client.get(url).content.decode()
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
        for attributes, content in scripts:
            assert 'src="' in attributes or 'type="application/ld+json"' in attributes, (url, attributes)
            assert 'src="' not in attributes or not content.strip(), url
        assert not re.search(r"<style\b|\sstyle=\"|\son[a-z]+=\"|javascript:", html), url


def test_admin_login_works_under_its_own_policy(client, db):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    csp = policy(response)
    assert "'unsafe-inline'" in csp["script-src"]
    assert "'unsafe-inline'" in csp["style-src"]
    assert csp["object-src"] == ["'none'"]
    # The login page may not be framed at all: X-Frame-Options and frame-ancestors agree.
    assert response["X-Frame-Options"] == "DENY"
    assert csp["frame-ancestors"] == ["'none'"]


def test_admin_preview_may_be_framed_by_the_admin_only(client, home_pages):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.com", "pw"))
    home = home_pages["en"]
    preview_url = f"/admin/pages/{home.pk}/edit/preview/"
    form = {"title": home.title, "slug": home.slug, "intro": "Previewed introduction", "seo_title": ""}
    form |= {"search_description": "", "comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0"}
    form |= {"featured_items-TOTAL_FORMS": "0", "featured_items-INITIAL_FORMS": "0"}

    posted = client.post(preview_url, nested_form_data(form))
    assert posted.json()["is_valid"] is True, posted.content
    response = client.get(preview_url, {"mode": "", "in_preview_panel": "true"})

    assert response.status_code == 200
    assert "Previewed introduction" in response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    csp = policy(response)
    assert csp["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" in csp["script-src"]  # the admin's policy, not the public one


def test_frame_ancestors_follows_x_frame_options(rf):
    from django.http import HttpResponse

    same_origin, deny, exempt, unset = HttpResponse(), HttpResponse(), HttpResponse(), HttpResponse()
    same_origin["X-Frame-Options"] = "sameorigin"
    deny["X-Frame-Options"] = "DENY"
    exempt.xframe_options_exempt = True

    assert frame_ancestors(same_origin) == "'self'"
    assert frame_ancestors(deny) == "'none'"
    assert frame_ancestors(exempt) is None
    assert frame_ancestors(unset) == "'none'"  # settings.X_FRAME_OPTIONS


# --- 404 and 500 in the visitor's language --------------------------------------------------------


@pytest.mark.parametrize("url", NOT_FOUND)
def test_not_found_page_speaks_the_language_of_the_url(client, home_pages, url, django_assert_max_num_queries):
    language, heading = NOT_FOUND[url]

    # Routing and redirects (8), then the frame on an empty cache: publisher settings, the site's
    # sections, their view restrictions, the themes and the content type of theme pages (6).
    with django_assert_max_num_queries(14):
        response = client.get(url)

    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert f"<h1>{heading}</h1>" in html
    assert response["Content-Security-Policy"]


@pytest.mark.parametrize("url", SERVER_ERROR)
def test_server_error_page_speaks_the_language_of_the_url_without_any_query(db, url, django_assert_num_queries):
    language, heading, home = SERVER_ERROR[url]

    with django_assert_num_queries(0):
        response = views.server_error(RequestFactory().get(url))

    assert response.status_code == 500
    assert response["Content-Language"] == language
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert f"<h1>{heading}</h1>" in html
    assert f'<a class="button" href="{home}">' in html


def test_a_failing_page_answers_500_in_its_language_with_the_security_headers(client, home_pages, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(HomePage, "get_context", broken)
    client.raise_request_exception = False

    response = client.get("/uk/")

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="uk"' in html
    assert "<h1>Помилка сервера</h1>" in html
    assert policy(response)["script-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_server_error_falls_back_to_the_static_trilingual_page(monkeypatch, caplog):
    def missing(name):
        raise TemplateDoesNotExist(name)

    monkeypatch.setattr(views.loader, "get_template", missing)

    response = views.server_error(RequestFactory().get("/en/broken/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "Lỗi máy chủ" in html
    assert "Something went wrong on our side" in html
    assert "Помилка сервера" in html
    assert "The translated 500 page could not be rendered" in caplog.text


# --- production settings ------------------------------------------------------------------------

PRINT_HTTP_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
    "s.SECURE_HSTS_SECONDS, s.STORAGES['staticfiles']['BACKEND']]))"
)


def _production(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SERVE_OVER_HTTP", "SECURE_SSL_REDIRECT", "DEBUG"}}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings.production", "SECRET_KEY": secrets.token_urlsafe(50)}
        | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_is_https_only_unless_told_it_serves_plain_http():
    secure = _production(["-c", "import json; " + PRINT_HTTP_SETTINGS])
    local = _production(["-c", "import json; " + PRINT_HTTP_SETTINGS], SERVE_OVER_HTTP="true")

    storage = "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert json.loads(secure.stdout) == [True, True, True, ONE_YEAR, storage], secure.stderr
    assert json.loads(local.stdout) == [False, False, False, ONE_YEAR, storage], local.stderr


def test_deploy_check_names_what_plain_http_gives_up():
    result = _production(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        ALLOWED_HOSTS="directives.example.org",
        SERVE_OVER_HTTP="true",
    )

    assert result.returncode != 0
    for warning in ("security.W008", "security.W012", "security.W016"):  # redirect, session and CSRF cookies
        assert warning in result.stderr + result.stdout


# --- gunicorn + WhiteNoise, for real ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """gunicorn with the production settings over plain HTTP (as `make serve` runs it), on its own
    freshly migrated SQLite database and freshly collected static files."""
    var = tmp_path_factory.mktemp("served")
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "REDIS_URL", "DEBUG"}},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SERVE_OVER_HTTP": "true",
        "SECURE_SSL_REDIRECT": "false",
        "SERVE_MEDIA": "true",
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "STATIC_ROOT": str(var / "static"),
        "MEDIA_ROOT": str(var / "media"),
        "SEARCH_INDEX_DIR": str(var / "search"),
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "--verbosity", "0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    (var / "media" / "images").mkdir(parents=True)
    (var / "media" / "images" / "upload.txt").write_text("uploaded")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = var / "gunicorn.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [*GUNICORN, "--workers", "1", "--bind", f"127.0.0.1:{port}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + SERVER_START_TIMEOUT
            while True:
                try:
                    urllib.request.urlopen(url + "/robots.txt", timeout=2)
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        pytest.fail("gunicorn did not start:\n" + log_path.read_text())
                    time.sleep(0.2)
            yield {"url": url, "static_root": var / "static", "log": log_path}
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def test_gunicorn_serves_pages_with_the_production_headers(served):
    status, headers, body = _get(served["url"] + "/robots.txt")
    assert status == 200
    assert b"Sitemap:" in body
    assert headers["Server"] == "gunicorn"

    status, headers, body = _get(served["url"] + "/en/nope/")
    assert status == 404
    html = body.decode()
    assert '<html lang="en"' in html
    assert "Content-Security-Policy" in headers and "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers  # plain HTTP: HSTS would be meaningless
    # Production pages link the hashed copy of the stylesheet.
    assert re.search(r'href="/static/css/site\.[0-9a-f]{12}\.css"', html)


def test_make_serve_mode_serves_uploads_from_media_root(served):
    status, _headers, body = _get(served["url"] + "/media/images/upload.txt")

    assert (status, body) == (200, b"uploaded")


def test_uploads_are_not_served_by_django_unless_asked(client, db):
    upload = Path(settings.MEDIA_ROOT) / "documents" / "private-draft.txt"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_text("not for the public")

    assert not settings.SERVE_MEDIA
    assert client.get("/media/documents/private-draft.txt").status_code == 404


def test_whitenoise_serves_hashed_static_files_gzipped_and_cached_for_a_year(served):
    manifest = json.loads((served["static_root"] / "staticfiles.json").read_text())
    hashed = manifest["paths"]["js/nav.js"]  # a file without url() references, so stored as written
    original = (Path(settings.BASE_DIR) / "cms" / "static" / "js" / "nav.js").read_bytes()

    status, headers, body = _get(f"{served['url']}/static/{hashed}", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == original
    assert "immutable" in headers["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)) >= ONE_YEAR
    assert "Accept-Encoding" in headers["Vary"]

    status, headers, body = _get(f"{served['url']}/static/{hashed}")
    assert status == 200 and body == original and "Content-Encoding" not in headers

    # The unhashed name may change with the next release: cached briefly only.
    status, headers, _body = _get(f"{served['url']}/static/css/site.css")
    assert status == 200
    assert "immutable" not in headers["Cache-Control"]
