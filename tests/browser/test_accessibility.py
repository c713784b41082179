"""axe-core in Debian's Chromium on every public page type in vi/en/uk, search, a 404, feeds and sitemaps.

The page types are `site_pages.FRAME_PAGE_TYPES`: the content types and the frame's information page
(the accessibility statement).

Each test opens one page in a browser context shared by the whole module and fails on any axe
violation of impact serious or critical, printing the rule, its help page and the failing
elements. Feeds and sitemaps are XML that the browser turns into a page through the site's XSL
stylesheets (`cms/xml_styles.py`); axe checks that page. Chromium's own banner announcing the
end of XSLT is browser chrome and is left out of the check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, Page

from tests.browser.site_pages import (
    FRAME_PAGE_TYPES,
    LANGUAGES,
    axe_blocking_violations,
    describe_violations,
    discover_pages,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo(site_manage) -> dict[str, Any]:
    return discover_pages(site_manage)


@pytest.fixture(scope="module")
def tab(browser: Browser) -> Iterator[Page]:
    """One browser tab reused by every test of the module (about 45 pages)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _visit(tab: Page, url: str, status: int = 200) -> None:
    response = tab.goto(url)
    assert response is not None and response.status == status, f"{url} answered {response and response.status}"


def _assert_accessible(tab: Page, language: str | None = None) -> None:
    if language is not None:
        assert tab.evaluate("document.documentElement.lang") == language
    violations = axe_blocking_violations(tab)
    assert not violations, describe_violations(tab.url, violations)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", FRAME_PAGE_TYPES)
def test_page_type_has_no_serious_accessibility_violations(
    tab: Page, site_url: str, demo: dict[str, Any], page_type: str, language: str
) -> None:
    url = demo["pages"].get(f"{page_type}|{language}")
    assert url, f"the demo has no live {page_type} in {language}"
    _visit(tab, site_url + url)
    _assert_accessible(tab, language)


def test_untranslated_article_offers_the_missing_language_accessibly(
    tab: Page, site_url: str, demo: dict[str, Any]
) -> None:
    assert demo["untranslated_in_uk"], "the demo keeps one article without a Ukrainian translation"
    _visit(tab, site_url + demo["untranslated_in_uk"][0])
    missing = tab.locator("nav.language-switcher .language-switcher__missing")
    assert missing.count() == 1
    assert missing.get_attribute("lang") == "uk"  # the note is written for the reader of that language
    with translation.override("uk"):
        notes = {
            gettext("(this page is not translated yet; the link opens the home page)"),
            gettext("(not available in this language yet)"),
        }
    assert missing.locator(".language-switcher__note").inner_text() in notes
    _assert_accessible(tab, "en")


@pytest.mark.parametrize(("prefix", "language"), [("", "vi"), ("/en", "en"), ("/uk", "uk")])
def test_search_results_page_has_no_serious_violations(tab: Page, site_url: str, prefix: str, language: str) -> None:
    _visit(tab, f"{site_url}{prefix}/search/?q=380-CV/%C4%90U")
    assert tab.locator(".results .result").count() > 0
    assert tab.locator(".facets a").count() > 0
    _assert_accessible(tab, language)


def test_search_without_results_has_no_serious_violations(tab: Page, site_url: str) -> None:
    _visit(tab, site_url + "/uk/search/?q=qqqzzzxxyy")
    assert tab.locator(".zero-results").is_visible()
    _assert_accessible(tab, "uk")


def test_not_found_page_has_no_serious_violations(tab: Page, site_url: str) -> None:
    _visit(tab, site_url + "/en/no-such-page-here/", status=404)
    assert tab.locator("h1").count() == 1
    _assert_accessible(tab, "en")


def _xslt_applied(tab: Page, url: str) -> None:
    """Fail unless the XML document at `url` was turned into an HTML page by its stylesheet."""
    if not tab.evaluate("typeof XSLTProcessor !== 'undefined'"):
        pytest.skip("this Chromium no longer applies XSLT: it shows feeds and sitemaps in its own XML viewer")
    shown_as = tab.evaluate("document.contentType")
    assert shown_as != "text/plain", (
        f"Chromium shows {url} as plain text (no language, no title): it does so for a top-level document served "
        "as application/rss+xml or application/atom+xml and never applies its stylesheet; serve it as application/xml"
    )
    assert shown_as == "text/html", f"{url} was not transformed by its XSL stylesheet (shown as {shown_as})"


