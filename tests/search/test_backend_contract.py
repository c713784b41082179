"""The one contract every search backend passes: Tantivy always, Elasticsearch when a server is given.

Each test states a behaviour visitors and editors rely on, on a small corpus in vi/en/uk shaped
like the real content: directives with their numbers, articles and media citing them, themes and
issuing bodies labelled in three languages. No database is needed.
"""

import os
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.backends.base import FACETS, SearchBackend, SearchQuery, SearchResults
from search.documents import Label, SearchDocument

BACKENDS = ["tantivy", "elasticsearch"]

# --- The corpus -----------------------------------------------------------------------------------

DIGITAL = Label("chuyen-doi-so", {"vi": "Chuyển đổi số", "en": "Digital transformation", "uk": "Цифрова трансформація"})
PARTY = Label("xay-dung-dang", {"vi": "Xây dựng Đảng", "en": "Party building", "uk": "Партійне будівництво"})
WELFARE = Label("an-sinh-xa-hoi", {"vi": "An sinh xã hội", "en": "Social welfare", "uk": "Соціальний захист"})
CENTRAL = Label("tw", {"vi": "Ban Chấp hành Trung ương", "en": "Central Committee", "uk": "Центральний комітет"})
GOVERNMENT_PARTY = Label(
    "dang-uy-chinh-phu", {"vi": "Đảng ủy Chính phủ", "en": "Government Party Committee", "uk": "Партком уряду"}
)
RESOLUTION = Label("nghi-quyet", {"vi": "Nghị quyết", "en": "Resolution", "uk": "Резолюція"})
DISPATCH = Label("cong-van", {"vi": "Công văn", "en": "Official dispatch", "uk": "Службовий лист"})


def _doc(id: int, locale: str, kind: str, title: str, **fields) -> SearchDocument:
    prefix = "" if locale == "vi" else f"/{locale}"
    fields.setdefault("translation_key", f"item-{id}")
    fields.setdefault("version", f"rev-{id}")
    return SearchDocument(id=id, locale=locale, kind=kind, title=title, url=f"{prefix}/items/{id}/", **fields)


