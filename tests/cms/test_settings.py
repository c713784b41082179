"""Settings come from the environment; production refuses to start without a real secret key."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

CONFIGURATION_VARIABLES = {
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "CACHE_URL",
    "REDIS_URL",
    "SEARCH_BACKEND",
    "ELASTICSEARCH_URL",
    "MEDIA_ROOT",
    "DEBUG",
}
PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.ALLOWED_HOSTS, "
    "s.SEARCH_BACKEND, s.ELASTICSEARCH_URL, s.MEDIA_ROOT, sep='|')"
)


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in CONFIGURATION_VARIABLES}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_exits_with_a_clear_error():
    result = _run(["manage.py", "check"], DJANGO_SETTINGS_MODULE="cms.settings.production")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is missing or is the development default" in result.stderr


def test_production_refuses_the_development_default_key():
    result = _run(
        ["manage.py", "check"],
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="django-insecure-development-key-never-use-in-production",
    )

    assert result.returncode != 0
    assert "SECRET_KEY is missing or is the development default" in result.stderr


def test_production_passes_deploy_checks_with_a_real_key_and_host(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="directives.example.org",
        WAGTAILADMIN_BASE_URL="https://directives.example.org",  # links in mails (W003 without it)
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",  # not the developer's var/db.sqlite3
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_services_are_configured_from_environment_variables(tmp_path):
    result = _run(
        ["-c", PRINT_SETTINGS],
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/cms",
        REDIS_URL="redis://127.0.0.1:6379/1",
        ALLOWED_HOSTS="a.example.org,b.example.org",
        SEARCH_BACKEND="elasticsearch",
        ELASTICSEARCH_URL="http://127.0.0.1:9200",
        MEDIA_ROOT=str(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split("|") == [
        "django.db.backends.postgresql",
        "cms.redis_cache.RedisCache",
        "['a.example.org', 'b.example.org']",
        "elasticsearch",
        "http://127.0.0.1:9200",
        str(tmp_path),
    ]


def test_defaults_are_the_embedded_ones():
    result = _run(["-c", PRINT_SETTINGS], DJANGO_SETTINGS_MODULE="cms.settings.dev")

    engine, cache, _hosts, search_backend, _es, _media = result.stdout.strip().split("|")
    assert (engine, cache, search_backend) == (
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "tantivy",
    )


def test_content_languages_and_interface_languages_are_the_same_three():
    codes = [code for code, _name in settings.LANGUAGES]
    assert codes == ["vi", "en", "uk"]
    assert [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES] == codes
    assert settings.LANGUAGE_CODE == "vi"


def test_production_shares_one_redis_cache_between_workers_unless_told_otherwise():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'], sep='|')"
    )
    production = {"DJANGO_SETTINGS_MODULE": "cms.settings.production", "SECRET_KEY": secrets.token_urlsafe(50)}

    default = _run(["-c", code], **production)
    chosen = _run(["-c", code], **production, CACHE_URL="locmemcache://")
    development = _run(["-c", code], DJANGO_SETTINGS_MODULE="cms.settings.dev")

    assert default.stdout.strip() == "cms.redis_cache.RedisCache|redis://127.0.0.1:6379/1", default.stderr
    assert chosen.stdout.strip().startswith("django.core.cache.backends.locmem.LocMemCache|"), chosen.stderr
    assert development.stdout.strip().startswith("django.core.cache.backends.locmem.LocMemCache|"), development.stderr
