"""Atom and RSS feeds of the articles app: latest per language, per theme, per directive.

Feeds are parsed with feedparser (what feed readers use) and checked for their items, language,
absolute links, categories in the feed's language, stable ids, the stylesheet instruction, what
must never appear in them (drafts, unpublished and restricted pages, alias copies), 404s and a
query count that does not grow with the number of items.
"""

import datetime
import html
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from urllib.parse import quote

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page, PageViewRestriction

from articles.models import ArticlePage, DirectivePage, DirectiveRelation, InfographicPage, IssuingBody, Theme
from home.demo import ensure_home_pages
from search.feeds import entry_id
from tests.articles.factories import DirectivePageFactory
from tests.articles.site_builder import add_directive, build_every_page_type, publish, translate_everywhere

FORMATS = {"atom": "atom10", "rss": "rss20"}
LANGUAGES = ["vi", "en", "uk"]

THEME_LABELS = {"vi": "Chuyển đổi số", "en": "Digital transformation", "uk": "Цифрова трансформація"}
OTHER_THEME_LABELS = {"vi": "Kinh tế", "en": "Economy", "uk": "Економіка"}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[dict]:
    """Directives and one item of every media kind, translated into en and uk; built once per module
    inside a transaction rolled back at the end (each test runs in a savepoint within it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_feed_site()
        transaction.set_rollback(True)


FEED_KEYS = {
    "directive_index": "register",
    "directive": "57",
    "podcast_show": "show",
    "podcast_episode": "episode",
    "theme": "theme_page",
}
"""The names these tests (and tests/search/test_search_feed.py) give the shared site's pages."""


def build_feed_site() -> dict:
    """The pages of `site` (also indexed by tests/search/test_search_feed.py): the shared site with
    four directives in place of one, summaries on every item, translated too, and no caption track."""
    theme = Theme.objects.create(slug="chuyen-doi-so", **{f"name_{c}": label for c, label in THEME_LABELS.items()})
    other = Theme.objects.create(slug="kinh-te", **{f"name_{c}": label for c, label in OTHER_THEME_LABELS.items()})

    def more_directives(register: Page, resolution: DirectivePage) -> dict[str, DirectivePage]:
        dispatch = add_directive(
            register,
            themes=[theme],
            relations=[DirectiveRelation(relation_type="implements", target_page=resolution)],
            number="Số 380 -CV/ĐU",
            title="Công văn 380-CV/ĐU",
            slug="cv-380",
            summary="Truyền thông về Nghị quyết 57.",
            issuing_body=IssuingBody.objects.get(abbreviation="ĐU"),
            issue_date=datetime.date(2025, 8, 18),
        )
        # Names 57-NQ/TW by its number only (typed before that directive was on the site).
        plan = add_directive(
            register,
            relations=[DirectiveRelation(relation_type="based_on", target_number="57-NQ/TW")],
            number="02-KH/TW",
            title="Kế hoạch 02-KH/TW",
            slug="kh-02",
            issue_date=datetime.date(2025, 6, 19),
        )
        unrelated = add_directive(
            register,
            themes=[other],
            number="99-NQ/TW",
            title="Nghị quyết 99-NQ/TW",
            slug="nq-99",
            issue_date=datetime.date(2025, 1, 5),
        )
        return {"380": dispatch, "02": plan, "99": unrelated}

    built = build_every_page_type(
        theme,
        directive={  # the resolution the others implement, cite or leave alone: "57"
            "number": "57-NQ/TW",
            "title": "Nghị quyết 57-NQ/TW",
            "slug": "nq-57",
            "summary": "Đột phá khoa học, công nghệ và chuyển đổi số.",
            "issue_date": datetime.date(2024, 12, 22),
        },
        more_directives=more_directives,
        explains={"video": ["380"], "article": ["380"]},  # the infographic and the episode explain 57
        fields={
            "infographic": {"summary": "Sơ đồ năm bước.", "long_description": "<p>Bước một.</p>"},
            "podcast_episode": {"summary": "Tập đầu tiên.", "transcript": "Xin chào."},
            "video": {"summary": "Giới thiệu Công văn 380.", "transcript": "Lời dẫn."},
            "article": {
                "summary": "Đảng ủy Tập đoàn ban hành kế hoạch <truyền thông> & tuyên truyền.",
                "body": [("paragraph", "<p>Nội dung.</p>")],
            },
        },
        caption_track=None,
        translate_summaries=True,
    )
    pages = {FEED_KEYS.get(key, key): page for key, page in built.items()}
    return {"pages": pages, "theme": theme, "other_theme": other, "homes": ensure_home_pages()}


