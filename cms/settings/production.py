"""Production settings: refuse to start without a real secret key; HTTPS-only cookies and HSTS;
hashed, pre-compressed static files served by WhiteNoise.

`manage.py check --deploy` passes without warnings once SECRET_KEY and ALLOWED_HOSTS are set, and
fails (so gunicorn refuses to start, cms/gunicorn.conf.py) while an active superuser has a default
or blank password (cms/superuser_passwords.py).
`SERVE_OVER_HTTP=true` (set by `make serve` for a server on loopback, never on a public one)
lets the same settings run over plain HTTP: no HTTPS redirect, cookies without `Secure`.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSECURE_DEFAULT_SECRET_KEY, SECRET_KEY, STORAGES, cache_from_environment, env

DEBUG = False

if not SECRET_KEY or SECRET_KEY == INSECURE_DEFAULT_SECRET_KEY or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or is the development default. Production needs a secret key "
        "of at least 50 random characters in the SECRET_KEY environment variable, for example "
        "the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

# Plain HTTP on loopback (`make serve`, benchmarks): an explicit opt-in, never the default.
# HSTS needs nothing here: browsers ignore it over HTTP and Django sends it only on HTTPS requests.
SERVE_OVER_HTTP = env.bool("SERVE_OVER_HTTP", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not SERVE_OVER_HTTP)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = not SERVE_OVER_HTTP
CSRF_COOKIE_SECURE = not SERVE_OVER_HTTP
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Sign-in throttling counts the client's address, not the proxy's: the X-Forwarded-For entry
# the proxy appended (cms/login_throttle.py). The proxy must append to that header, not pass it on.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if BEHIND_TLS_PROXY else 0)

# Hashed file names so browsers never keep stale CSS/JS after an upgrade, plus a .gz copy of each
# compressible file made at `collectstatic`. WhiteNoise serves hashed names with a one-year
# `Cache-Control: public, immutable` and the .gz copy to clients that accept gzip.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
# The site's public address, for the links in mails (queue notifications, Wagtail's workflow mails):
# required, no loopback default. Without it Wagtail's check wagtailadmin.W003 warns at every manage.py
# command (run_scheduler, migrate, check --deploy) and mails carry links without a host.
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default=None)

# Several worker processes share one cache, or the page cache of one would miss what another
# invalidated: Redis, the local server unless CACHE_URL/REDIS_URL says otherwise.
CACHES = {"default": cache_from_environment("redis://127.0.0.1:6379/1")}
