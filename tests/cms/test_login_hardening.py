"""No default admin password in production; failed sign-ins and page passwords are locked out.

- The deploy check refuses an active superuser whose password is blank, its own username or
  e-mail address, or a well-known default, and gunicorn refuses to start while it does.
- `ensure_admin` (`make setup`) generates the first administrator's password once, keeps it in
  ADMIN_PASSWORD_FILE (mode 600) and reuses it; ADMIN_PASSWORD wins; a default password it finds
  on its account is replaced.
- django-axes locks out the admin's sign-in and Wagtail's page and collection password forms per
  (account, address) and per address, answers 429 with a page in the user's language, and forgets
  an account's failures once it signs in. Real views through the test client.
"""

from __future__ import annotations

import io
import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from cms.login_throttle import client_ip_address
from cms.superuser_passwords import CHECK_TAG, check_superuser_passwords

ACCOUNT_LIMIT = 3
ADDRESS_LIMIT = 5
STRONG = "Ngày-mai-trời-lại-sáng-" + "7f3c9a"
OTHER_ADDRESS = "198.51.100.7"

ADMIN_LOCKED_HEADING = {
    "vi": "Quá nhiều lần thử đăng nhập",
    "en": "Too many sign-in attempts",
    "uk": "Забагато спроб входу",
}
PAGE_LOCKED_HEADING = {"vi": "Quá nhiều lần thử", "en": "Too many attempts", "uk": "Забагато спроб"}
PAGE_LOCKED_TEXT = {
    "vi": "Vui lòng chờ 15 phút rồi thử lại.",
    "en": "Please wait 15 minutes, then try again.",
    "uk": "Зачекайте 15 хвилин і спробуйте знову.",
}


@pytest.fixture
def axes_on(settings, db):
    """django-axes as in production (the test settings switch it off), with small limits."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = ACCOUNT_LIMIT
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = ADDRESS_LIMIT
    return settings


def _superuser(username: str, password: str, **fields: object):
    return get_user_model().objects.create_superuser(
        username, fields.pop("email", f"{username}@example.org"), password, **fields
    )


# --- the default-password check ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "email", "password", "reason"),
    [
        ("admin", "admin@example.com", "admin", "a password equal to its username"),
        ("bientap", "bientap@example.org", "", "a blank password"),
        ("nguyen", "nguyen@example.org", "nguyen", "a password equal to its username"),
        ("tran", "tran@example.org", "tran@example.org", "a password equal to its email"),
        ("le", "le@example.org", "changeme", "a well-known default password"),
        ("pham", "pham@example.org", "12345678", "a well-known default password"),
    ],
)
def test_the_deploy_check_refuses_a_superuser_with_a_default_or_blank_password(db, username, email, password, reason):
    _superuser(username, password, email=email)

    errors = check_superuser_passwords()

    assert [error.id for error in errors] == ["cms.E001"]
    assert f"'{username}'" in errors[0].msg and reason in errors[0].msg
    assert f"manage.py changepassword {username}" in errors[0].hint
    assert f"make setup` with ADMIN_USERNAME={username}" in errors[0].hint


def test_the_deploy_check_passes_a_random_password_and_ignores_who_cannot_sign_in_as_superuser(db):
    _superuser("admin", secrets.token_urlsafe(18))
    _superuser("former", "admin", is_active=False)
    get_user_model().objects.create_user("editor", "editor@example.org", "admin", is_staff=True)
    locked = _superuser("sso", "unused")
    locked.set_unusable_password()
    locked.save()

    assert check_superuser_passwords() == []
    call_command("check", "--deploy", "--tag", CHECK_TAG)  # raises SystemCheckError on an error


def test_manage_py_check_deploy_fails_with_the_fix_in_its_message(db):
    _superuser("admin", "admin")

    with pytest.raises(SystemCheckError) as failure:
        call_command("check", "--deploy", "--tag", CHECK_TAG)

    message = str(failure.value)
    assert "cms.E001" in message
    assert "manage.py changepassword admin" in message


def test_gunicorn_refuses_to_start_while_admin_has_the_password_admin(tmp_path):
    """The production command itself: gunicorn with cms/gunicorn.conf.py exits before listening."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "REDIS_URL", "DEBUG", "ADMIN_PASSWORD"}},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SERVE_OVER_HTTP": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    def manage(*args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, check=True, capture_output=True
        )

    manage("migrate", "auth", "--noinput")  # the user table is all the check reads
    manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; User.objects.create_superuser('admin', '', 'admin')",
    )
    started = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", "cms/gunicorn.conf.py", "--bind", "127.0.0.1:0"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert started.returncode != 0
    assert "cms.E001" in started.stderr and "manage.py changepassword admin" in started.stderr
    assert "refusing to start" in started.stderr
    assert "Listening at" not in started.stderr