# --- helpers -----------------------------------------------------------------------------------------


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def _get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    return response


def _parse(response) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def _feed(client, name: str, language: str = "vi", fmt: str = "atom", **kwargs) -> feedparser.FeedParserDict:
    response = _get(client, _url(f"{name}_{fmt}", language, **kwargs))
    parsed = _parse(response)
    assert parsed.version == FORMATS[fmt]
    return parsed


def _in(page: Page, language: str) -> Page:
    return page.get_translation(Locale.objects.get(language_code=language)).specific


def _title(page: Page, language: str) -> str:
    return page.title if language == "vi" else f"{page.title} [{language}]"


def _every_feed(client, site, language: str) -> list[feedparser.FeedParserDict]:
    """Every feed of the articles app in one language, both formats."""
    pages = site["pages"]
    feeds = []
    for fmt in FORMATS:
        feeds.append(_feed(client, "feed_latest", language, fmt))
        feeds.append(_feed(client, "feed_theme", language, fmt, slug="chuyen-doi-so"))
        for number in ("57", "380"):
            feeds.append(_feed(client, "feed_directive", language, fmt, key=pages[number].number_key))
    return feeds


def _all_entries(client, site, language: str) -> tuple[set[str], set[str]]:
    titles, links = set(), set()
    for feed in _every_feed(client, site, language):
        titles |= {entry.title for entry in feed.entries}
        links |= {entry.link for entry in feed.entries}
    return titles, links


# --- addresses and formats -----------------------------------------------------------------------------


def test_feed_addresses_follow_the_language_prefixes():
    assert _url("feed_latest_atom", "vi") == "/feeds/latest.atom"
    assert _url("feed_latest_rss", "en") == "/en/feeds/latest.rss"
    assert _url("feed_theme_atom", "uk", slug="chuyen-doi-so") == "/uk/feeds/themes/chuyen-doi-so.atom"
    assert _url("feed_directive_rss", "en", key="380-cv-du") == "/en/feeds/directives/380-cv-du.rss"


@pytest.mark.parametrize("fmt", FORMATS)
def test_feeds_are_valid_atom_and_rss_with_their_content_type(client, db, site, fmt):
    response = _get(client, _url(f"feed_latest_{fmt}", "vi"))

    expected = "application/atom+xml" if fmt == "atom" else "application/rss+xml"
    assert response["Content-Type"] == f"{expected}; charset=utf-8"
    assert _parse(response).version == FORMATS[fmt]
    ET.fromstring(response.content)  # well-formed XML


def test_atom_feed_has_what_the_specification_requires(client, db, site):
    root = ET.fromstring(_get(client, "/en/feeds/latest.atom").content)
    atom = "{http://www.w3.org/2005/Atom}"

    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    for element in ("id", "title", "updated", "author/" + atom + "name"):
        assert root.find(atom + element) is not None, element
    self_link = root.find(f"{atom}link[@rel='self']")
    assert self_link.get("href") == "http://testserver/en/feeds/latest.atom"
    assert root.findtext(atom + "id") == "http://testserver/en/feeds/latest.atom"  # its own, not the home page's
    for entry in root.findall(atom + "entry"):
        for element in ("id", "title", "updated", "link"):
            assert entry.find(atom + element) is not None, element


# --- latest ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_latest_feed_lists_directives_and_every_media_kind_newest_first(client, db, site, fmt):
    pages = site["pages"]
    feed = _feed(client, "feed_latest", "vi", fmt)

    expected = ["video", "episode", "infographic", "article", "380", "02", "99", "57"]  # by date, newest first
    assert [entry.title for entry in feed.entries] == [pages[key].title for key in expected]


