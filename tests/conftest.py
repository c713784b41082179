"""Fixtures shared by the whole suite: the three-language site as `make setup` builds it."""

import pytest
from wagtail.models import Locale

from home.demo import ensure_home_pages
from home.models import HomePage


@pytest.fixture
def home_pages(db, django_capture_on_commit_callbacks) -> dict[str, HomePage]:
    """The vi home page and its en/uk translations, made and published through wagtail-localize.

    wagtail-localize publishes translations in `transaction.on_commit`, which a test transaction
    never reaches on its own; the callbacks are run here as a real commit would.
    """
    with django_capture_on_commit_callbacks(execute=True):
        pages = ensure_home_pages()
    return {code: HomePage.objects.get(pk=page.pk) for code, page in pages.items()}


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    return {locale.language_code: locale for locale in Locale.objects.all()}
