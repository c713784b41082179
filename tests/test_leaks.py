"""Nothing that is not live and public reaches any public surface, in any language.

One site holds, next to a public control article (translated into every language), items that must
never be seen:

- a draft that was never published;
- a page that was published, then unpublished;
- a live page under a password restriction of its own;
- a live page whose section is restricted to signed-in users — the section and the page are
  translated, and the restriction is added to the source section only;
- a live translated page whose source gets a password restriction (its translations must follow);
- a live translated page whose expiry date passed (the scheduler's job ran; translations follow);
- the newer, unpublished draft of a live page (its live version is public; the draft title is not);
- a private directive (99-CT/TW, restricted), cited by the public directive's relations and by the
  control article: its number must not be named anywhere.

Every one of them is tied to the directive 380-CV/ĐU and filed under the theme, so each listing
that could show them is asked: sitemaps, every feed (latest, theme, directive, search; Atom and
RSS) in every language, the API v2 (listings, filters and details), the search page and API, and
the full-page cache (each page and listing was served, and stored, while the items were still
public). The control item must appear on each surface, so a surface that shows nothing fails too.
"""

import datetime
import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale, Page, PageViewRestriction

from articles.models import ArticleIndexPage, ArticlePage, DirectivePage, DirectiveRelation, Theme, ThemePage
from locales import conf
from locales.translating import translate_object
from search.backends import get_backend
from search.indexing import iter_documents
from tests.articles.factories import DirectiveIndexPageFactory, DirectivePageFactory

CONTROL = "controlvisible"
SECRETS = [
    "leakdraft",
    "leakunpublished",
    "leakrestricted",
    "leakancestor",
    "leaksourcerestricted",
    "leakexpired",
    "leaknewerdraft",
]
PRIVATE_NUMBER = "99-CT/TW"


def _article(title_word: str, theme: Theme, directives) -> ArticlePage:
    article = ArticlePage(
        title=f"Bài {title_word}",
        slug=title_word,
        date=datetime.date(2025, 9, 1),
        summary=f"Tóm tắt {title_word}.",
        body=[("paragraph", f"<p>Nội dung {title_word}.</p>")],
    )
    article.themes = [theme]
    article.related_directives = directives
    return article