@pytest.mark.parametrize("language", LANGUAGES)
def test_latest_feed_is_in_the_language_of_its_prefix(client, db, site, language):
    pages, home = site["pages"], site["homes"][language]
    feed = _feed(client, "feed_latest", language)

    assert feed.feed.language == language
    assert feed.feed.title.endswith(f" — {home.title}")
    assert feed.feed.link == f"http://testserver{home.url}"
    article = next(entry for entry in feed.entries if entry.title == _title(pages["article"], language))
    assert article.link == f"http://testserver{_in(pages['article'], language).url}"
    assert [tag.term for tag in article.tags] == [THEME_LABELS[language]]
    prefix = "http://testserver/" if language == "vi" else f"http://testserver/{language}/"
    assert all(entry.link.startswith(prefix) for entry in feed.entries)
    if language == "vi":
        assert not any(
            entry.link.startswith(("http://testserver/en/", "http://testserver/uk/")) for entry in feed.entries
        )


def test_feed_titles_are_translated(client, db, site):
    english = _feed(client, "feed_latest", "en").feed
    assert english.title == f"Latest — {site['homes']['en'].title}"
    assert english.subtitle == "The newest directives and the media that explain them."

    directive = _feed(client, "feed_directive", "en", key="380-cv-du").feed
    assert directive.title == f"380-CV/ĐU: how it is carried out and explained — {site['homes']['en'].title}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_entries_carry_summary_dates_author_and_categories(client, db, site, fmt):
    pages = site["pages"]
    entries = {entry.title: entry for entry in _feed(client, "feed_latest", "en", fmt).entries}

    article = entries[_title(pages["article"], "en")]
    # Descriptions are HTML: the plain-text summary arrives escaped, so it reads as written.
    assert html.unescape(article.summary) == _in(pages["article"], "en").summary
    assert "<truyền thông>" in html.unescape(article.summary)
    assert article.author == "Petrovietnam"
    # The item's date at 09:00 in Hanoi (UTC+7) is 02:00 UTC.
    assert article.published_parsed[:5] == (2025, 8, 25, 2, 0)
    dispatch = entries[_title(pages["380"], "en")]
    assert dispatch.author == IssuingBody.objects.get(abbreviation="ĐU").name_en
    assert [tag.term for tag in dispatch.tags] == ["Digital transformation", "In force"]  # themes, then status
    if fmt == "atom":
        translated = _in(pages["article"], "en")
        assert article.updated_parsed >= article.published_parsed
        assert article.updated_parsed[:6] == translated.last_published_at.utctimetuple()[:6]


def test_categories_are_in_the_feeds_language_not_the_active_one(client, db, site):
    with translation.override("en"):
        feed = feedparser.parse(client.get("/uk/feeds/themes/chuyen-doi-so.rss").content)
    assert {tag.term for entry in feed.entries for tag in entry.tags} == {THEME_LABELS["uk"], "Чинний"}


def test_entry_ids_are_stable_shared_by_feeds_and_distinct_per_language(client, db, site):
    pages = site["pages"]
    atom = {entry.title: entry.id for entry in _feed(client, "feed_latest", "vi", "atom").entries}
    rss = {entry.title: entry.id for entry in _feed(client, "feed_latest", "vi", "rss").entries}
    again = {entry.title: entry.id for entry in _feed(client, "feed_latest", "vi", "atom").entries}
    theme = {entry.title: entry.id for entry in _feed(client, "feed_theme", "vi", slug="chuyen-doi-so").entries}
    english = {entry.id for entry in _feed(client, "feed_latest", "en").entries}

    assert atom == rss == again
    assert all(theme[title] == atom[title] for title in theme)
    assert atom[pages["article"].title] == entry_id(str(pages["article"].translation_key), "vi")
    assert not english & set(atom.values())
    root = ET.fromstring(_get(client, "/feeds/latest.rss").content)
    assert {guid.get("isPermaLink") for guid in root.iter("guid")} == {"false"}


def test_latest_feed_holds_fifty_items_at_most(client, db, site):
    articles = site["pages"]["article_index"]
    for number in range(55):
        publish(articles, ArticlePage(title=f"Tin {number}", slug=f"tin-{number}", date=datetime.date(2026, 1, 1)))

    assert len(_feed(client, "feed_latest", "vi").entries) == 50


# --- per theme ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_theme_feed_lists_what_is_filed_under_the_theme(client, db, site, language):
    pages = site["pages"]
    feed = _feed(client, "feed_theme", language, slug="chuyen-doi-so")

    assert [entry.title for entry in feed.entries] == [
        _title(pages[key], language) for key in ("infographic", "article", "380", "57")
    ]
    assert feed.feed.title == f"{THEME_LABELS[language]} — {site['homes'][language].title}"
    assert feed.feed.link == f"http://testserver{_in(pages['theme_page'], language).url}"


