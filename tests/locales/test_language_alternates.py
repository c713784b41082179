"""Language alternates: the switcher and hreflang links offer only live translations."""

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from wagtail.models import Page

from locales.alternates import page_alternates


@pytest.fixture
def news_page(home_pages) -> Page:
    """A Vietnamese page under the home page that nobody has translated yet."""
    page = Page(title="Tin tức", slug="tin-tuc")
    home_pages["vi"].add_child(instance=page)
    page.save_revision().publish()
    return page


def _alternates_by_language(page: Page) -> dict:
    request = RequestFactory().get(page.url)
    return {alternate.language_code: alternate for alternate in page_alternates(page, request)}


def test_untranslated_page_points_other_languages_to_their_home_page(news_page):
    alternates = _alternates_by_language(news_page)

    assert alternates["vi"].is_current
    assert alternates["vi"].url == "http://testserver/tin-tuc/"
    assert not alternates["en"].is_available
    assert alternates["en"].fallback_url == "http://testserver/en/"
    assert alternates["uk"].fallback_url == "http://testserver/uk/"


def test_alias_copy_is_not_a_translation(news_page, home_pages, locales):
    news_page.copy_for_translation(locales["uk"], copy_parents=False, alias=True)

    alternates = _alternates_by_language(news_page)

    assert not alternates["uk"].is_available


def test_draft_translation_is_not_offered(news_page, locales):
    draft = news_page.copy_for_translation(locales["en"])
    assert not draft.live

    assert not _alternates_by_language(news_page)["en"].is_available


def test_published_translation_is_offered(news_page, locales):
    translated = news_page.copy_for_translation(locales["en"])
    translated.save_revision().publish()

    alternates = _alternates_by_language(news_page)

    assert alternates["en"].url == "http://testserver/en/tin-tuc/"


def test_switcher_says_when_a_language_has_no_live_version(client, home_pages):
    home_pages["uk"].unpublish()

    soup = BeautifulSoup(client.get("/").content, "html.parser")

    switcher = soup.select_one("nav.language-switcher")
    assert switcher.find("a", hreflang="en")["href"] == "http://testserver/en/"
    assert switcher.find("a", hreflang="uk") is None
    missing = switcher.select_one(".language-switcher__missing")
    assert missing["lang"] == "uk"
    assert missing.find("span").get_text() == "Українська"
    # The note is for the reader of that language, so it is written in it (not in the page's).
    assert missing.small.get_text() == "(ще немає цією мовою)"
    hreflangs = {link["hreflang"] for link in soup.select('link[rel="alternate"][hreflang]')}
    assert hreflangs == {"vi", "en", "x-default"}


def test_switcher_marks_the_current_language(client, home_pages):
    soup = BeautifulSoup(client.get("/uk/").content, "html.parser")

    current = soup.select_one('nav.language-switcher [aria-current="page"]')
    assert current["lang"] == "uk"
    assert {a["hreflang"] for a in soup.select("nav.language-switcher a")} == {"vi", "en"}


def test_a_restricted_translation_is_not_offered(news_page, locales):
    from wagtail.models import PageViewRestriction

    from locales.translating import translate_object

    english = translate_object(news_page, locales["en"], {"Tin tức": "News", "tin-tuc": "news"})
    PageViewRestriction.objects.create(page=english, restriction_type="password", password="x")

    alternates = _alternates_by_language(Page.objects.get(pk=news_page.pk))
    assert not alternates["en"].is_available
    assert alternates["vi"].is_current and alternates["vi"].is_available


def test_a_restricted_page_still_knows_its_own_language(news_page):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=news_page, restriction_type="password", password="x")

    alternates = _alternates_by_language(Page.objects.get(pk=news_page.pk))
    assert alternates["vi"].is_current and alternates["vi"].is_available