def _publish_under(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _target_locales() -> list[Locale]:
    return list(Locale.objects.exclude(language_code=conf.source_language()))


def _translate(page: Page) -> list[Page]:
    """Translations of `page` into every target language (texts as in the source), published."""
    return [translate_object(Page.objects.get(pk=page.pk).specific, locale, {}) for locale in _target_locales()]


@pytest.fixture
def site(page_cache, home_pages, client, django_capture_on_commit_callbacks):
    home = home_pages[conf.source_language()]
    theme = Theme.objects.create(slug="chuyen-doi-so", name_vi="Chuyển đổi số", name_en="Digital transformation")
    with django_capture_on_commit_callbacks(execute=True):
        register = DirectiveIndexPageFactory(parent=home)
        private_directive = DirectivePageFactory(
            parent=register, number=PRIVATE_NUMBER, title="Chỉ thị mật", slug="chi-thi-mat"
        )
        private_directive.save_revision().publish()
        directive = DirectivePageFactory(parent=register, number="380-CV/ĐU", title="Công văn 380", slug="cv-380")
        directive.themes.add(theme)
        directive.relations.add(DirectiveRelation(relation_type="implements", target_page=private_directive))
        directive.save_revision().publish()
        section = _publish_under(home, ArticleIndexPage(title="Tin bài", slug="tin-bai"))
        closed_section = _publish_under(home, ArticleIndexPage(title="Nội bộ", slug="noi-bo"))
        theme_page = _publish_under(home, ThemePage(title="Chủ đề", slug="chu-de", theme=theme))

        control = _publish_under(section, _article(CONTROL, theme, [directive, private_directive]))
        unpublished = _publish_under(section, _article("leakunpublished", theme, [directive]))
        restricted = _publish_under(section, _article("leakrestricted", theme, [directive]))
        under_restriction = _publish_under(closed_section, _article("leakancestor", theme, [directive]))
        source_restricted = _publish_under(section, _article("leaksourcerestricted", theme, [directive]))
        expired = _publish_under(section, _article("leakexpired", theme, [directive]))
        newer_draft = _publish_under(section, _article("leaklivetitle", theme, [directive]))
        draft = _article("leakdraft", theme, [directive])
        draft.live = False
        section.add_child(instance=draft)
        draft.save_revision()

        for page in (register, directive, section, closed_section, theme_page):
            _translate(page)
        translations = {
            name: _translate(page)
            for name, page in {
                "control": control,
                "under_restriction": under_restriction,
                "source_restricted": source_restricted,
                "expired": expired,
            }.items()
        }

    listings = {"home": home, "section": section, "theme": theme_page, "directive": directive}
    hidden = {
        "unpublished": unpublished,
        "restricted": restricted,
        "under_restriction": under_restriction,
        "source_restricted": source_restricted,
        "expired": expired,
        "private_directive": private_directive,
    }
    hidden_translations = [
        *translations["under_restriction"],
        *translations["source_restricted"],
        *translations["expired"],
    ]
    source_keys = [page.translation_key for page in listings.values()]
    translated_listings = list(
        Page.objects.filter(translation_key__in=source_keys).exclude(locale__language_code=conf.source_language())
    )
    public_urls = [
        page.url
        for page in (
            *listings.values(),
            *hidden.values(),
            *hidden_translations,
            *translated_listings,
            *translations["control"],
            closed_section,
            newer_draft,
        )
    ]
    for url in public_urls:  # stored in the page cache while everything is still public
        assert client.get(url).status_code == 200, url
        assert client.get(url)["X-Page-Cache"] == "hit", url

    with django_capture_on_commit_callbacks(execute=True):
        unpublished.unpublish()
        PageViewRestriction.objects.create(
            page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="secret-pass"
        )
        PageViewRestriction.objects.create(page=closed_section, restriction_type=PageViewRestriction.LOGIN)
        PageViewRestriction.objects.create(
            page=source_restricted, restriction_type=PageViewRestriction.PASSWORD, password="secret-pass"
        )
        PageViewRestriction.objects.create(page=private_directive, restriction_type=PageViewRestriction.LOGIN)
        ArticlePage.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
        call_command("run_scheduler", "--once")  # what the scheduler started by make run/serve does
        newer_draft.title = "Bài leaknewerdraft"
        newer_draft.save_revision()
    get_backend().rebuild(list(iter_documents()))
    yield {
        "listings": {name: page.url for name, page in listings.items()},
        "translated_listings": [page.url for page in translated_listings],
        "hidden": {name: page.url for name, page in hidden.items()},
        "hidden_translations": [page.url for page in hidden_translations],
        "newer_draft": newer_draft.url,
        "ids": [
            draft.pk,
            *(page.pk for page in hidden.values()),
            *(page.pk for page in hidden_translations),
        ],
        "theme": theme,
        "directive": directive,
    }
    get_backend().clear()


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _shown(body: str, word: str) -> bool:
    """Whether an item is shown: its title, summary or address (a query echoed back is a bare word)."""
    return any(marker in body for marker in (f"Bài {word}", f"Tóm tắt {word}", f"/{word}/"))


PRIVATE_DIRECTIVE_MARKERS = (PRIVATE_NUMBER, "99-ct-tw", "Chỉ thị mật", "/chi-thi-mat/")


def _assert_clean(body: str, surface: str, expect_control: bool = True) -> None:
    found = [secret for secret in SECRETS if _shown(body, secret)]
    found += [marker for marker in PRIVATE_DIRECTIVE_MARKERS if marker in body]
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
    urls = re.findall(r"<loc>([^<]+)</loc>", index)
    assert len(urls) == len(_languages())
    for url in urls:
        _assert_clean(_get(client, re.sub(r"^https?://[^/]+", "", url)), url)


@pytest.mark.parametrize("flavour", ["atom", "rss"])
def test_feeds(client, site, flavour):
    for language in _languages():
        feeds = {
            "latest": _localized(f"feed_latest_{flavour}", language),
            "theme": _localized(f"feed_theme_{flavour}", language, slug=site["theme"].slug),
            "directive": _localized(f"feed_directive_{flavour}", language, key="380-cv-du"),
        }
        for name, url in feeds.items():
            _assert_clean(_get(client, url), f"the {name} {flavour} feed ({language})")
        search_feed = _localized(f"search_feed_{flavour}", language)
        _assert_clean(_get(client, search_feed, q="bài"), f"the search {flavour} feed ({language})")
        for secret in SECRETS:
            _assert_clean(
                _get(client, search_feed, q=secret),
                f"the search {flavour} feed for {secret} ({language})",
                expect_control=False,
            )
    assert client.get(_localized(f"feed_directive_{flavour}", language, key="99-ct-tw")).status_code == 404


def test_api_v2_listings_filters_and_details(client, site):
    listings = [
        {"limit": 20},
        {"limit": 20, "type": "articles.ArticlePage", "fields": "*"},
        {"limit": 20, "theme": site["theme"].slug},
        {"limit": 20, "directive": "380-CV/ĐU"},
    ]
    for language in _languages():
        for params in listings:
            body = _get(client, "/api/v2/pages/", locale=language, **params)
            _assert_clean(body, f"/api/v2/pages/ {params} ({language})")
    for page_id in site["ids"]:
        assert client.get(f"/api/v2/pages/{page_id}/").status_code == 404
    for page_id in site["ids"]:
        assert client.get("/api/v2/pages/", {"child_of": page_id}).status_code in (400, 404)
    directives = _get(client, "/api/v2/pages/", type="articles.DirectivePage", fields="*")
    _assert_clean(directives, "the directives' API listing", expect_control=False)
    assert "380-CV/ĐU" in directives and '"relations": []' in directives
    directive = json.dumps(client.get(f"/api/v2/pages/{site['directive'].pk}/").json(), ensure_ascii=False)
    _assert_clean(directive, "the directive's API detail", expect_control=False)


def test_search_page_and_api(client, site):
    for language in _languages():
        search_page = _localized("search", language)
        _assert_clean(_get(client, search_page, q="bài"), f"the search page ({language})")
        _assert_clean(_get(client, "/api/search/", q="bài", locale=language), f"the search API ({language})")
        for secret in SECRETS:
            _assert_clean(_get(client, search_page, q=secret), f"the search page for {secret}", expect_control=False)
    for secret in [*SECRETS, PRIVATE_NUMBER]:
        _assert_clean(
            _get(client, "/api/search/", q=secret, locale="all"), f"the search API for {secret}", expect_control=False
        )
        _assert_clean(
            _get(client, "/api/search/suggest/", q=secret), f"the suggestions for {secret}", expect_control=False
        )


def test_cached_pages(client, site):
    assert client.get(site["hidden"]["unpublished"]).status_code == 404
    assert client.get(site["hidden"]["expired"]).status_code == 404
    assert client.get(site["hidden"]["under_restriction"]).status_code == 302
    assert client.get(site["hidden"]["private_directive"]).status_code == 302
    password_form = client.get(site["hidden"]["restricted"])
    assert "Nội dung leakrestricted" not in password_form.content.decode()
    assert password_form.get("X-Page-Cache", "none") == "none"
    assert not _shown(_get(client, site["newer_draft"]), "leaknewerdraft")
    for name, url in site["listings"].items():
        _assert_clean(_get(client, url), f"the cached {name} page")
    for url in site["translated_listings"]:
        body = _get(client, url)
        _assert_clean(body, f"the cached {url}", expect_control=url.rstrip("/").endswith(("tin-bai", "chu-de")))


def test_translations_follow_their_source(client, site):
    """A restriction added to a source page or its ancestor, or the source's expiry, reaches every
    translation at once (each was cached while public)."""
    for url in site["hidden_translations"]:
        response = client.get(url)
        assert response.status_code in (200, 302, 404), url
        body = response.content.decode()
        assert "Nội dung" not in body, f"{url} still shows its body"
        assert response.status_code != 200 or 'name="password"' in body, f"{url} is still public"


def test_a_preview_of_unsaved_relations_renders_without_the_private_directive(site):
    """The editor's preview holds relations in memory (not a queryset); the same rule applies."""
    article = ArticlePage.objects.get(url_path__endswith=f"/{CONTROL}/", locale__language_code=conf.source_language())
    article.related_directives = list(DirectivePage.objects.filter(locale=article.locale))
    directive = DirectivePage.objects.get(pk=site["directive"].pk)
    directive.relations = [DirectiveRelation(relation_type="replaces", target_number=PRIVATE_NUMBER)]
    for page, own in ((article, CONTROL), (directive, "Công văn 380")):
        response = page.make_preview_request()
        assert response.status_code == 200
        body = response.content.decode()
        assert own in body
        assert not [marker for marker in PRIVATE_DIRECTIVE_MARKERS if marker in body]