def test_theme_without_a_page_links_the_home_page(client, db, site):
    feed = _feed(client, "feed_theme", "en", slug="kinh-te")

    assert [entry.title for entry in feed.entries] == [_title(site["pages"]["99"], "en")]
    assert feed.feed.link == f"http://testserver{site['homes']['en'].url}"


@pytest.mark.parametrize("slug", ["khong-co", "x" * 80])
def test_unknown_theme_is_404(client, db, site, slug):
    _get(client, f"/en/feeds/themes/{slug}.atom", status=404)


# --- per directive ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_directive_feed_lists_it_what_implements_it_and_what_explains_it(client, db, site, language, fmt):
    pages = site["pages"]
    feed = _feed(client, "feed_directive", language, fmt, key="57-nq-tw")

    # 380 implements it, 02 names it by number; the infographic and the episode explain it.
    expected = ["episode", "infographic", "380", "02", "57"]
    assert [entry.title for entry in feed.entries] == [_title(pages[key], language) for key in expected]
    assert feed.feed.link == f"http://testserver{_in(pages['57'], language).url}"


def test_directive_feed_of_a_dispatch_lists_its_explainers(client, db, site):
    pages = site["pages"]
    feed = _feed(client, "feed_directive", "vi", key="380-cv-du")
    assert [entry.title for entry in feed.entries] == [pages[key].title for key in ("video", "article", "380")]


@pytest.mark.parametrize("printed", ["380-CV/ĐU", "380-CV/DU", "Số 380-CV/ĐU", "380-CV-DU"])
def test_directive_number_as_printed_redirects_to_the_key(client, db, site, printed):
    response = client.get(f"/en/feeds/directives/{quote(printed, safe='')}.rss")

    assert response.status_code == 301
    assert response["Location"] == "/en/feeds/directives/380-cv-du.rss"
    assert len(_parse(client.get(response["Location"])).entries) == 3


@pytest.mark.parametrize(
    "key",
    ["garbage", "58-nq-tw", "380", quote("<script>", safe=""), "a" * 300, quote("380-CV/ĐU/../../x", safe="/")],
)
def test_unknown_or_garbage_directive_is_404(client, db, site, key):
    _get(client, f"/feeds/directives/{key}.atom", status=404)


def test_directive_not_published_in_a_language_is_404_there(client, db, site):
    _in(site["pages"]["380"], "uk").unpublish()  # a fresh object from the database

    _get(client, "/uk/feeds/directives/380-cv-du.atom", status=404)
    _get(client, "/en/feeds/directives/380-cv-du.atom")


# --- nothing that must stay private ------------------------------------------------------------------


def test_draft_page_and_draft_changes_are_in_no_feed(client, db, site):
    pages = site["pages"]
    draft = ArticlePage(
        title="Bản nháp chưa đăng", slug="ban-nhap", date=datetime.date(2026, 1, 1), live=False, summary="Nháp"
    )
    Page.objects.get(pk=pages["article_index"].pk).add_child(instance=draft)
    draft.related_directives = [pages["380"]]
    draft.themes = [site["theme"]]
    draft.save_revision()
    live = ArticlePage.objects.get(pk=pages["article"].pk)
    live.title = "Tiêu đề bản nháp mới"
    live.save_revision()  # a draft of a live page: the feeds keep the published title

    titles, _links = _all_entries(client, site, "vi")
    assert "Bản nháp chưa đăng" not in titles
    assert "Tiêu đề bản nháp mới" not in titles
    assert pages["article"].title in titles


def test_unpublished_page_is_in_no_feed(client, db, site):
    article = ArticlePage.objects.get(pk=site["pages"]["article"].pk)
    article.unpublish()

    titles, _links = _all_entries(client, site, "vi")
    assert article.title not in titles
    # Withdrawing the source withdraws its translations (locales.source_visibility).
    assert _title(article, "en") not in _all_entries(client, site, "en")[0]


def test_unpublished_translation_leaves_only_its_own_feeds(client, db, site):
    article = ArticlePage.objects.get(pk=site["pages"]["article"].pk)
    article.get_translation(Locale.objects.get(language_code="en")).unpublish()

    assert _title(article, "en") not in _all_entries(client, site, "en")[0]
    assert article.title in _all_entries(client, site, "vi")[0]