CORPUS: tuple[SearchDocument, ...] = (
    _doc(
        1,
        "vi",
        "directive",
        "Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ và chuyển đổi số quốc gia",
        translation_key="nq-57",
        summary="Bộ Chính trị xác định khoa học, công nghệ và chuyển đổi số là đột phá quan trọng hàng đầu.",
        body="Nghị quyết đặt mục tiêu đến năm 2030 đưa nước ta vào nhóm dẫn đầu về đổi mới sáng tạo.",
        directive_number="57-NQ/TW",
        directive_key="57-nq-tw",
        themes=(DIGITAL,),
        issuer=CENTRAL,
        document_type=RESOLUTION,
        status="in_force",
        date=date(2024, 12, 22),
        first_published_at=datetime(2025, 1, 3, 8, 30, tzinfo=UTC),
    ),
    _doc(
        2,
        "en",
        "directive",
        "Resolution 57-NQ/TW on breakthroughs in science, technology and national digital transformation",
        translation_key="nq-57",
        summary="The Politburo names science, technology and digital transformation as the foremost breakthrough.",
        body="The resolution sets targets for 2030 and asks every Party organisation to lead by example.",
        directive_number="57-NQ/TW",
        directive_key="57-nq-tw",
        themes=(DIGITAL,),
        issuer=CENTRAL,
        document_type=RESOLUTION,
        date=date(2024, 12, 22),
    ),
    _doc(
        3,
        "uk",
        "directive",
        "Резолюція 57-NQ/TW про прорив у науці, технологіях і цифровій трансформації",
        translation_key="nq-57",
        summary="Політбюро визначило науку, технології та цифрову трансформацію головним проривом.",
        body="Цифрова трансформація охоплює кожну партійну організацію до 2030 року.",
        directive_number="57-NQ/TW",
        directive_key="57-nq-tw",
        themes=(DIGITAL,),
        issuer=CENTRAL,
        document_type=RESOLUTION,
        date=date(2024, 12, 22),
    ),
    _doc(
        4,
        "vi",
        "directive",
        "Công văn số 380-CV/ĐU về tuyên truyền thực hiện Nghị quyết 57-NQ/TW",
        summary="Đảng ủy Chính phủ hướng dẫn các đảng bộ trực thuộc tổ chức tuyên truyền.",
        body="Các cấp ủy xây dựng kế hoạch tuyên truyền, báo cáo kết quả trước ngày 30 tháng 9.",
        directive_number="380-CV/ĐU",
        directive_key="380-cv-du",
        cited_numbers=("57-NQ/TW",),
        cited_keys=("57-nq-tw",),
        themes=(PARTY, DIGITAL),
        issuer=GOVERNMENT_PARTY,
        document_type=DISPATCH,
        status="replaced",
        date=date(2025, 8, 18),
    ),
    _doc(
        5,
        "vi",
        "article",
        "Tập đoàn triển khai chuyển đổi số trong công tác Đảng",
        summary="Đảng ủy Tập đoàn ban hành kế hoạch truyền thông về chuyển đổi số.",
        body="Thực hiện Nghị quyết 57-NQ/TW và Công văn 380-CV/ĐU, các chi bộ số hóa hồ sơ đảng viên.",
        cited_numbers=("57-NQ/TW", "380-CV/ĐU"),
        cited_keys=("57-nq-tw", "380-cv-du"),
        themes=(DIGITAL, PARTY),
        date=date(2025, 8, 25),
    ),
    _doc(
        6,
        "vi",
        "video",
        "Chi bộ học tập nghị quyết trên nền tảng trực tuyến",
        summary="Buổi sinh hoạt chuyên đề kết nối 709 điểm cầu.",
        transcript="Đồng chí bí thư Đảng ủy phát biểu: mỗi đảng viên cần chủ động học tập trên nền tảng số.",
        cited_numbers=("380-CV/ĐU",),
        cited_keys=("380-cv-du",),
        themes=(PARTY,),
        date=date(2023, 10, 4),
    ),
    _doc(
        7,
        "en",
        "article",
        "Transforming public services with online platforms",
        summary="Party cells are transforming how members study resolutions.",
        body="Following Resolution 57-NQ/TW, branches moved their records online and trained members.",
        cited_numbers=("57-NQ/TW",),
        cited_keys=("57-nq-tw",),
        themes=(DIGITAL,),
        date=date(2025, 2, 10),
    ),
    _doc(
        8,
        "uk",
        "article",
        "Цифрова грамотність у партійних осередках",
        summary="Осередки навчають своїх членів працювати з електронними документами.",
        body="Їхні працівники йдуть на навчання щотижня; єдиний портал і ґрунтовна підготовка допомагають.",
        cited_numbers=("57-NQ/TW",),
        cited_keys=("57-nq-tw",),
        themes=(DIGITAL,),
        date=date(2025, 3, 14),
    ),
    _doc(
        9,
        "vi",
        "article",
        "An ninh mạng trong các cơ quan Đảng",
        summary="Bảo vệ dữ liệu của tổ chức trước các cuộc tấn công.",
        body="Cơ quan cần rà soát máy chủ thường xuyên và đào tạo cán bộ phụ trách công nghệ thông tin.",
        themes=(PARTY,),
        date=date(2024, 5, 20),
    ),
    _doc(
        10,
        "vi",
        "audio",
        "Bản tin an sinh xã hội tháng năm",
        summary="Chính sách hỗ trợ người lao động và hộ nghèo.",
        transcript="Bản tin điểm qua chính sách bảo hiểm, việc làm và cuối cùng nhắc đến an ninh mạng một lần.",
        themes=(WELFARE,),
        date=date(2024, 5, 28),
    ),
    _doc(
        11,
        "vi",
        "article",
        "Hướng dẫn an toàn thông tin cho đảng viên",
        summary="Những điều cần biết khi dùng thư điện tử.",
        body="Không mở tệp lạ như <script>alert('xss')</script> hay <b>liên kết</b> rút gọn; "
        "hãy báo ngay cho bộ phận an toàn thông tin của cơ quan.",
        themes=(PARTY,),
        date=date(2025, 6, 1),
    ),
)
BY_ID = {doc.id: doc for doc in CORPUS}