# --- ensure_admin ------------------------------------------------------------------------------


@pytest.fixture
def password_file(settings, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "var" / "admin_password"
    settings.ADMIN_PASSWORD_FILE = path
    for variable in ("ADMIN_USERNAME", "ADMIN_PASSWORD", "ADMIN_EMAIL"):
        monkeypatch.delenv(variable, raising=False)
    return path


def _ensure_admin() -> str:
    out = io.StringIO()
    call_command("ensure_admin", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_ensure_admin_generates_a_password_once_keeps_it_private_and_reuses_it(db, password_file):
    first = _ensure_admin()

    password = password_file.read_text().strip()
    admin = get_user_model().objects.get(username="admin")
    assert len(password) >= 20 and admin.is_superuser and admin.check_password(password)
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert password in first  # `make run` prints how to sign in
    assert check_superuser_passwords() == []  # `make setup` then `make serve` starts

    again = _ensure_admin()
    assert password in again
    assert get_user_model().objects.get(username="admin").password == admin.password  # unchanged

    admin.delete()  # a rebuilt database gets the same password
    _ensure_admin()
    assert get_user_model().objects.get(username="admin").check_password(password)


def test_ensure_admin_honours_admin_password_and_does_not_print_it(db, password_file, monkeypatch):
    monkeypatch.setenv("ADMIN_USERNAME", "quantri")
    monkeypatch.setenv("ADMIN_PASSWORD", STRONG)

    output = _ensure_admin()

    assert get_user_model().objects.get(username="quantri").check_password(STRONG)
    assert STRONG not in output and "ADMIN_PASSWORD" in output
    assert not password_file.exists()


def test_ensure_admin_replaces_a_default_password_it_finds_and_nothing_else(db, password_file):
    _superuser("admin", "admin")
    _superuser("other", "admin")  # not its account: reported by the check, left to its owner

    output = _ensure_admin()

    password = password_file.read_text().strip()
    assert get_user_model().objects.get(username="admin").check_password(password)
    assert "a password equal to its username" in output and password in output
    assert [error.msg.split("'")[1] for error in check_superuser_passwords()] == ["other"]


def test_ensure_admin_leaves_an_account_with_a_real_password_alone(db, password_file, monkeypatch):
    _superuser("admin", STRONG)
    monkeypatch.setenv("ADMIN_PASSWORD", "a-different-" + STRONG)

    output = _ensure_admin()

    assert get_user_model().objects.get(username="admin").check_password(STRONG)
    assert "password unchanged" in output


# --- the admin's sign-in ----------------------------------------------------------------------


def _sign_in(client, username: str, password: str, **headers: str):
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"}, **headers)


def _signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_an_account_is_locked_out_from_one_address_after_the_limit(client, axes_on):
    _superuser("editor", STRONG)

    for _ in range(ACCOUNT_LIMIT - 1):
        assert _sign_in(client, "editor", "wrong").status_code == 200  # the form again, with its error
    locked = _sign_in(client, "editor", "wrong")
    right_but_locked = _sign_in(client, "editor", STRONG)

    assert locked.status_code == right_but_locked.status_code == 429
    assert locked["Retry-After"] == str(15 * 60)
    assert not _signed_in(client)
    # The same account from another address is not locked: one attacker cannot lock an editor out.
    assert _sign_in(client, "editor", STRONG, REMOTE_ADDR=OTHER_ADDRESS).status_code == 302


def test_an_address_is_locked_out_for_every_account_after_its_own_limit(client, axes_on):
    _superuser("editor", STRONG)

    responses = [_sign_in(client, f"guess{n}", "wrong").status_code for n in range(ADDRESS_LIMIT)]

    assert responses == [200] * (ADDRESS_LIMIT - 1) + [429]  # never more than one try per account
    assert _sign_in(client, "editor", STRONG).status_code == 429
    assert _sign_in(client, "editor", STRONG, REMOTE_ADDR=OTHER_ADDRESS).status_code == 302


def test_signing_in_forgives_that_accounts_failures_but_not_the_addresss(client, axes_on):
    _superuser("editor", STRONG)
    assert _sign_in(client, "nobody", "wrong").status_code == 200
    for _ in range(ACCOUNT_LIMIT - 1):
        _sign_in(client, "editor", "wrong")

    assert _sign_in(client, "editor", STRONG).status_code == 302
    client.logout()

    assert not AccessAttempt.objects.filter(username="editor").exists()
    assert AccessAttempt.objects.filter(username="nobody").exists()
    for _ in range(ACCOUNT_LIMIT - 1):
        assert _sign_in(client, "editor", "wrong").status_code == 200  # counting starts again


@pytest.mark.parametrize(("accept_language", "language"), [("", "vi"), ("uk,en;q=0.5", "uk"), ("en-GB,en;q=0.9", "en")])
def test_the_admin_lockout_page_is_in_the_browsers_language(client, axes_on, accept_language, language):
    for _ in range(ACCOUNT_LIMIT):
        response = _sign_in(client, "editor", "wrong", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 429
    assert response["Content-Language"] == language
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == language
    assert soup.h1.get_text(strip=True) == ADMIN_LOCKED_HEADING[language]
    assert soup.find("a", href="/admin/login/")


# --- page and collection passwords ---------------------------------------------------------------


def _page_password_url(restriction: PageViewRestriction, language: str) -> str:
    with translation.override(language):
        return reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, restriction.page_id])


def _try_page_password(client, url: str, password: str, **headers: str):
    return client.post(url, {"password": password, "return_url": "/"}, **headers)


@pytest.mark.parametrize("language", ["vi", "en", "uk"])
def test_a_page_password_is_locked_out_with_a_page_in_the_language_of_its_url(client, axes_on, home_pages, language):
    restriction = PageViewRestriction.objects.create(
        page=home_pages[language], restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-dung"
    )
    url = _page_password_url(restriction, language)

    tries = [_try_page_password(client, url, "wrong") for _ in range(ACCOUNT_LIMIT)]
    right_but_locked = _try_page_password(client, url, "mat-khau-dung")

    assert [response.status_code for response in tries] == [200] * (ACCOUNT_LIMIT - 1) + [429]
    assert right_but_locked.status_code == 429
    soup = BeautifulSoup(tries[-1].content, "html.parser")
    assert soup.html["lang"] == language
    assert soup.h1.get_text(strip=True) == PAGE_LOCKED_HEADING[language]
    assert PAGE_LOCKED_TEXT[language] in soup.get_text(" ", strip=True)
    assert tries[-1]["Retry-After"] == str(15 * 60)
    # From another address the right password still opens the page.
    assert _try_page_password(client, url, "mat-khau-dung", REMOTE_ADDR=OTHER_ADDRESS).status_code == 302


def test_a_right_page_password_forgives_the_earlier_wrong_ones(client, axes_on, home_pages):
    restriction = PageViewRestriction.objects.create(
        page=home_pages["en"], restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-dung"
    )
    url = _page_password_url(restriction, "en")
    for _ in range(ACCOUNT_LIMIT - 1):
        _try_page_password(client, url, "wrong")

    assert _try_page_password(client, url, "mat-khau-dung").status_code == 302
    assert [_try_page_password(client, url, "wrong").status_code for _ in range(ACCOUNT_LIMIT - 1)] == [200, 200]


def test_the_sites_own_sign_in_is_locked_out_in_the_language_of_its_url(client, axes_on):
    with translation.override("uk"):
        url = reverse("wagtailcore_login")  # for pages restricted to signed-in users

    statuses = [client.post(url, {"username": "editor", "password": "wrong"}) for _ in range(ACCOUNT_LIMIT)]

    assert [response.status_code for response in statuses] == [200] * (ACCOUNT_LIMIT - 1) + [429]
    assert BeautifulSoup(statuses[-1].content, "html.parser").h1.get_text(strip=True) == PAGE_LOCKED_HEADING["uk"]


def test_wrong_page_passwords_and_wrong_sign_ins_add_up_per_address(client, axes_on, home_pages):
    restriction = PageViewRestriction.objects.create(
        page=home_pages["vi"], restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-dung"
    )
    url = _page_password_url(restriction, "vi")
    for _ in range(ACCOUNT_LIMIT - 1):
        _try_page_password(client, url, "wrong")
    for n in range(ADDRESS_LIMIT - ACCOUNT_LIMIT):
        _sign_in(client, f"guess{n}", "wrong")

    assert _sign_in(client, "guess-last", "wrong").status_code == 429


def test_a_collection_password_is_locked_out_too(client, axes_on, db):
    collection = Collection.get_first_root_node().add_child(name="Nội bộ")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="mat-khau-dung"
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])

    statuses = [_try_page_password(client, url, "wrong").status_code for _ in range(ACCOUNT_LIMIT)]

    assert statuses == [200] * (ACCOUNT_LIMIT - 1) + [429]
    assert _try_page_password(client, url, "mat-khau-dung").status_code == 429
    assert _try_page_password(client, url, "mat-khau-dung", REMOTE_ADDR=OTHER_ADDRESS).status_code == 302