def test_restricted_page_is_in_no_feed(client, db, site):
    article = site["pages"]["article"]
    PageViewRestriction.objects.create(page=article, restriction_type="password", password="x")

    assert article.title not in _all_entries(client, site, "vi")[0]


def test_page_under_a_restricted_section_is_in_no_feed(client, db, site):
    pages = site["pages"]
    PageViewRestriction.objects.create(page=pages["register"], restriction_type="login")

    titles = set()
    for fmt in FORMATS:
        titles |= {e.title for e in _feed(client, "feed_latest", "vi", fmt).entries}
        titles |= {e.title for e in _feed(client, "feed_theme", "vi", fmt, slug="chuyen-doi-so").entries}
    assert not titles & {pages[key].title for key in ("57", "380", "02", "99")}
    assert pages["article"].title in titles
    # The directive itself is restricted now: its feed is gone too.
    _get(client, "/feeds/directives/380-cv-du.atom", status=404)


def test_alias_copy_is_in_no_feed(client, db, site, locales):
    pages = site["pages"]
    article = publish(
        pages["article_index"],
        ArticlePage(
            title="Bài chỉ có tiếng Việt", slug="chi-tieng-viet", date=datetime.date(2026, 1, 2), summary="Tóm tắt"
        ),
    )
    article.related_directives = [pages["380"]]
    article.themes = [site["theme"]]
    article.save_revision().publish()
    alias = article.copy_for_translation(locales["uk"], copy_parents=False, alias=True)
    assert alias.live and alias.alias_of_id == article.pk

    titles, links = _all_entries(client, site, "uk")
    assert "Bài chỉ có tiếng Việt" not in titles
    assert not any(link.endswith("/chi-tieng-viet/") for link in links)
    assert "Bài chỉ có tiếng Việt" in _all_entries(client, site, "vi")[0]


# --- the stylesheet instruction -------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/feeds/latest.atom", "/en/feeds/latest.rss", "/uk/feeds/themes/chuyen-doi-so.atom"])
def test_feed_names_the_xslt_stylesheet_right_after_the_xml_declaration(client, db, site, url):
    content = _get(client, url).content.decode()
    language = url.split("/")[1] if url.startswith(("/en/", "/uk/")) else "vi"

    declaration, rest = content.split("?>", 1)
    assert declaration == '<?xml version="1.0" encoding="utf-8"'
    instruction = rest.lstrip("\n").split("?>", 1)[0]
    assert instruction.startswith("<?xml-stylesheet ")
    assert f'href="{_url("feed_stylesheet", language)}"' in instruction
    assert 'type="text/xsl"' in instruction
    assert content.index("<?xml-stylesheet") < content.index("<feed" if url.endswith(".atom") else "<rss")


def test_podcast_feed_names_the_stylesheet_too(client, db, site):
    show = _in(site["pages"]["show"], "en")
    content = _get(client, show.url + "feed/").content.decode()

    instruction = content[content.index("<?xml-stylesheet") :].split("?>", 1)[0]
    assert 'href="/en/feeds/style.xsl"' in instruction and 'type="text/xsl"' in instruction
    assert content.index("<?xml-stylesheet") < content.index("<rss")


def test_no_instruction_when_the_site_has_no_stylesheet(client, db, site, monkeypatch):
    monkeypatch.setattr("search.feeds.STYLESHEET_URL_NAME", "no_such_stylesheet")

    content = _get(client, "/feeds/latest.atom").content.decode()
    assert "xml-stylesheet" not in content
    assert _parse(_get(client, "/feeds/latest.atom")).entries


# --- bounded queries -------------------------------------------------------------------------------------