# --- Backends -------------------------------------------------------------------------------------


@contextmanager
def make_backend(name: str, directory: Path) -> Iterator[SearchBackend]:
    if name == "tantivy":
        from search.backends.tantivy import TantivyBackend

        backend = TantivyBackend(directory / "index")
        backend.clear()  # only a rebuild makes an index
        yield backend
        return
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.skip("ELASTICSEARCH_URL is not set: Elasticsearch contract tests need a server")
    from search.backends.elasticsearch import ElasticsearchBackend

    index_name = f"contract-{uuid.uuid4().hex[:12]}"
    try:
        yield ElasticsearchBackend(url, index_name)
    finally:
        _drop_elasticsearch_indices(url, index_name)


def _drop_elasticsearch_indices(url: str, name: str) -> None:
    """Every concrete index behind the test's alias (wildcard deletes are refused by default)."""
    from elasticsearch import Elasticsearch

    client = Elasticsearch(url)
    try:
        for concrete in client.indices.get(index=f"{name}*", ignore_unavailable=True, allow_no_indices=True):
            client.indices.delete(index=concrete, ignore_unavailable=True)
    finally:
        client.close()


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request, tmp_path_factory) -> Iterator[SearchBackend]:
    """A backend holding the corpus, shared by the read-only tests of the module."""
    with make_backend(request.param, tmp_path_factory.mktemp(request.param)) as backend:
        backend.rebuild(CORPUS)
        yield backend


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path) -> Iterator[SearchBackend]:
    """A fresh backend holding the corpus, for tests that change the index."""
    with make_backend(request.param, tmp_path) as fresh:
        fresh.index(CORPUS)
        yield fresh


def ids(results: SearchResults) -> list[int]:
    return [hit.document.id for hit in results.hits]


def search(backend: SearchBackend, **params) -> SearchResults:
    params.setdefault("per_page", 50)
    return backend.search(SearchQuery(**params))


def found(backend: SearchBackend, **params) -> set[int]:
    return set(ids(search(backend, **params)))


def expected(predicate: Callable[[SearchDocument], bool]) -> set[int]:
    return {doc.id for doc in CORPUS if predicate(doc)}


# --- Documents round-trip -------------------------------------------------------------------------


def test_hits_carry_the_indexed_document_exactly(loaded):
    results = search(loaded)
    assert results.total == len(CORPUS)
    for hit in results.hits:
        assert hit.document == BY_ID[hit.document.id]
        assert hit.document.version == BY_ID[hit.document.id].version


def test_count_and_versions_describe_the_index(loaded):
    assert loaded.count() == len(CORPUS)
    assert dict(loaded.versions()) == {doc.id: doc.version for doc in CORPUS}


# --- Languages ------------------------------------------------------------------------------------


def test_vietnamese_is_found_with_or_without_tone_marks_and_in_any_case(loaded):
    accented = found(loaded, text="Đảng ủy")
    assert accented == found(loaded, text="dang uy") == found(loaded, text="DANG UY") == found(loaded, text="đảng Ủy")
    assert {4, 5, 6} <= accented
    assert 9 not in accented


def test_folded_and_accented_phrases_find_the_same_items(loaded):
    assert found(loaded, text="chuyen doi so") == found(loaded, text="chuyển đổi số")
    assert {1, 5} <= found(loaded, text="chuyen doi so")


