"""The feed twin of the search page: `search/feed.atom|rss` with the page's query string.

Built on a small indexed site (tests/articles/test_feeds.py's pages in vi, en and uk, put in the
embedded index once per module): same items as the search, newest first, the page's validation
with 400 instead of "ignored", 503 on an engine outage, nothing unpublished or private.
"""

import html
import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, PageViewRestriction

from articles.models import ArticlePage, IssuingBody
from search.backends import get_backend
from search.indexing import iter_documents
from tests.articles.test_feeds import THEME_LABELS, build_feed_site

FORMATS = {"atom": "atom10", "rss": "rss20"}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[dict]:
    """The feed test site, indexed; rolled back and the index emptied at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_feed_site()
        built["documents"] = list(iter_documents())
        get_backend().rebuild(built["documents"])
        yield built
        transaction.set_rollback(True)
    get_backend().clear()


@pytest.fixture
def restore_index(site):
    """For tests that change what is indexed: the database change is rolled back, so is this."""
    yield
    get_backend().rebuild(site["documents"])


def _url(name: str, language: str = "vi") -> str:
    with translation.override(language):
        return reverse(name)


def _parse(response) -> feedparser.FeedParserDict:
    assert response.status_code == 200, response.content[:500]
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def _feed(client, language: str = "vi", fmt: str = "atom", **params) -> feedparser.FeedParserDict:
    parsed = _parse(client.get(_url(f"search_feed_{fmt}", language), params))
    assert parsed.version == FORMATS[fmt]
    return parsed


def _api_urls(client, language: str, **params) -> list[str]:
    data = client.get("/api/search/", {"locale": language, "sort": "newest", "per_page": 50, **params}).json()
    return [f"http://testserver{result['url']}" for result in data["results"]]


def _page_errors(client, url: str, params: dict) -> list[str]:
    soup = BeautifulSoup(client.get(url, params).content, "html.parser")
    return [item.get_text() for item in soup.select('[role="alert"] li')]


# --- the twin ------------------------------------------------------------------------------------------


def test_feed_addresses_sit_next_to_the_search_page():
    assert _url("search_feed_atom") == "/search/feed.atom"
    assert _url("search_feed_rss", "en") == "/en/search/feed.rss"
    assert _url("search", "en") == "/en/search/"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "params",
    [
        {"q": "Nghị quyết 57"},
        {"q": "chuyen doi so"},
        {"theme": "chuyen-doi-so"},
        {"directive": "380-CV/ĐU"},
        {"kind": ["article", "video"]},
        {"q": "", "year": "2025"},
    ],
)
def test_feed_lists_what_the_search_finds_newest_first(client, db, site, fmt, params):
    feed = _feed(client, "vi", fmt, **params)

    links = [entry.link for entry in feed.entries]
    assert links, params
    assert links == _api_urls(client, "vi", **params)
    dates = [entry.published_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_sort_and_page_of_the_page_do_not_change_the_feed(client, db, site):
    newest = [entry.link for entry in _feed(client, q="57").entries]

    assert [entry.link for entry in _feed(client, q="57", sort="oldest", page="2", per_page="1").entries] == newest
    assert [entry.link for entry in _feed(client, q="57", sort="relevance").entries] == newest


def test_empty_search_feed_is_the_latest_items(client, db, site):
    search = _feed(client, "en")
    latest = _parse(client.get("/en/feeds/latest.atom"))

    # The same entries (ids are shared by every feed of a language), in the same order.
    assert [entry.id for entry in search.entries] == [entry.id for entry in latest.entries]
    assert [entry.link for entry in search.entries] == [entry.link for entry in latest.entries]


@pytest.mark.parametrize("language", ["vi", "en", "uk"])
def test_feed_speaks_the_language_of_its_prefix(client, db, site, language):
    feed = _feed(client, language, theme="chuyen-doi-so")
    home = site["homes"][language]

    assert feed.feed.language == language
    assert feed.feed.title.endswith(f" — {home.title}")
    prefix = "http://testserver/" + ("" if language == "vi" else f"{language}/")
    assert all(entry.link.startswith(prefix) for entry in feed.entries)
    assert {tag.term for entry in feed.entries for tag in entry.tags} == {THEME_LABELS[language]}


def test_feed_describes_itself(client, db, site):
    feed = _feed(client, "en", q="digital", theme="chuyen-doi-so")

    assert feed.feed.title == f"Search results for “digital” — {site['homes']['en'].title}"
    assert feed.feed.link == "http://testserver/en/search/?q=digital&theme=chuyen-doi-so"
    root = ET.fromstring(client.get("/en/search/feed.atom?q=digital&theme=chuyen-doi-so").content)
    self_link = root.find("{http://www.w3.org/2005/Atom}link[@rel='self']")
    assert self_link.get("href") == "http://testserver/en/search/feed.atom?q=digital&theme=chuyen-doi-so"
    assert _feed(client, "en").feed.title == f"Search results — {site['homes']['en'].title}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_entries_carry_summary_date_author_and_a_stable_id(client, db, site, fmt):
    pages = site["pages"]
    entries = {entry.link: entry for entry in _feed(client, "vi", fmt, directive="380-CV/ĐU").entries}
    latest = {entry.link: entry for entry in _parse(client.get(f"/feeds/latest.{fmt}")).entries}

    article = entries[f"http://testserver{pages['article'].url}"]
    assert html.unescape(article.summary) == pages["article"].summary
    assert article.published_parsed[:5] == (2025, 8, 25, 2, 0)  # 09:00 in Hanoi
    dispatch = entries[f"http://testserver{pages['380'].url}"]
    assert dispatch.author == IssuingBody.objects.get(abbreviation="ĐU").name_vi  # the issuing body
    for link, entry in entries.items():
        assert entry.id == latest[link].id


def test_search_in_every_language_marks_each_entry_with_its_language(client, db, site):
    response = client.get("/en/search/feed.atom", {"locale": "all", "q": "57"})
    root = ET.fromstring(response.content)
    atom, lang = "{http://www.w3.org/2005/Atom}", "{http://www.w3.org/XML/1998/namespace}lang"

    languages = {entry.get(lang) for entry in root.findall(atom + "entry")}
    assert languages == {None, "vi", "uk"}  # None: English, the feed's own language
    assert _parse(response).entries


def test_feed_names_the_xslt_stylesheet(client, db, site):
    content = client.get("/uk/search/feed.rss?q=57").content.decode()

    assert content.index('<?xml-stylesheet href="/uk/feeds/style.xsl"') < content.index("<rss")


# --- bad input, outages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"date_from": "2025-13-45"},
        {"kind": "bogus"},
        {"directive": "không phải số"},
        {"locale": "fr"},
        {"page": "0"},
        {"q": "x" * 501},
    ],
)
@pytest.mark.parametrize("language", ["en", "uk"])
def test_bad_parameters_are_refused_with_the_pages_message(client, db, site, params, language):
    response = client.get(_url("search_feed_atom", language), params)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().strip().split("\n")
    page_errors = _page_errors(client, _url("search", language), params)
    assert page_errors and lines[1:] == page_errors


def test_bad_parameter_message_is_in_the_visitors_language(client, db, site):
    english = client.get("/en/search/feed.rss", {"year": "abc"}).content.decode()
    ukrainian = client.get("/uk/search/feed.rss", {"year": "abc"}).content.decode()

    assert "Year" in english
    assert english.split("\n")[1] != ukrainian.split("\n")[1]


@pytest.fixture
def engine_down(settings):
    """The Elasticsearch backend on the discard port: nothing listens, every request is refused."""
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    get_backend.cache_clear()
    yield
    get_backend.cache_clear()


@pytest.mark.parametrize("fmt", FORMATS)
def test_engine_outage_is_503_with_a_message(client, db, site, engine_down, caplog, fmt):
    with caplog.at_level(logging.ERROR, logger="search.feeds"):
        response = client.get(f"/en/search/feed.{fmt}", {"q": "57"})

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.content.decode().strip() == "Search is temporarily unavailable. Please try again shortly."
    assert "search unavailable" in caplog.text


def test_bad_parameters_are_refused_before_the_engine_is_asked(client, db, site, engine_down):
    assert client.get("/en/search/feed.atom", {"year": "abc"}).status_code == 400


HOSTILE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(['"', "*", "NEAR(", "-", "AND", "a AND OR b", "((((", "title:x", "\x00", "x" * 10_000]),
)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(q=HOSTILE, other=st.text(max_size=20))
def test_any_input_gives_a_feed_or_a_400(client, db, site, q, other):
    params = {"q": q, "page": other, "year": other, "theme": q[:30], "directive": other, "date_to": other}
    for fmt in FORMATS:
        response = client.get(f"/en/search/feed.{fmt}", params)
        assert response.status_code in (200, 400), (q, other, response.status_code)
        if response.status_code == 200:
            assert feedparser.parse(response.content).bozo == 0


def test_control_characters_in_the_query_are_left_out_of_the_title(client, db, site):
    for fmt in FORMATS:
        response = client.get(f"/en/search/feed.{fmt}", {"q": "chuyển\x01 đổi\x0b số\x1f"})
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert parsed.bozo == 0
        assert "“chuyển đổi số”" in parsed.feed.title


def test_invalid_utf8_in_the_address_is_harmless(client, db, site):
    for url in ("/search/feed.atom?q=%ff%fe", "/en/search/feed.rss?q=%c3%28"):
        assert client.get(url).status_code == 200, url


# --- nothing that must stay private ----------------------------------------------------------------------


def _links(client, language: str = "vi", **params) -> set[str]:
    links = set()
    for fmt in FORMATS:
        links |= {entry.link for entry in _feed(client, language, fmt, **params).entries}
    return links


def test_unpublished_page_leaves_the_feed(client, db, site, restore_index, django_capture_on_commit_callbacks):
    article = ArticlePage.objects.get(pk=site["pages"]["article"].pk)
    url = f"http://testserver{article.url}"
    assert url in _links(client) and url in _links(client, q="Petrovietnam")

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()

    assert url not in _links(client) | _links(client, q="Petrovietnam") | _links(client, theme="chuyen-doi-so")


@pytest.mark.parametrize("restricted", ["article", "article_index"])
def test_restricted_page_or_section_leaves_the_feed(
    client, db, site, restore_index, django_capture_on_commit_callbacks, restricted
):
    url = f"http://testserver{site['pages']['article'].url}"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=Page.objects.get(pk=site["pages"][restricted].pk), restriction_type="password", password="x"
        )

    assert url not in _links(client) | _links(client, q="Petrovietnam") | _links(client, directive="380-CV/ĐU")


def test_draft_and_draft_changes_are_not_in_the_feed(
    client, db, site, restore_index, django_capture_on_commit_callbacks
):
    pages = site["pages"]
    with django_capture_on_commit_callbacks(execute=True):
        draft = ArticlePage(title="Bản nháp bí mật", slug="ban-nhap-bi-mat", live=False, summary="Nháp")
        Page.objects.get(pk=pages["article_index"].pk).add_child(instance=draft)
        draft.save_revision()
        live = ArticlePage.objects.get(pk=pages["article"].pk)
        live.title = "Tiêu đề nháp mới"
        live.save_revision()

    titles = {entry.title for fmt in FORMATS for entry in _feed(client, "vi", fmt).entries}
    assert "Bản nháp bí mật" not in titles and "Tiêu đề nháp mới" not in titles
    assert _feed(client, q="nháp bí mật").entries == []


def test_alias_copy_is_not_in_the_feed(client, db, site, locales, restore_index, django_capture_on_commit_callbacks):
    pages = site["pages"]
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticlePage(title="Chỉ có tiếng Việt", slug="chi-tieng-viet", summary="Tóm tắt")
        Page.objects.get(pk=pages["article_index"].pk).add_child(instance=article)
        article.save_revision().publish()
        alias = article.copy_for_translation(locales["uk"], copy_parents=False, alias=True)
    assert alias.live

    assert "Chỉ có tiếng Việt" in {entry.title for entry in _feed(client, "vi").entries}
    assert "Chỉ có tiếng Việt" not in {entry.title for entry in _feed(client, "uk").entries}
    everywhere = _links(client, "uk", q="Chỉ có tiếng Việt", locale="all")
    assert f"http://testserver{article.url}" in everywhere
    assert not any("/uk/" in link and "chi-tieng-viet" in link for link in everywhere)


# --- bounded queries ---------------------------------------------------------------------------------------


def test_query_count_does_not_grow_with_items(client, db, site, django_assert_max_num_queries):
    client.get("/en/search/feed.atom")
    with CaptureQueriesContext(connection) as few:
        assert 1 <= len(_feed(client, "en", directive="380-CV/ĐU").entries) <= 3
    with django_assert_max_num_queries(4), CaptureQueriesContext(connection) as many:
        assert len(_feed(client, "en").entries) >= 8
    assert len(many) == len(few)


# --- the page links its twin -------------------------------------------------------------------------------


def test_search_page_links_its_feed_twin_with_the_same_query(client, db, site):
    soup = BeautifulSoup(
        client.get("/en/search/", {"q": "57", "theme": "chuyen-doi-so", "page": "2"}).content, "html.parser"
    )

    atom = soup.select_one('head link[rel="alternate"][type="application/atom+xml"]')
    rss = soup.select_one('head link[rel="alternate"][type="application/rss+xml"]')
    assert atom["href"] == "/en/search/feed.atom?q=57&theme=chuyen-doi-so"
    assert rss["href"] == "/en/search/feed.rss?q=57&theme=chuyen-doi-so"
    assert atom["title"] == "Search results for “57” (Atom)"
    subscribe = soup.select_one("main .feed-links a[type='application/atom+xml']")
    assert subscribe.get_text() == "Subscribe to this search"
    assert subscribe["href"] == atom["href"]
    assert _parse(client.get(atom["href"])).entries


def test_empty_search_page_links_the_latest_items_feed(client, db, site):
    soup = BeautifulSoup(client.get("/uk/search/").content, "html.parser")

    links = [link["href"] for link in soup.select('head link[rel="alternate"][type="application/atom+xml"]')]
    assert links == ["/uk/search/feed.atom", "/uk/feeds/latest.atom"]