FEED_TYPES = ("application/rss+xml", "application/atom+xml")
FEED_LINKS = ", ".join(f'head link[rel=alternate][type="{kind}"]' for kind in FEED_TYPES)


def _feeds(tab: Page, site_url: str, demo: dict[str, Any]) -> dict[str, str]:
    """The feeds that pages announce in their <head> (the podcast show, the home page), with their language."""
    found: dict[str, str] = {}
    for page_type, language in (("PodcastIndexPage", "en"), ("HomePage", "uk"), ("HomePage", "vi")):
        _visit(tab, site_url + demo["pages"][f"{page_type}|{language}"])
        for link in tab.locator(FEED_LINKS).all():
            found.setdefault(urljoin(tab.url, link.get_attribute("href")), language)
    return found


def test_feeds_shown_in_a_browser_have_no_serious_violations(tab: Page, site_url: str, demo: dict[str, Any]) -> None:
    feeds = _feeds(tab, site_url, demo)
    assert feeds, "no page announces a feed"
    for url, language in feeds.items():
        _visit(tab, url)
        _xslt_applied(tab, url)
        assert tab.locator("h1").count() == 1
        assert tab.locator("#feed-address").input_value() == url
        assert tab.locator(".feed-items li a").count() > 0
        _assert_accessible(tab, language)


@pytest.mark.parametrize(("path", "language"), [("/sitemap.xml", "vi"), ("/sitemap-uk.xml", "uk")])
def test_sitemaps_shown_in_a_browser_have_no_serious_violations(
    tab: Page, site_url: str, path: str, language: str
) -> None:
    _visit(tab, site_url + path)
    _xslt_applied(tab, path)
    assert tab.evaluate("document.documentElement.lang") == language
    assert tab.locator("h1").count() == 1
    links = tab.locator("main a")
    assert links.count() > 0
    assert all(re.match(re.escape(site_url), href or "") for href in links.evaluate_all("l => l.map(a => a.href)"))
    _assert_accessible(tab)


ATOM_SAMPLE = """<?xml version="1.0" encoding="utf-8"?>
<?xml-stylesheet type="text/xsl" href="/en/feeds/style.xsl"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Sample Atom feed</title>
  <subtitle>Checks the stylesheet's Atom branch.</subtitle>
  <link href="{site}/en/" rel="alternate"/>
  <link href="{site}/en/sample.atom" rel="self"/>
  <id>{site}/en/sample.atom</id>
  <updated>2025-09-19T09:00:00+07:00</updated>
  <entry>
    <title>First entry</title>
    <link href="{site}/en/first/" rel="alternate"/>
    <id>{site}/en/first/</id>
    <updated>2025-09-19T09:00:00+07:00</updated>
    <summary>Summary of the first entry.</summary>
  </entry>
</feed>
"""


def test_feed_stylesheet_shows_an_atom_feed_too(tab: Page, site_url: str) -> None:
    """Atom 1.0 through the same stylesheet: the document is served from the site's origin by the test."""
    url = site_url + "/en/sample.atom"
    tab.route(
        url,
        lambda route: route.fulfill(
            status=200, content_type="application/atom+xml", body=ATOM_SAMPLE.format(site=site_url)
        ),
    )
    try:
        _visit(tab, url)
        _xslt_applied(tab, url)
        assert tab.title().startswith("Sample Atom feed")
        assert tab.locator("h1").inner_text() == "Sample Atom feed"
        assert tab.locator("#feed-address").input_value() == url
        item = tab.locator(".feed-items li")
        assert item.locator("a").get_attribute("href") == site_url + "/en/first/"
        assert "Summary of the first entry." in item.inner_text()
        assert item.locator("time").get_attribute("datetime").startswith("2025-09-19")
        _assert_accessible(tab, "en")
    finally:
        tab.unroute(url)