def test_every_word_must_match(loaded):
    assert found(loaded, text="an ninh mạng tuyên truyền") == set()
    assert found(loaded, text="an ninh mạng") == {9, 10}


def test_english_words_are_stemmed(loaded):
    assert {2, 7} <= found(loaded, text="transforming", locale="en")
    assert 2 in found(loaded, text="transformations")


def test_ukrainian_is_lower_cased_but_keeps_its_letters(loaded):
    assert {3, 8} <= found(loaded, text="цифрова")
    assert found(loaded, text="ЦИФРОВА") == found(loaded, text="цифрова")
    assert found(loaded, text="їхні") == {8}
    assert found(loaded, text="йдуть") == {8}
    assert found(loaded, text="єдиний ґрунтовна") == {8}
    # ї and й are letters of their own, not accented и/і.
    assert found(loaded, text="іхні") == set()
    assert found(loaded, text="идуть") == set()


def test_the_locale_narrows_to_one_language(loaded):
    assert found(loaded, text="57", locale="en") <= expected(lambda d: d.locale == "en")
    assert found(loaded, locale="uk") == expected(lambda d: d.locale == "uk")


def test_a_match_in_the_title_ranks_above_one_in_the_body(loaded):
    assert ids(search(loaded, text="an ninh mạng"))[0] == 9


# --- Filters --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "predicate"),
    [
        ({"kinds": ("article",)}, lambda d: d.kind == "article"),
        ({"kinds": ("video", "audio")}, lambda d: d.kind in ("video", "audio")),
        ({"themes": ("xay-dung-dang",)}, lambda d: PARTY in d.themes),
        ({"themes": ("xay-dung-dang", "an-sinh-xa-hoi")}, lambda d: PARTY in d.themes or WELFARE in d.themes),
        ({"issuer": "tw"}, lambda d: d.issuer == CENTRAL),
        ({"document_type": "cong-van"}, lambda d: d.document_type == DISPATCH),
        ({"statuses": ("replaced",)}, lambda d: d.status == "replaced"),
        ({"statuses": ("replaced", "in_force")}, lambda d: d.status in ("replaced", "in_force")),
        ({"year": 2024}, lambda d: d.date and d.date.year == 2024),
        ({"date_from": date(2025, 1, 1)}, lambda d: d.date and d.date >= date(2025, 1, 1)),
        ({"date_to": date(2024, 12, 22)}, lambda d: d.date and d.date <= date(2024, 12, 22)),
        (
            {"date_from": date(2024, 5, 20), "date_to": date(2024, 5, 28)},
            lambda d: d.date and date(2024, 5, 20) <= d.date <= date(2024, 5, 28),
        ),
        ({"locale": "vi", "kinds": ("article",)}, lambda d: d.locale == "vi" and d.kind == "article"),
    ],
)
def test_filters_select_exactly_the_matching_items(loaded, params, predicate):
    results = search(loaded, **params)
    assert set(ids(results)) == expected(predicate)
    assert results.total == len(expected(predicate))


def test_filters_combine_with_text(loaded):
    # Theme labels in every language are indexed with the item: the English and Ukrainian articles
    # filed under "Chuyển đổi số" are found by its Vietnamese label too.
    assert found(loaded, text="chuyen doi so", kinds=("article",)) == expected(
        lambda d: d.kind == "article" and DIGITAL in d.themes
    )


def test_theme_and_directive_filters_combine(loaded):
    assert found(loaded, themes=("xay-dung-dang",), directive_keys=("57-nq-tw",)) == {4, 5}


def test_a_directive_number_finds_the_directive_first_then_items_citing_it(loaded):
    results = search(loaded, directive_keys=("57-nq-tw",))
    own = expected(lambda d: d.directive_key == "57-nq-tw")
    citing = expected(lambda d: "57-nq-tw" in d.cited_keys)
    assert set(ids(results)) == own | citing
    assert set(ids(results)[: len(own)]) == own


