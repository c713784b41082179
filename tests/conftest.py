"""Fixtures shared by the whole suite: the three-language site as `make setup` builds it."""

import pytest
from django.core.cache import cache
from wagtail.models import Locale

from home.demo import ensure_home_pages
from home.models import HomePage


@pytest.fixture(autouse=True, scope="session")
def _empty_search_index() -> None:
    """An empty search index, as `make setup` makes one (only a rebuild creates an index: a missing
    one answers "unavailable", tests/search/test_tantivy_backend.py)."""
    from search.backends import get_backend

    get_backend().clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: Wagtail caches site root paths and renditions by
    database id, and ids are reused after a test's rollback."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_cache(settings):
    """The full-page cache and the fragment cache switched on (test settings keep them off so query
    counts measure rendering)."""
    settings.PAGE_CACHE_ENABLED = True
    settings.FRAGMENT_CACHE_ENABLED = True
    return settings


@pytest.fixture
def home_pages(db) -> dict[str, HomePage]:
    """The vi home page and its en/uk translations, made and published through wagtail-localize."""
    return {code: HomePage.objects.get(pk=page.pk) for code, page in ensure_home_pages().items()}


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    return {locale.language_code: locale for locale in Locale.objects.all()}
