"""The home page in each language: served at /, /en/, /uk/ with correct lang and alternates."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, Revision, Site
from wagtail_localize.models import Translation

from home.models import HomePage

LANGUAGE_PATHS = {"vi": "/", "en": "/en/", "uk": "/uk/"}


def _hreflangs(html: bytes) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    return {link["hreflang"]: link["href"] for link in soup.select('head link[rel="alternate"][hreflang]')}


@pytest.mark.parametrize(("language", "path"), LANGUAGE_PATHS.items())
def test_home_page_answers_in_its_language(client, home_pages, language, path):
    response = client.get(path)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == language
    assert soup.h1.get_text(strip=True) == home_pages[language].title


@pytest.mark.parametrize(("language", "path"), LANGUAGE_PATHS.items())
def test_home_page_links_every_live_translation_with_hreflang(client, home_pages, language, path):
    alternates = _hreflangs(client.get(path).content)

    assert alternates == {
        "vi": "http://testserver/",
        "en": "http://testserver/en/",
        "uk": "http://testserver/uk/",
        "x-default": "http://testserver/",
    }


def test_home_page_titles_are_translated(home_pages):
    assert home_pages["vi"].title == "Chuyển đổi số trong công tác Đảng"
    assert home_pages["en"].title == "Digital transformation in Party work"
    assert home_pages["uk"].title == "Цифрова трансформація в партійній роботі"


def test_translations_are_made_by_wagtail_localize(home_pages):
    vi = home_pages["vi"]
    for language in ("en", "uk"):
        translated = home_pages[language]
        assert translated.translation_key == vi.translation_key
        assert translated.live
        assert Translation.objects.filter(
            source__object_id=vi.translation_key, target_locale__language_code=language
        ).exists()


def test_site_root_is_the_vietnamese_home_page(home_pages):
    assert Site.objects.get(is_default_site=True).root_page_id == home_pages["vi"].pk
    # Wagtail's placeholder welcome page is gone.
    assert not Page.objects.filter(depth=2).exclude(pk__in=[p.pk for p in home_pages.values()]).exists()


def test_load_demo_twice_changes_nothing(db):
    call_command("load_demo")
    counts = (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count())

    call_command("load_demo")

    assert (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count()) == counts
    assert HomePage.objects.count() == 3


@pytest.mark.parametrize("path", LANGUAGE_PATHS.values())
def test_home_page_query_count_is_bounded(client, home_pages, path, django_assert_max_num_queries):
    client.get(path)  # warm the site-root-path cache, as any running server has
    with django_assert_max_num_queries(22):
        assert client.get(path).status_code == 200