def _add_items(site, count: int) -> None:
    """`count` more infographics and directives (types every measured feed already lists), each with
    themes, tied to 57-NQ/TW; the directives with an issuing body."""
    pages, theme = site["pages"], site["theme"]
    for number in range(count):
        if number % 2:
            infographic = InfographicPage(
                title=f"Infographic {number}",
                slug=f"infographic-{number}",
                date=datetime.date(2025, 10, 1),
                image=pages["infographic"].image,
                alt_text="Sơ đồ",
                long_description="<p>Số liệu.</p>",
            )
            infographic.themes = [theme, site["other_theme"]]
            infographic.related_directives = [pages["57"]]
            publish(pages["infographic_index"], infographic)
        else:
            directive = DirectivePageFactory(
                parent=Page.objects.get(pk=pages["register"].pk).specific,
                number=f"{700 + number}-CV/ĐU",
                issuing_body=IssuingBody.objects.get(abbreviation="ĐU"),
                issue_date=datetime.date(2025, 10, 2),
            )
            directive.themes.add(theme)
            directive.relations.add(DirectiveRelation(relation_type="implements", target_page=pages["57"]))
            directive.save_revision().publish()


QUERIES_PER_FEED = 22
"""Site, locale, home page, view restrictions; per page type: its newest ids, its specific pages,
their themes; the directives' issuing bodies. None of it depends on the number of items."""


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("feed_latest", {}), ("feed_theme", {"slug": "chuyen-doi-so"}), ("feed_directive", {"key": "57-nq-tw"})],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_query_count_does_not_grow_with_items(client, db, site, name, kwargs, fmt, django_assert_max_num_queries):
    url = _url(f"{name}_{fmt}", "vi", **kwargs)
    client.get(url)  # warm Wagtail's site root paths cache
    with CaptureQueriesContext(connection) as few:
        before = len(_parse(_get(client, url)).entries)
    assert 3 <= before <= 8

    _add_items(site, 16)

    with django_assert_max_num_queries(QUERIES_PER_FEED), CaptureQueriesContext(connection) as many:
        after = len(_parse(_get(client, url)).entries)
    assert after == before + 16
    assert len(many) == len(few)


# --- links from the pages ----------------------------------------------------------------------------------


def _head_feeds(client, url: str) -> list[tuple[str, str, str]]:
    soup = BeautifulSoup(_get(client, url).content, "html.parser")
    return [(link["type"], link["href"], link["title"]) for link in soup.select('head link[rel="alternate"][type]')]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_the_latest_feed_of_its_language(client, db, site, language):
    for key in ("article", "video", "register"):
        links = _head_feeds(client, _in(site["pages"][key], language).url)
        assert ("application/atom+xml", _url("feed_latest_atom", language)) in [(t, h) for t, h, _ in links]
        assert ("application/rss+xml", _url("feed_latest_rss", language)) in [(t, h) for t, h, _ in links]


def test_home_page_links_and_offers_the_latest_feed(client, db, site):
    home = site["homes"]["en"]
    soup = BeautifulSoup(_get(client, home.url).content, "html.parser")

    head = soup.select_one('head link[rel="alternate"][type="application/atom+xml"]')
    assert head["href"] == "/en/feeds/latest.atom"
    assert head["title"] == f"Latest — {home.title} (Atom)"
    visible = {a["href"] for a in soup.select("main .feed-links a")}
    assert visible == {"/en/feeds/latest.atom", "/en/feeds/latest.rss"}


def test_theme_page_links_its_theme_feed_first(client, db, site):
    page = _in(site["pages"]["theme_page"], "uk")
    soup = BeautifulSoup(_get(client, page.url).content, "html.parser")

    links = soup.select('head link[rel="alternate"][type="application/atom+xml"]')
    assert [link["href"] for link in links] == ["/uk/feeds/themes/chuyen-doi-so.atom", "/uk/feeds/latest.atom"]
    assert links[0]["title"] == f"{THEME_LABELS['uk']} (Atom)"
    visible = {a["href"] for a in soup.select("main .feed-links a")}
    assert visible == {"/uk/feeds/themes/chuyen-doi-so.atom", "/uk/feeds/themes/chuyen-doi-so.rss"}
    assert _parse(_get(client, links[0]["href"])).entries


def test_directive_page_links_its_directive_feed(client, db, site):
    page = _in(site["pages"]["380"], "en")
    soup = BeautifulSoup(_get(client, page.url).content, "html.parser")

    links = soup.select('head link[rel="alternate"][type="application/rss+xml"]')
    assert links[0]["href"] == "/en/feeds/directives/380-cv-du.rss"
    assert links[0]["title"] == "380-CV/ĐU: how it is carried out and explained (RSS)"
    visible = {a["href"] for a in soup.select("main .feed-links a")}
    assert visible == {"/en/feeds/directives/380-cv-du.atom", "/en/feeds/directives/380-cv-du.rss"}


