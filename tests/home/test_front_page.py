"""The front page: the lead directive and featured items editors chose (or sensible defaults), the
latest items by kind with pictures and a "see all" link, the themes as a grid, the latest podcast
episode playable in place; in every language, in a bounded number of queries."""

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from django.db import transaction
from wagtail.models import Page

from articles.models import Theme
from home.models import HomeFeaturedItem, HomePage
from tests.articles.site_builder import build_every_page_type

LANGUAGES = {"vi": "/", "en": "/en/", "uk": "/uk/"}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[dict[str, Page]]:
    with django_db_blocker.unblock(), transaction.atomic():
        theme = Theme.objects.create(slug="chuyen-doi-so", name_vi="Chuyển đổi số", name_en="Digital transformation")
        yield build_every_page_type(theme)
        transaction.set_rollback(True)


def _soup(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_without_choices_the_newest_directive_in_force_and_the_newest_items_lead(client, db, site, locales):
    for language, path in LANGUAGES.items():
        soup = _soup(client, path)
        suffix = "" if language == "vi" else f" [{language}]"
        lead = soup.select_one(".lead-directive")
        assert lead.select_one(".directive-number").get_text() == "380-CV/ĐU"
        assert lead.select_one(".lead-directive__title a").get_text() == site["directive"].title + suffix
        featured = [a.get_text() for a in soup.select(".cards--featured .card__title a")]
        assert featured == [site[key].title + suffix for key in ("video", "podcast_episode", "infographic")]


def test_editors_choices_are_shown_in_the_visitors_language(client, db, site, locales):
    home = HomePage.objects.get(pk=site["directive"].get_parent().get_parent().pk)
    home.lead_directive = site["directive"]
    home.featured_items.set([HomeFeaturedItem(item=site["article"]), HomeFeaturedItem(item=site["infographic"])])
    home.save_revision().publish()
    for translated in HomePage.objects.exclude(pk=home.pk):  # synchronized fields, as wagtail-localize copies them
        translated.lead_directive = site["directive"]
        translated.featured_items.set(
            [HomeFeaturedItem(item=site["article"]), HomeFeaturedItem(item=site["infographic"])]
        )
        translated.save_revision().publish()

    for language, path in LANGUAGES.items():
        soup = _soup(client, path)
        featured = soup.select(".cards--featured .card__title a")
        expected = [site[key].get_translation(locales[language]) for key in ("article", "infographic")]
        assert [a["href"] for a in featured] == [page.url for page in expected], language


def test_rows_by_kind_have_pictures_and_see_all_links(client, db, site, locales):
    soup = _soup(client, "/")
    row = soup.select_one(".home-row--infographic")
    assert row.select_one(".home-row__all")["href"] == site["infographic_index"].url
    img = row.select_one(".card picture img")
    assert img["srcset"] and img["width"] and img["height"]
    assert {section["class"][-1] for section in soup.select(".home-row")} == {
        "home-row--infographic",
        "home-row--podcast",
        "home-row--video",
        "home-row--article",
    }


def test_themes_grid_links_every_theme_page_and_the_episode_plays_in_place(client, db, site, locales):
    for language, path in LANGUAGES.items():
        soup = _soup(client, path)
        theme_page = site["theme"].get_translation(locales[language])
        assert [a["href"] for a in soup.select(".theme-grid a")] == [theme_page.url], language
        audio = soup.select_one(".home-listen audio")
        assert audio.has_attr("controls") and audio["preload"] == "none"
        assert audio["src"] == site["podcast_episode"].audio.file.url


@pytest.mark.parametrize("path", LANGUAGES.values())
def test_front_page_query_count_is_bounded(client, db, site, path, django_assert_max_num_queries):
    client.get(path)  # renditions made and site root paths cached, as on any running server
    with django_assert_max_num_queries(32):
        assert client.get(path).status_code == 200