def test_a_directive_number_in_one_locale_puts_its_directive_first(loaded):
    results = search(loaded, directive_keys=("380-cv-du",), locale="vi")
    assert ids(results)[0] == 4
    assert set(ids(results)) == {4, 5, 6}


def test_own_number_outranks_citing_items_even_with_text(loaded):
    results = search(loaded, text="nghị quyết", directive_keys=("57-nq-tw",), locale="vi")
    assert ids(results)[0] == 1


# --- Sorting and pages ----------------------------------------------------------------------------


def test_newest_and_oldest_sort_by_the_items_date(loaded):
    newest = [hit.document.date for hit in search(loaded, sort="newest").hits]
    oldest = [hit.document.date for hit in search(loaded, sort="oldest").hits]
    assert newest == sorted((doc.date for doc in CORPUS), reverse=True)
    assert oldest == sorted(doc.date for doc in CORPUS)


def test_pages_partition_the_results_and_keep_the_total(loaded):
    vi = expected(lambda d: d.locale == "vi")
    pages = [search(loaded, locale="vi", sort="newest", per_page=3, page=page) for page in (1, 2, 3)]
    assert [len(page.hits) for page in pages] == [3, 3, len(vi) - 6]
    assert all(page.total == len(vi) for page in pages)
    seen = [pk for page in pages for pk in ids(page)]
    assert len(seen) == len(set(seen)) and set(seen) == vi


def test_a_page_beyond_the_end_is_empty_with_the_right_total(loaded):
    results = search(loaded, locale="vi", per_page=5, page=1000)
    assert results.hits == []
    assert results.total == len(expected(lambda d: d.locale == "vi"))


# --- Facets ---------------------------------------------------------------------------------------


def counts(results: SearchResults, facet: str) -> dict[str, int]:
    return {value.value: value.count for value in results.facets[facet]}


def corpus_counts(facet: str, docs: set[int]) -> dict[str, int]:
    values: Counter[str] = Counter()
    for pk in docs:
        doc = BY_ID[pk]
        values.update(
            {
                "theme": [theme.value for theme in doc.themes],
                "kind": [doc.kind],
                "year": [str(doc.date.year)] if doc.date else [],
                "issuer": [doc.issuer.value] if doc.issuer else [],
                "type": [doc.document_type.value] if doc.document_type else [],
                "status": [doc.status] if doc.status else [],
                "locale": [doc.locale],
            }[facet]
        )
    return dict(values)


def test_every_facet_is_answered_and_sorted_by_count_then_value(loaded):
    results = search(loaded)
    assert set(results.facets) == set(FACETS)
    for facet in FACETS:
        values = results.facets[facet]
        assert [(v.count, v.value) for v in values] == sorted(((v.count, v.value) for v in values), key=_by_count)
        assert counts(results, facet) == corpus_counts(facet, set(BY_ID))


def _by_count(pair: tuple[int, str]) -> tuple[int, str]:
    return -pair[0], pair[1]


def test_facets_count_under_every_other_filter(loaded):
    """Multi-select: a facet's own selection does not narrow its counts; the others do."""
    results = search(loaded, themes=("xay-dung-dang",), kinds=("article",), locale="vi")
    in_vi_articles = expected(lambda d: d.locale == "vi" and d.kind == "article")
    party_in_vi = expected(lambda d: d.locale == "vi" and PARTY in d.themes)
    party_articles = expected(lambda d: d.kind == "article" and PARTY in d.themes)
    everything = expected(lambda d: d.locale == "vi" and d.kind == "article" and PARTY in d.themes)
    assert counts(results, "theme") == corpus_counts("theme", in_vi_articles)
    assert counts(results, "kind") == corpus_counts("kind", party_in_vi)
    assert counts(results, "locale") == corpus_counts("locale", party_articles)
    assert counts(results, "year") == corpus_counts("year", everything)
    assert set(ids(results)) == everything