def test_podcast_show_links_its_own_feed_first(client, db, site):
    show = site["pages"]["show"]
    links = _head_feeds(client, show.url)

    assert links[0][:2] == ("application/rss+xml", show.url + "feed/")
    assert ("application/atom+xml", "/feeds/latest.atom") in [(t, h) for t, h, _ in links]


# --- what people see in a browser: escaping once, human dates ---------------------------------------------

HOSTILE_TITLE = "Bài 'mới' & <nháp> của Đảng ủy"
HOSTILE_SUMMARY = "Tóm tắt 'взаємопов'язана' & <b>không phải thẻ</b> &amp; hết."


def _hostile_article(site) -> ArticlePage:
    article = ArticlePage(
        title=HOSTILE_TITLE, slug="bai-ky-tu", date=datetime.date(2026, 2, 3), summary=HOSTILE_SUMMARY
    )
    article.themes = [site["theme"]]
    article.related_directives = [site["pages"]["380"]]
    return publish(Page.objects.get(pk=site["pages"]["article_index"].pk), article)


def _raw_entry(content: bytes, fmt: str, title: str) -> ET.Element:
    """The entry whose title starts with `title` (a translation's may carry a language marker)."""
    root = ET.fromstring(content)
    if fmt == "rss":
        return next(item for item in root.iter("item") if item.findtext("title").startswith(title))
    atom = "{http://www.w3.org/2005/Atom}"
    return next(entry for entry in root.iter(f"{atom}entry") if entry.findtext(f"{atom}title").startswith(title))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("feed_latest", {}), ("feed_theme", {"slug": "chuyen-doi-so"}), ("feed_directive", {"key": "380-cv-du"})],
)
def test_quotes_ampersands_and_brackets_are_escaped_once(client, db, site, name, kwargs, fmt):
    _hostile_article(site)
    response = _get(client, _url(f"{name}_{fmt}", "vi", **kwargs))

    # The XML writer escapes once; the description (HTML made from plain text) escapes &, < and > only.
    assert b"&amp;#x27;" not in response.content and b"&amp;#39;" not in response.content
    entry = _raw_entry(response.content, fmt, HOSTILE_TITLE)
    assert entry.findtext("title" if fmt == "rss" else "{http://www.w3.org/2005/Atom}title") == HOSTILE_TITLE
    description = entry.findtext("description" if fmt == "rss" else "{http://www.w3.org/2005/Atom}summary")
    assert description == HOSTILE_SUMMARY.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert "'взаємопов'язана'" in description
    # What a feed reader shows.
    parsed = {entry.title: entry for entry in _parse(response).entries}
    assert html.unescape(parsed[HOSTILE_TITLE].summary) == HOSTILE_SUMMARY


def test_podcast_description_is_escaped_once_and_its_summary_is_plain(client, db, site):
    episode = type(site["pages"]["episode"]).objects.get(pk=site["pages"]["episode"].pk)
    episode.summary = HOSTILE_SUMMARY
    episode.save_revision().publish()
    show = Page.objects.get(pk=site["pages"]["show"].pk)

    content = _get(client, show.url + "feed/").content
    item = next(iter(ET.fromstring(content).iter("item")))
    assert b"&amp;#x27;" not in content
    assert item.findtext("description") == html.escape(HOSTILE_SUMMARY, quote=False)
    assert item.findtext("{http://www.itunes.com/dtds/podcast-1.0.dtd}summary") == HOSTILE_SUMMARY


SITE_DATE = "{urn:x-cms:feed-extensions:1}date"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("language", "written"),
    [("vi", "ngày 3 tháng 2 năm 2026"), ("en", "3 February 2026"), ("uk", "3 лютого 2026\u00a0р.")],
)
def test_entries_carry_their_date_as_people_write_it_for_the_stylesheet(client, db, site, fmt, language, written):
    article = _hostile_article(site)
    if language != "vi":
        translate_everywhere(article, {code: Locale.objects.get(language_code=code) for code in ("en", "uk")})
    response = _get(client, _url(f"feed_latest_{fmt}", language))

    date = _raw_entry(response.content, fmt, HOSTILE_TITLE).find(SITE_DATE)
    assert (date.text, date.get("datetime")) == (written, "2026-02-03")
    assert _parse(response).entries  # still a feed readers take (the extension is ignored)
