"""Nothing that is not live and public reaches any public surface.

One site holds, next to a public control article, five items that must never be seen:

- a draft that was never published;
- a page that was published, then unpublished;
- a live page under a password restriction of its own;
- a live page whose section is restricted to signed-in users;
- the newer, unpublished draft of a live page (its live version is public; the draft title is not).

Every one of them is tied to the directive 380-CV/ĐU and filed under the theme, so each listing
that could show them is asked: sitemaps, every feed (latest, theme, directive, search; Atom and
RSS), the API v2 (listings, filters and details), the search page and API, and the full-page
cache (each page and listing was served, and stored, while the items were still public).
The control item must appear on each surface, so a surface that shows nothing fails too.
"""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from articles.models import ArticleIndexPage, ArticlePage, Theme, ThemePage
from search.backends import get_backend
from search.indexing import iter_documents
from tests.articles.factories import DirectiveIndexPageFactory, DirectivePageFactory

CONTROL = "controlvisible"
SECRETS = ["leakdraft", "leakunpublished", "leakrestricted", "leakancestor", "leaknewerdraft"]


def _article(title_word: str, theme: Theme, directive) -> ArticlePage:
    article = ArticlePage(
        title=f"Bài {title_word}",
        slug=title_word,
        date=datetime.date(2025, 9, 1),
        summary=f"Tóm tắt {title_word}.",
        body=[("paragraph", f"<p>Nội dung {title_word}.</p>")],
    )
    article.themes = [theme]
    article.related_directives = [directive]
    return article


def _publish_under(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def site(page_cache, home_pages, client, django_capture_on_commit_callbacks):
    home = home_pages["vi"]
    theme = Theme.objects.create(slug="chuyen-doi-so", name_vi="Chuyển đổi số", name_en="Digital transformation")
    with django_capture_on_commit_callbacks(execute=True):
        register = DirectiveIndexPageFactory(parent=home)
        directive = DirectivePageFactory(parent=register, number="380-CV/ĐU", title="Công văn 380", slug="cv-380")
        directive.themes.add(theme)
        directive.save_revision().publish()
        section = _publish_under(home, ArticleIndexPage(title="Tin bài", slug="tin-bai"))
        closed_section = _publish_under(home, ArticleIndexPage(title="Nội bộ", slug="noi-bo"))
        theme_page = _publish_under(home, ThemePage(title="Chủ đề", slug="chu-de", theme=theme))

        _publish_under(section, _article(CONTROL, theme, directive))
        unpublished = _publish_under(section, _article("leakunpublished", theme, directive))
        restricted = _publish_under(section, _article("leakrestricted", theme, directive))
        under_restriction = _publish_under(closed_section, _article("leakancestor", theme, directive))
        newer_draft = _publish_under(section, _article("leaklivetitle", theme, directive))
        draft = _article("leakdraft", theme, directive)
        draft.live = False
        section.add_child(instance=draft)
        draft.save_revision()

    listings = {"home": home, "section": section, "theme": theme_page, "directive": directive}
    hidden = {"unpublished": unpublished, "restricted": restricted, "under_restriction": under_restriction}
    public_urls = [page.url for page in (*listings.values(), *hidden.values(), closed_section, newer_draft)]
    for url in public_urls:  # stored in the page cache while everything is still public
        assert client.get(url).status_code == 200
        assert client.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        unpublished.unpublish()
        PageViewRestriction.objects.create(
            page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="secret-pass"
        )
        PageViewRestriction.objects.create(page=closed_section, restriction_type=PageViewRestriction.LOGIN)
        newer_draft.title = "Bài leaknewerdraft"
        newer_draft.save_revision()
    get_backend().rebuild(list(iter_documents()))
    yield {
        "listings": {name: page.url for name, page in listings.items()},
        "hidden": {name: page.url for name, page in hidden.items()},
        "newer_draft": newer_draft.url,
        "ids": [draft.pk, unpublished.pk, restricted.pk, under_restriction.pk],
        "theme": theme,
        "directive": directive,
    }
    get_backend().clear()


def _shown(body: str, word: str) -> bool:
    """Whether an item is shown: its title, summary or address (a query echoed back is a bare word)."""
    return any(marker in body for marker in (f"Bài {word}", f"Tóm tắt {word}", f"/{word}/"))


def _assert_clean(body: str, surface: str, expect_control: bool = True) -> None:
    found = [secret for secret in SECRETS if _shown(body, secret)]
    assert not found, f"{surface} shows {found}"
    if expect_control:
        assert _shown(body, CONTROL), f"{surface} does not show the public control item: the check proves nothing"


def _get(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _localized(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def test_sitemaps(client, site):
    index = _get(client, "/sitemap.xml")
    bodies = [_get(client, re.sub(r"^https?://[^/]+", "", url)) for url in re.findall(r"<loc>([^<]+)</loc>", index)]
    _assert_clean("".join(bodies), "the sitemaps")


@pytest.mark.parametrize("flavour", ["atom", "rss"])
def test_feeds(client, site, flavour):
    feeds = {
        "latest": _localized(f"feed_latest_{flavour}", "vi"),
        "theme": _localized(f"feed_theme_{flavour}", "vi", slug=site["theme"].slug),
        "directive": _localized(f"feed_directive_{flavour}", "vi", key="380-cv-du"),
    }
    for name, url in feeds.items():
        _assert_clean(_get(client, url), f"the {name} {flavour} feed")
    search_feed = _localized(f"search_feed_{flavour}", "vi")
    _assert_clean(_get(client, search_feed, q="bài"), f"the search {flavour} feed")
    for secret in SECRETS:
        _assert_clean(
            _get(client, search_feed, q=secret), f"the search {flavour} feed for {secret}", expect_control=False
        )


def test_api_v2_listings_filters_and_details(client, site):
    listings = [
        {"limit": 20},
        {"limit": 20, "type": "articles.ArticlePage", "fields": "*"},
        {"limit": 20, "theme": site["theme"].slug},
        {"limit": 20, "directive": "380-CV/ĐU"},
    ]
    for params in listings:
        body = _get(client, "/api/v2/pages/", **params)
        _assert_clean(body, f"/api/v2/pages/ {params}")
    for page_id in site["ids"]:
        assert client.get(f"/api/v2/pages/{page_id}/").status_code == 404
    for page_id in site["ids"]:
        assert client.get("/api/v2/pages/", {"child_of": page_id}).status_code in (400, 404)


def test_search_page_and_api(client, site):
    _assert_clean(_get(client, "/search/", q="bài"), "the search page")
    _assert_clean(_get(client, "/api/search/", q="bài", locale="all"), "the search API")
    for secret in SECRETS:
        _assert_clean(_get(client, "/search/", q=secret), f"the search page for {secret}", expect_control=False)
        _assert_clean(
            _get(client, "/api/search/", q=secret, locale="all"), f"the search API for {secret}", expect_control=False
        )


def test_cached_pages(client, site):
    assert client.get(site["hidden"]["unpublished"]).status_code == 404
    assert client.get(site["hidden"]["under_restriction"]).status_code == 302
    password_form = client.get(site["hidden"]["restricted"])
    assert "Nội dung leakrestricted" not in password_form.content.decode()
    assert password_form.get("X-Page-Cache", "none") == "none"
    assert not _shown(_get(client, site["newer_draft"]), "leaknewerdraft")
    for name, url in site["listings"].items():
        _assert_clean(_get(client, url), f"the cached {name} page")
