"""Test settings: fast password hashing, in-memory e-mail, an isolated media and index directory.

The database still comes from DATABASE_URL, so the suite runs on SQLite by default and on
PostgreSQL when DATABASE_URL points there.
"""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS

DEBUG = False
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

_TEST_VAR_DIR = Path(tempfile.mkdtemp(prefix="cms-test-"))
MEDIA_ROOT = _TEST_VAR_DIR / "media"
SEARCH_INDEX_DIR = _TEST_VAR_DIR / "search"

# Tests measure what rendering a page costs; the page cache's own tests (and the leak tests)
# switch it on with the `page_cache` fixture.
PAGE_CACHE_ENABLED = False
FRAGMENT_CACHE_ENABLED = False

# django-axes off by default, as its documentation advises for test suites: `client.login()`
# authenticates without a request, which its backend refuses. tests/cms/test_login_hardening.py
# switches it on (the `settings` fixture) and signs in through the real views.
AXES_ENABLED = False