def test_without_axes_the_password_forms_behave_as_wagtails(client, home_pages):
    restriction = PageViewRestriction.objects.create(
        page=home_pages["en"], restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-dung"
    )
    url = _page_password_url(restriction, "en")

    assert {_try_page_password(client, url, "wrong").status_code for _ in range(ACCOUNT_LIMIT + 2)} == {200}
    assert _try_page_password(client, url, "mat-khau-dung").status_code == 302
    assert not AccessAttempt.objects.exists()


# --- the address that is counted ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "counted"),
    [
        (0, "203.0.113.9", "", "203.0.113.9"),
        (0, "203.0.113.9", "192.0.2.1", "203.0.113.9"),  # no proxy: the header is the client's word
        (1, "127.0.0.1", "203.0.113.9", "203.0.113.9"),
        (1, "127.0.0.1", "192.0.2.1, 203.0.113.9", "203.0.113.9"),  # what the client sent comes first
        (2, "127.0.0.1", "192.0.2.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "127.0.0.1", "", "127.0.0.1"),
        (1, "127.0.0.1", "not-an-address", None),
        (0, "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "", "2001:db8:1:2::"),  # an IPv6 client is its /64
        (0, "::ffff:203.0.113.9", "", "203.0.113.9"),
    ],
)
def test_the_counted_address_is_the_one_the_trusted_proxy_saw(settings, proxies, remote, forwarded, counted):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip_address(request) == counted


def test_behind_a_proxy_clients_are_counted_apart(client, axes_on):
    axes_on.TRUSTED_PROXY_COUNT = 1
    _superuser("editor", STRONG)
    proxy = {"REMOTE_ADDR": "127.0.0.1"}

    for _ in range(ACCOUNT_LIMIT):
        attacker = _sign_in(client, "editor", "wrong", HTTP_X_FORWARDED_FOR="192.0.2.66", **proxy)
    editor = _sign_in(client, "editor", STRONG, HTTP_X_FORWARDED_FOR="192.0.2.66, 203.0.113.9", **proxy)

    assert attacker.status_code == 429
    assert editor.status_code == 302  # a spoofed first entry does not put the editor in the attacker's place