def test_facets_count_under_a_date_range(loaded):
    since_2025 = expected(lambda d: d.date is not None and d.date >= date(2025, 1, 1))
    results = search(loaded, date_from=date(2025, 1, 1), kinds=("article",))
    assert counts(results, "kind") == corpus_counts("kind", since_2025)
    assert counts(results, "theme") == corpus_counts("theme", {pk for pk in since_2025 if BY_ID[pk].kind == "article"})


def test_filter_values_are_never_read_as_query_syntax(loaded):
    """A value with quotes, a colon or a backslash filters (and counts) as the plain string it is."""
    for facet, params in (("issuer", {"issuer": 'tw" OR kind:"article'}), ("type", {"document_type": "nghi-quyet\\"})):
        results = search(loaded, **params)
        assert results.total == 0
        assert counts(results, "kind") == {}
        assert counts(results, facet) == corpus_counts(facet, set(BY_ID))  # its own filter does not narrow it


def test_the_language_facet_counts_matches_in_every_language(loaded):
    results = search(loaded, text="2030", locale="vi")
    assert ids(results) == [1]
    assert counts(results, "locale") == {"vi": 1, "en": 1, "uk": 1}


def test_facets_follow_the_text_and_directive(loaded):
    results = search(loaded, directive_keys=("380-cv-du",), year=2025)
    assert counts(results, "kind") == {"directive": 1, "article": 1}
    assert counts(results, "year") == {"2025": 2, "2023": 1}
    text = search(loaded, text="an ninh mạng")
    assert counts(text, "kind") == {"article": 1, "audio": 1}


# --- Snippets -------------------------------------------------------------------------------------


def _text_outside_marks(snippet: str) -> str:
    return snippet.replace("<mark>", "").replace("</mark>", "")


def test_snippets_mark_the_matched_words(loaded):
    hit = search(loaded, text="hồ sơ đảng viên").hits[0]
    assert hit.document.id == 5
    marked = re.findall(r"<mark>(.*?)</mark>", hit.snippet)
    assert {word.lower() for word in marked} >= {"hồ", "sơ"}


def test_snippets_mark_words_found_without_tone_marks(loaded):
    (hit,) = search(loaded, text="bi thu", kinds=("video",)).hits
    marked = re.findall(r"<mark>(.*?)</mark>", hit.snippet)
    assert any("bí" in word.lower() for word in marked)


def test_snippets_escape_the_documents_html(loaded):
    (hit,) = search(loaded, text="tệp lạ").hits
    assert hit.document.id == 11
    assert "<mark>" in hit.snippet
    assert "<script" not in hit.snippet and "<b>" not in hit.snippet
    assert "&lt;" in hit.snippet
    assert "<" not in _text_outside_marks(hit.snippet)


def test_snippets_are_escaped_when_nothing_is_highlighted(loaded):
    for hit in search(loaded).hits:
        assert "<" not in _text_outside_marks(hit.snippet)


# --- Search as you type ---------------------------------------------------------------------------


def test_the_last_word_is_a_prefix_when_asked(loaded):
    assert found(loaded, text="transfor") == set()
    assert {2, 7} <= found(loaded, text="transfor", prefix=True)
    assert {1, 5} <= found(loaded, text="chuyen doi s", prefix=True)
    assert found(loaded, text="an ninh mạn", prefix=True) == {9, 10}


def test_suggest_completes_titles_in_the_visitors_language(loaded):
    assert BY_ID[4].title in loaded.suggest("cong va", "vi")
    assert BY_ID[4].title in loaded.suggest("Công vă", "vi")
    assert set(loaded.suggest("transfor", "en")) == {BY_ID[2].title, BY_ID[7].title}
    assert BY_ID[8].title in loaded.suggest("цифр", "uk")
    assert loaded.suggest("цифр", "vi") == []


def test_suggest_respects_the_limit(loaded):
    assert len(loaded.suggest("c", None, limit=2)) == 2
    assert loaded.suggest("", "vi") == []


