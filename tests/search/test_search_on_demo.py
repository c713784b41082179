"""Search on the demo content, end to end: URL → query parsing → embedded index → JSON and HTML."""

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, PageViewRestriction

from articles.models import ArticlePage, DirectivePage
from search.backends import get_backend
from search.indexing import iter_documents
from search.query import SearchForm


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[list]:
    """The demo site, loaded once for the module and indexed; rolled back at the end.

    Yields the indexed documents, so a test that changes the index can put it back.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo")
        documents = list(iter_documents())
        get_backend().rebuild(documents)
        yield documents
        transaction.set_rollback(True)
    get_backend().clear()


@pytest.fixture
def restore_index(demo):
    """For tests that change what is indexed: the database change is rolled back, so is this."""
    yield
    get_backend().rebuild(demo)


QUERIES_PER_SEARCH = {"/api/search/": 0, "/search/": 3, "/en/search/": 3}
"""Database queries of a search once the facet label tables are cached: the index answers everything;
the page adds its site, locale and home page for the header and language switcher."""


def _api(client, **params) -> dict:
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


@pytest.mark.parametrize(
    ("query", "number"),
    [
        ("380-CV/ĐU", "380-CV/ĐU"),
        ("Số 380 -CV/ĐU", "380-CV/ĐU"),
        ("380-CV/DU", "380-CV/ĐU"),
        ("380 cv du", "380-CV/ĐU"),
        ("380–cv/đu", "380-CV/ĐU"),
        ("Công văn 380", "380-CV/ĐU"),
        ("57NQ-TW", "57-NQ/TW"),
        ("NQ 57", "57-NQ/TW"),
        ("Резолюція 57-NQ/TW", "57-NQ/TW"),
        ("02-KH/BCĐTW", "02-KH/BCĐTW"),
        ("03/CTr-ĐU", "03/CTr-ĐU"),
        ("208-QĐ/ĐU", "208-QĐ/ĐU"),
    ],
)
def test_every_spelling_finds_its_directive_first(client, db, demo, query, number):
    data = _api(client, q=query, locale="vi")

    assert data["results"], query
    assert data["results"][0]["directive_number"] == number


def test_exact_number_is_a_direct_hit_and_citing_items_follow(client, db, demo):
    data = _api(client, q="380-CV/ĐU", locale="vi")

    assert data["exact"]["directive_number"] == "380-CV/ĐU"
    kinds = {result["kind"] for result in data["results"][1:]}
    assert "article" in kinds  # the Petrovietnam article cites it


def test_direct_hit_is_in_the_visitors_language(client, db, demo):
    data = client.get("/api/search/", {"q": "380-CV/ĐU", "locale": "en"}, HTTP_ACCEPT_LANGUAGE="en").json()

    english = DirectivePage.objects.get(number_key="380-cv-du", locale__language_code="en")
    assert data["exact"]["url"] == english.url


def test_words_without_accents_find_the_same_items(client, db, demo):
    folded = _api(client, q="chuyen doi so", locale="vi", per_page=50)
    accented = _api(client, q="chuyển đổi số", locale="vi", per_page=50)

    assert 0 < folded["total"] == accented["total"] <= 50
    # The same items; typed tones only reorder them (exact tones rank first).
    assert {r["url"] for r in folded["results"]} == {r["url"] for r in accented["results"]}


def test_a_typo_finds_the_items_of_the_word_and_suggests_it(client, db, demo):
    data = _api(client, q="Petrovietnamm", locale="vi")

    assert data["corrected"] is True
    assert data["suggestion"] == "Petrovietnam"
    assert data["total"] == _api(client, q="Petrovietnam", locale="vi")["total"] > 0
    assert _api(client, q="Petrovietnam", locale="vi")["suggestion"] is None


def test_the_page_offers_the_suggestion_as_a_link_keeping_the_filters(client, db, demo):
    soup = BeautifulSoup(client.get("/search/", {"q": "Petrovietnamm", "kind": "article"}).content, "html.parser")

    link = soup.select_one(".did-you-mean a")
    assert link.get_text() == "Petrovietnam"
    assert "q=Petrovietnam&" in link["href"] + "&" and "kind=article" in link["href"]
    assert soup.select(".result")


def test_a_themes_label_in_any_language_finds_the_items_filed_under_it(client, db, demo):
    from articles.models import Theme

    theme = Theme.objects.get(slug="chuyen-doi-so")
    filed = _api(client, theme="chuyen-doi-so", locale="vi", per_page=50)
    for label in (theme.name_vi, theme.name_en, theme.name_uk):
        found = _api(client, q=label, locale="vi", per_page=50)
        assert {r["url"] for r in filed["results"]} <= {r["url"] for r in found["results"]}, label


def test_results_come_before_the_filters_labelled_in_the_pages_language(client, db, demo):
    from django.utils import translation

    for prefix, language in (("", "vi"), ("/uk", "uk"), ("/en", "en")):
        soup = BeautifulSoup(client.get(f"{prefix}/search/", {"q": "380 cv du"}).content, "html.parser")
        layout = soup.select_one(".search-layout")
        assert [child.name for child in layout.find_all(recursive=False)] == ["section", "aside"]
        assert "results" in layout.section["class"] and "facets" in layout.aside["class"]
        panel = layout.aside.select_one("details.filters")
        assert panel.has_attr("open") and panel["data-collapse-below"]  # filters.js closes it on phones
        with translation.override(language):
            directive = str(translation.pgettext("directive type", "Directive"))
            kind = str(dict(SearchForm.base_fields["kind"].choices)["directive"])
        badges = [badge.get_text() for badge in soup.select(".result .badge")]
        assert any(badge.startswith(kind) for badge in badges), (language, badges, directive)
        assert not any(badge.startswith("directive") for badge in badges) or language == "en"


def test_nothing_found_offers_the_search_without_filters_or_tones_and_themes(client, db, demo):
    soup = BeautifulSoup(client.get("/search/", {"q": "Quxwyzz đảng", "kind": "article"}).content, "html.parser")

    help_ = soup.select_one(".zero-results")
    links = {a.get_text(strip=True): a["href"] for a in help_.select("a")}
    assert links.get(next(text for text in links if "Quxwyzz dang" in text)) == "?q=Quxwyzz+dang&kind=article"
    assert "?q=Quxwyzz+%C4%91%E1%BA%A3ng" in links.values()  # without the filter
    assert any(href.startswith("?theme=") for href in links.values())


def test_theme_and_directive_filters_combine(client, db, demo):
    both = _api(client, directive="380-CV/ĐU", theme="chuyen-doi-so", locale="vi")
    directive_only = _api(client, directive="380-CV/ĐU", locale="vi")

    assert 0 < both["total"] <= directive_only["total"]
    assert all("chuyen-doi-so" in {t["slug"] for t in r["themes"]} for r in both["results"])


def test_facets_come_with_counts_and_labels(client, db, demo):
    data = _api(client, q="", locale="vi")

    kinds = {facet["value"]: facet["count"] for facet in data["facets"]["kind"]}
    assert kinds["directive"] == DirectivePage.objects.live().filter(locale__language_code="vi").count()
    assert all(facet["label"] for facet in data["facets"]["theme"])


def test_unpublished_page_disappears_from_search_at_once(
    client, db, demo, restore_index, django_capture_on_commit_callbacks
):
    article = ArticlePage.objects.get(locale__language_code="vi", slug="petrovietnam-huong-ung-cong-van-380")
    assert article.url in {r["url"] for r in _api(client, q="Petrovietnam", locale="vi")["results"]}

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()

    assert article.url not in {r["url"] for r in _api(client, q="Petrovietnam", locale="vi")["results"]}


def test_restricted_page_is_never_returned(client, db, demo, restore_index, django_capture_on_commit_callbacks):
    article = ArticlePage.objects.get(locale__language_code="vi", slug="petrovietnam-huong-ung-cong-van-380")
    section = Page.objects.get(pk=article.get_parent().pk)

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=section, restriction_type="password", password="secret")

    urls = {r["url"] for r in _api(client, q="Petrovietnam", locale="vi")["results"]}
    assert article.url not in urls


def test_draft_changes_are_not_searchable(client, db, demo, restore_index, django_capture_on_commit_callbacks):
    article = ArticlePage.objects.get(locale__language_code="vi", slug="petrovietnam-huong-ung-cong-van-380")
    article.title = "Bản nháp bí mật Quxwyz chưa xuất bản"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision()

    assert _api(client, q="Quxwyz", locale="vi")["total"] == 0
    assert article.url not in {r["url"] for r in _api(client, q="Bản nháp bí mật Quxwyz", locale="vi")["results"]}


def test_search_page_renders_results_and_the_direct_hit(client, db, demo):
    response = client.get("/search/", {"q": "380 cv du"})

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".direct-hit a")["href"].endswith("/")
    assert soup.select(".result")


def test_english_search_page_speaks_english(client, db, demo):
    soup = BeautifulSoup(client.get("/en/search/", {"q": "digital"}).content, "html.parser")

    assert soup.html["lang"] == "en"
    assert soup.select(".result")


HOSTILE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        ['"', "*", "NEAR(", "-", "AND", "OR", "a AND OR b", "🙂🙂", "((((", "title:x", "\x00", "x" * 10_000]
    ),
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(q=HOSTILE, page=st.one_of(st.integers(), st.text(max_size=20)))
def test_any_input_gives_a_valid_answer(client, db, demo, q, page):
    for url in ("/api/search/", "/search/", "/en/search/"):
        response = client.get(url, {"q": q, "page": page, "per_page": page, "year": q[:10], "theme": q[:30]})
        assert response.status_code == 200, (url, q, page)


def test_invalid_utf8_in_the_url_is_harmless(client, db, demo):
    for url in ("/api/search/?q=%ff%fe", "/search/?q=%c3%28", "/api/search/?page=%ff"):
        assert client.get(url).status_code == 200, url


def test_page_past_the_end_is_empty_and_a_huge_one_is_reported(client, db, demo):
    assert _api(client, q="", page="999")["results"] == []

    data = _api(client, q="", page="999999999")
    assert data["page"] == 1
    assert data["errors"]


def test_suggestions_complete_titles_as_you_type(client, db, demo):
    data = client.get("/api/search/suggest/", {"q": "petrov", "locale": "vi"}).json()

    assert any("Petrovietnam" in title for title in data["suggestions"])


def test_search_page_offers_suggestions_without_requiring_javascript(client, db, demo):
    soup = BeautifulSoup(client.get("/search/").content, "html.parser")

    box = soup.select_one("form[role=search] input[name=q]")
    assert box["data-suggestions"] == "search-suggestions"
    assert soup.find("ul", id="search-suggestions", role="listbox").has_attr("hidden")
    assert not box.has_attr("role"), "the script makes the box a combobox; without it the field is plain"
    assert soup.select_one("form[role=search]")["method"] == "get"


def test_api_answers_in_the_clients_language_by_default(client, db, demo):
    data = client.get("/api/search/", {"q": "380-CV/ĐU"}, HTTP_ACCEPT_LANGUAGE="uk").json()

    assert {result["locale"] for result in data["results"]} == {"uk"}
    assert data["exact"]["locale"] == "uk"


def test_facet_links_add_a_second_theme_and_keep_the_other_filters(client, db, demo):
    soup = BeautifulSoup(
        client.get("/search/", {"q": "chuyển đổi số", "theme": "chuyen-doi-so"}).content, "html.parser"
    )

    links = {a.get_text(strip=True).lstrip("✓ "): a["href"] for a in soup.select(".facets a")}
    active = soup.select_one('.facets a[aria-current="true"]')
    assert active is not None and "chuyen-doi-so" not in active["href"]  # clicking it again removes it
    other = next(href for label, href in links.items() if "theme=" in href and href != active["href"])
    assert other.count("theme=") == 2 and "q=" in other


def test_building_documents_costs_the_same_queries_for_more_pages(db, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import ArticleIndexPage, Theme

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            list(iter_documents())
        return len(captured)

    queries()  # renditions and content types are cached after the first build
    before = queries()
    index = ArticleIndexPage.objects.filter(locale__language_code="vi").first()
    directive = DirectivePage.objects.get(locale__language_code="vi", number_key="380-cv-du")
    for number in range(15):
        article = ArticlePage(
            title=f"Tin {number}",
            slug=f"tin-them-{number}",
            body=[("paragraph", "<p>Thực hiện 57-NQ/TW.</p>")],
            related_directives=[directive],
            themes=list(Theme.objects.all()[:2]),
        )
        index.add_child(instance=article)

    assert queries() == before


def test_facet_labels_follow_a_renamed_theme(client, db, demo):
    from articles.models import Theme

    theme = Theme.objects.get(slug="chuyen-doi-so")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the API answers in the client's language
    before = {f["value"]: f["label"] for f in _api(client, q="", locale="en")["facets"]["theme"]}
    assert before["chuyen-doi-so"] == theme.name_en

    theme.name_en = "Going digital"
    theme.save()

    after = {f["value"]: f["label"] for f in _api(client, q="", locale="en")["facets"]["theme"]}
    assert after["chuyen-doi-so"] == "Going digital"


@pytest.mark.parametrize("path", QUERIES_PER_SEARCH)
def test_search_answers_in_a_bounded_number_of_queries(client, db, demo, path, django_assert_max_num_queries):
    params = {"q": "chuyển đổi số 57-NQ/TW", "theme": "chuyen-doi-so", "kind": "article"}
    client.get(path, params)  # label tables are cached from here on
    with django_assert_max_num_queries(QUERIES_PER_SEARCH[path]):
        response = client.get(path, {**params, "kind": "directive", "sort": "newest"})
    assert response.status_code == 200