# --- Robustness -----------------------------------------------------------------------------------

NASTY = [
    '"',
    '"unclosed phrase',
    "*",
    "?",
    "NEAR(",
    "-",
    "--",
    "- dang",
    "AND",
    "OR OR",
    "dang AND OR NOT",
    "title:x",
    "id:1",
    "locale:[a TO z]",
    "(((",
    ")))",
    "{}[]^~:\\/",
    "a~2",
    "^5",
    "IN [a b]",
    "😀 🇻🇳",
    "\x00\x01\x1f\x7f",
    "\u200b\u200d\ufeff",
    "e\u0301\u0301\u0301",
    "x" * 10_000,
    "đ " * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
]


@pytest.mark.parametrize("text", NASTY)
@pytest.mark.parametrize("prefix", [False, True])
def test_any_text_is_answered(loaded, text, prefix):
    results = loaded.search(SearchQuery(text=text, prefix=prefix))
    assert isinstance(results, SearchResults)
    assert results.total >= len(results.hits)


WORD_PIECES = ["dang", "ủy", "chuyển", "transfor", "цифр", "їхні", "57-NQ/TW", "title:", "NEAR(", "😀"]
SYNTAX_PIECES = [*"\"'-+*?()[]{}:/\\", "^3", "~2", "\x00", "\n", " "]
OPERATOR_PIECES = ["AND", "OR", "NOT", "IN", "TO"]
QUERY_PIECES = st.sampled_from([*WORD_PIECES, *SYNTAX_PIECES, *OPERATOR_PIECES])
ANY_TEXT = (
    st.text(alphabet=st.characters(codec="utf-8"), max_size=10_000)
    | st.lists(QUERY_PIECES, max_size=40).map(" ".join)
    | st.lists(QUERY_PIECES, max_size=40).map("".join)
)


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, prefix=st.booleans(), locale=st.sampled_from([None, "vi", "en", "uk"]))
def test_arbitrary_text_never_raises(loaded, text, prefix, locale):
    results = loaded.search(SearchQuery(text=text, prefix=prefix, locale=locale))
    assert isinstance(results, SearchResults)
    assert results.total >= len(results.hits)
    assert set(results.facets) == set(FACETS)
    for hit in results.hits:
        assert "<" not in _text_outside_marks(hit.snippet)
    assert isinstance(loaded.suggest(text, locale), list)


@pytest.mark.parametrize("page", [2, 10_000, 10**12])
def test_far_pages_are_empty_not_errors(loaded, page):
    results = search(loaded, text="dang", page=page, per_page=20)
    assert results.hits == []
    assert results.total == len(found(loaded, text="dang"))


# --- Writing --------------------------------------------------------------------------------------


def test_indexing_an_existing_id_replaces_the_document(backend):
    changed = replace(BY_ID[9], title="Bảo mật dữ liệu trong cơ quan", version="rev-9b")
    backend.index([changed])
    assert backend.count() == len(CORPUS)
    assert found(backend, text="bảo mật dữ liệu") == {9}
    assert 9 not in found(backend, text="an ninh mạng")
    assert dict(backend.versions())[9] == "rev-9b"


def test_deleted_documents_disappear(backend):
    backend.delete([9, 10, 999_999])
    assert backend.count() == len(CORPUS) - 2
    assert found(backend, text="an ninh mạng") == set()
    assert 9 not in dict(backend.versions())


def test_rebuild_replaces_everything_and_counts(backend):
    subset = [doc for doc in CORPUS if doc.locale == "vi"]
    assert backend.rebuild(iter(subset)) == len(subset)
    assert backend.count() == len(subset)
    assert dict(backend.versions()) == {doc.id: doc.version for doc in subset}
    assert found(backend, locale="en") == set()


def test_clear_empties_the_index(backend):
    backend.clear()
    assert backend.count() == 0
    assert search(backend).total == 0
    backend.index(CORPUS[:2])
    assert backend.count() == 2
