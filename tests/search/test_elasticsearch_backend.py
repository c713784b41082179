"""The Elasticsearch backend without a server: index definition, request bodies, response parsing,
the rebuild's alias swap (against a recording fake client) and failure handling (a closed port).

Behaviour against a real server is the shared contract suite's job (tests/search/test_backend_contract.py,
run when ELASTICSEARCH_URL is set).
"""

import copy
import json
import logging
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from elasticsearch import ConnectionError as ESConnectionError

from search import relevance
from search.backends import elasticsearch as es
from search.backends.base import FACETS, FacetValue, SearchQuery, SearchUnavailable
from search.backends.elasticsearch import (
    ElasticsearchBackend,
    build_index,
    build_search,
    build_suggest,
    document_body,
    document_from_source,
    document_source,
    parse_response,
    render,
)
from search.documents import Label, SearchDocument
from search.snippets import Snippets

CLOSED_PORT = "http://127.0.0.1:9"  # the discard port: nothing listens, the connection is refused at once


def _document(**overrides: Any) -> SearchDocument:
    values: dict[str, Any] = {
        "id": 7,
        "translation_key": "5d1f0c5e-0000-4000-8000-000000000007",
        "locale": "vi",
        "kind": "directive",
        "title": "Nghị quyết về chuyển đổi số",
        "url": "/nghi-quyet-57/",
        "summary": "Đảng lãnh đạo",
        "body": "Nội dung <b>đầy đủ</b>",
        "directive_number": "57-NQ/TW",
        "directive_key": "57-nq-tw",
        "cited_numbers": ("03/CTr-ĐU",),
        "cited_keys": ("3-ctr-du",),
        "themes": (
            Label("chuyen-doi-so", {"vi": "Chuyển đổi số", "en": "Digital transformation", "uk": "Цифровізація"}),
        ),
        "issuer": Label("4", {"vi": "Ban Chấp hành Trung ương", "en": "Central Committee", "uk": "ЦК"}),
        "document_type": Label("NQ", {"vi": "Nghị quyết", "en": "Resolution", "uk": "Постанова"}),
        "status": "in_force",
        "date": date(2024, 12, 22),
        "first_published_at": datetime(2025, 1, 2, 8, 30, 15, 123456, tzinfo=UTC),
        "thumbnail_url": "",
        "version": "42",
    }
    values.update(overrides)
    return SearchDocument(**values)


def _body(**query: Any) -> dict[str, Any]:
    return build_search(SearchQuery(**query)).to_dict()


# --- Index definition --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index_body() -> dict[str, Any]:
    return build_index("directives-test").to_dict()


LANGUAGES = ("vi", "en", "uk")


def test_analysed_fields_are_the_embedded_backends_indexed_by_whitespace(index_body):
    analysis = index_body["settings"]["analysis"]
    assert analysis["analyzer"]["terms"] == {"type": "custom", "tokenizer": "whitespace"}
    properties = index_body["mappings"]["properties"]
    expected = {f"{part}_{language}" for part in relevance.TEXT_PARTS for language in LANGUAGES}
    assert expected == set(es.analysed_fields())
    for name in expected:
        positions = name.rsplit("_", 1)[0] in relevance.POSITIONS_PARTS  # phrases: only they need positions
        assert properties[name] == {
            "type": "text",
            "analyzer": "terms",
            **({} if positions else {"index_options": "freqs"}),
        }
    # The terms are sent with the document but not kept in _source, which holds the document itself.
    assert set(index_body["mappings"]["_source"]["excludes"]) == expected


@pytest.mark.parametrize("field", ["title", "summary", "body", "transcript"])
def test_raw_text_is_only_kept_in_source(index_body, field):
    assert index_body["mappings"]["properties"][field] == {"type": "text", "index": False}


def test_the_indexed_body_carries_the_shared_analysis():
    document = _document(
        locale="uk",
        title="Резолюція про цифрову трансформацію",
        summary="Памʼять і цифровi послуги",
        body="",
        themes=(Label("so", {"vi": "Chuyển đổi số", "en": "Digital transformation", "uk": "Цифрова трансформація"}),),
    )
    body = document_body(document)
    assert {key: value for key, value in body.items() if key in es.analysed_fields()} == relevance.document_fields(
        document
    )
    assert "резолюція про цифровий трансформація" in body["text_uk"]  # lemmas
    assert "пам\u02bcять і цифрові послуги" in body["exact_uk"]  # apostrophe and a Latin i made one spelling
    assert "chuyen doi so" in body["text_uk"]  # theme labels in every language, Latin folded
    assert not any(key.endswith(("_vi", "_en")) for key in body if key in es.analysed_fields())


@pytest.mark.parametrize(
    "path",
    [
        "translation_key",
        "locale",
        "language",
        "kind",
        "directive_key",
        "cited_keys",
        "year",
        "status",
        "version",
        "themes.value",
        "issuer.value",
        "document_type.value",
    ],
)
def test_keys_themes_and_facets_are_keywords(index_body, path):
    mapping: dict[str, Any] = index_body["mappings"]
    for part in path.split("."):
        mapping = mapping["properties"][part]
    assert mapping["type"] == "keyword"


def test_dates_are_date_fields_and_labels_are_only_carried(index_body):
    properties = index_body["mappings"]["properties"]
    assert properties["date"]["type"] == "date"
    assert properties["first_published_at"]["type"] == "date"
    assert properties["themes"]["properties"]["labels"] == {"type": "object", "enabled": False}


def test_every_facet_has_a_keyword_field(index_body):
    assert set(es.FACET_FIELDS) == set(FACETS)


# --- Documents ---------------------------------------------------------------------------------------


def test_source_holds_the_whole_document_and_rebuilds_it():
    document = _document()
    source = json.loads(json.dumps(document_source(document)))  # what the server stores and returns
    assert source["date"] == "2024-12-22"
    assert source["year"] == "2024"
    assert source["language"] == "vi"
    assert source["first_published_at"] == "2025-01-02T08:30:15.123456+00:00"
    rebuilt = document_from_source(source)
    assert rebuilt == document
    assert rebuilt.version == "42"


def test_source_of_a_document_without_dates_or_labels_rebuilds_it():
    document = _document(date=None, first_published_at=None, issuer=None, document_type=None, themes=(), status="")
    source = json.loads(json.dumps(document_source(document)))
    assert source["year"] is None
    assert source["status"] is None  # never an empty facet value
    assert document_from_source(source) == document


# --- Queries -----------------------------------------------------------------------------------------


def test_empty_query_matches_everything_without_highlight_or_post_filter():
    body = _body(locale=None)
    assert body["query"] == {"match_all": {}}
    assert "post_filter" not in body
    assert "highlight" not in body
    assert body["track_total_hits"] is True


def _words_query(body: dict[str, Any]) -> dict[str, Any]:
    return body["query"]["bool"]["must"][0]


def test_text_is_the_shared_relevance_tree_rendered():
    query = SearchQuery(text="chuyển đổi số", locale="vi")
    tree = relevance.text_query(relevance.parse_words(query.text), ["vi"])
    assert _words_query(_body(text="chuyển đổi số", locale="vi")) == render(tree.scored)


def test_three_words_need_two_and_the_exact_phrase_and_proximity_score():
    scored = _words_query(_body(text="chuyển đổi số", locale="vi"))
    (match,) = scored["bool"]["must"]
    assert match == {
        "bool": {
            "should": [{"term": {"text_vi": {"value": value}}} for value in ("chuyen", "doi", "so")],
            "minimum_should_match": 2,
        }
    }
    bonus = scored["bool"]["should"]
    exactly = {"bool": {"must": [{"term": {"exact_vi": {"value": word}}} for word in ("chuyển", "đổi", "số")]}}
    assert {"constant_score": {"filter": exactly, "boost": 3 * relevance.EXACT_SCORE}} in bonus  # typed tones first
    assert "exact_vi" not in json.dumps(_body(text="chuyen doi so", locale="vi")["query"])  # no tones typed
    assert {"term": {"title_vi": {"value": "doi", "boost": 4.0}}} in bonus
    assert not any("directive_number_vi" in str(clause) for clause in bonus)  # words without digits
    with_digits = _words_query(_body(text="57 nq", locale="vi"))["bool"]["should"]
    assert {"term": {"directive_number_vi": {"value": "57", "boost": 10.0}}} in with_digits
    assert "minimum_should_match" not in scored["bool"]  # the bonus only adds to the score


def test_phrases_rescore_the_best_hits_in_relevance_order_only():
    body = _body(text="chuyển đổi số", locale="vi")
    assert "sort" not in body
    assert body["rescore"] == {
        "window_size": relevance.RESCORE_WINDOW,
        "query": {
            "rescore_query": {
                "bool": {
                    "should": [
                        {"match_phrase": {"text_vi": {"query": "chuyen doi so", "slop": 0, "boost": 4.0}}},
                        {"match_phrase": {"exact_vi": {"query": "chuyển đổi số", "slop": 0, "boost": 4.0}}},
                        {"match_phrase": {"text_vi": {"query": "chuyen doi so", "slop": 3, "boost": 2.0}}},
                    ],
                    "minimum_should_match": 1,
                }
            },
            "query_weight": 1.0,
            "rescore_query_weight": 1.0,
            "score_mode": "total",
        },
    }
    assert "rescore" not in _body(text="chuyển đổi số", sort="newest")
    assert "rescore" not in _body(text="chuyển", locale="vi")  # one word: no phrase
    assert "rescore" not in _body(text="chuyển đổi số", page=6)  # beyond the window


def test_the_first_request_requires_every_word_and_the_second_relaxes_them():
    query = SearchQuery(text="chuyển đổi số", locale="vi")
    strict = build_search(query, relaxed=False).to_dict()["query"]["bool"]["must"][0]["bool"]["must"][0]
    assert strict == {"bool": {"must": [{"term": {"text_vi": {"value": v}}} for v in ("chuyen", "doi", "so")]}}
    assert es.relaxable(query)
    assert not es.relaxable(SearchQuery(text="đảng ủy", locale="vi"))


def test_a_relaxed_search_is_asked_only_when_every_word_finds_little(bulk_loads):
    client = FakeClient(exists=True)
    ElasticsearchBackend("", "directives", client=client).search(SearchQuery(text="chuyển đổi số", locale="vi"))
    searches = [kwargs["body"] for name, kwargs in client.calls if name == "search"]
    assert len(searches) == 2  # the fake finds nothing: the words are relaxed
    assert "minimum_should_match" in json.dumps(searches[1]) and searches[0] != searches[1]


def test_function_words_are_optional_and_two_words_are_both_required():
    scored = _words_query(_body(text="kế hoạch của đảng ủy", locale="vi"))
    (match,) = scored["bool"]["must"]
    assert [clause["term"]["text_vi"]["value"] for clause in match["bool"]["should"]] == ["ke", "hoach", "dang", "uy"]
    assert match["bool"]["minimum_should_match"] == 3
    assert {"term": {"text_vi": {"value": "cua"}}} in scored["bool"]["should"]
    two = _words_query(_body(text="đảng ủy", locale="vi"))["bool"]["must"][0]
    assert two == {"bool": {"must": [{"term": {"text_vi": {"value": v}}} for v in ("dang", "uy")]}}


def test_ukrainian_words_are_lemmas_and_english_spelling_is_american_then_stemmed():
    uk = _words_query(_body(text="цифрової трансформації", locale="uk"))["bool"]["must"][0]
    assert [c["term"]["text_uk"]["value"] for c in uk["bool"]["must"]] == ["цифровий", "трансформація"]
    en = _words_query(_body(text="organisation programme", locale="en"))["bool"]["must"][0]
    assert [c["term"]["text_en"]["value"] for c in en["bool"]["must"]] == ["organiz", "program"]


def test_without_a_locale_every_language_is_searched_in_its_own_fields():
    per_language = _words_query(_body(text="đảng ủy"))["bool"]["should"]
    assert per_language == [
        render(relevance.text_query(relevance.parse_words("đảng ủy"), [language]).scored) for language in LANGUAGES
    ]


@pytest.mark.parametrize(
    ("node", "dsl"),
    [
        (relevance.Term("text_vi", "dang"), {"term": {"text_vi": {"value": "dang"}}}),
        (relevance.Prefix("text_vi", "da"), {"prefix": {"text_vi": {"value": "da"}}}),
        (
            relevance.Fuzzy("text_en", "transform"),
            {
                "fuzzy": {
                    "text_en": {
                        "value": "transform",
                        "fuzziness": 1,
                        "transpositions": True,
                        "prefix_length": 0,
                        "max_expansions": es.FUZZY_MAX_EXPANSIONS,
                    }
                }
            },
        ),
        (relevance.Phrase("exact_vi", ("đảng", "ủy")), {"match_phrase": {"exact_vi": {"query": "đảng ủy", "slop": 0}}}),
        (relevance.Phrase("exact_vi", ("đảng",)), {"term": {"exact_vi": {"value": "đảng"}}}),
        (
            relevance.Boost(relevance.Boost(relevance.Term("title_vi", "x"), 2.0), 3.0),
            {"term": {"title_vi": {"value": "x", "boost": 6.0}}},
        ),
        (
            relevance.AnyOf((relevance.Term("a", "x"), relevance.Term("b", "y"))),
            {
                "bool": {
                    "should": [{"term": {"a": {"value": "x"}}}, {"term": {"b": {"value": "y"}}}],
                    "minimum_should_match": 1,
                }
            },
        ),
        (
            relevance.Bool(must=(relevance.Term("a", "x"),), should=(relevance.Term("b", "y"),)),
            {"bool": {"must": [{"term": {"a": {"value": "x"}}}], "should": [{"term": {"b": {"value": "y"}}}]}},
        ),
    ],
)
def test_each_node_renders_as_the_equivalent_query(node, dsl):
    assert render(node) == dsl


FUZZY = {"fuzziness": 1, "transpositions": True, "prefix_length": 0, "max_expansions": es.FUZZY_MAX_EXPANSIONS}


def test_the_typo_fallback_lets_long_words_differ_by_one_edit():
    scored = _words_query(_body(text="chuyeen doi so", locale="vi", fuzzy=True))
    should = scored["bool"]["must"][0]["bool"]["should"]
    # One edit from the match term, or from the word as typed (a misspelt inflected form).
    assert [clause["fuzzy"] for clause in should[0]["bool"]["should"]] == [
        {"text_vi": {**FUZZY, "value": "chuyeen"}},
        {"exact_vi": {**FUZZY, "value": "chuyeen"}},
    ]
    assert should[1] == {"term": {"text_vi": {"value": "doi"}}}  # shorter than five letters: exact


@pytest.mark.parametrize(
    ("locale", "language"), [("vi", "vi"), ("en", "en"), ("en-gb", "en"), ("uk", "uk"), ("fr", "vi")]
)
def test_each_document_is_searched_in_its_language_or_folded(locale, language):
    assert es.language_of(locale) == language


def test_visitor_language_filters_results_but_not_the_language_facet():
    body = _body(text="resolution", locale="en")
    assert body["post_filter"] == {"bool": {"filter": [{"term": {"locale": "en"}}]}}
    assert body["aggs"]["locale"]["filter"] == {"match_all": {}}
    assert body["aggs"]["kind"]["filter"] == {"bool": {"filter": [{"term": {"locale": "en"}}]}}
    assert "locale" not in json.dumps(body["query"]["bool"].get("filter", []))


def test_prefix_lets_the_last_word_match_whole_or_as_a_start_of_an_unstemmed_word():
    scored = _words_query(_body(text="chuyển đổi s", prefix=True, locale="vi"))
    (match,) = scored["bool"]["must"]
    last = match["bool"]["should"][-1]
    assert last == {
        "bool": {
            "should": [
                {"term": {"text_vi": {"value": "s", "boost": relevance.PREFIX_COMPLETE_BOOST}}},
                {"prefix": {"text_vi": {"value": "s"}}},
                {"prefix": {"exact_vi": {"value": "s"}}},
            ],
            "minimum_should_match": 1,
        }
    }


NASTY = ['"', "*", "NEAR(", "--", "OR OR", "title:x", "locale:[a TO z]", "{}[]^~:\\/", "a~2", "😀 🇻🇳", "' OR 1=1 --"]


@pytest.mark.parametrize("text", NASTY)
@pytest.mark.parametrize("prefix", [False, True])
def test_no_visitor_text_reaches_the_engine_as_syntax(text, prefix):
    body = json.dumps(_body(text=text, prefix=prefix))
    for parser in ("query_string", "simple_query_string", '"match"', "multi_match"):
        assert parser not in body


def test_text_without_words_searches_everything():
    body = _body(text="*** ---", locale="vi")
    assert body["query"] == {"match_all": {}}
    assert "highlight" not in body


def test_directive_keys_match_the_directive_first_then_items_citing_it():
    body = _body(directive_keys=("57-nq-tw", "3-ctr-du"))
    (numbers,) = body["query"]["bool"]["must"]
    should = numbers["bool"]["should"]
    assert numbers["bool"]["minimum_should_match"] == 1
    assert should[0] == {"terms": {"directive_key": ["57-nq-tw", "3-ctr-du"], "boost": es.OWN_NUMBER_BOOST}}
    assert should[1] == {"terms": {"cited_keys": ["57-nq-tw", "3-ctr-du"]}}


def test_text_and_directive_keys_must_both_match():
    must = _body(text="chuyển đổi số", directive_keys=("57-nq-tw",))["query"]["bool"]["must"]
    assert len(must) == 2


def test_date_range_narrows_the_query_itself():
    body = _body(date_from=date(2020, 1, 1), date_to=date(2024, 12, 31))
    assert body["query"]["bool"]["filter"] == [{"range": {"date": {"gte": "2020-01-01", "lte": "2024-12-31"}}}]
    assert "post_filter" not in body


ALL_FILTERS = {
    "locale": "vi",
    "kinds": ("directive", "podcast"),
    "themes": ("chuyen-doi-so", "moi-truong"),
    "issuer": "4",
    "document_type": "NQ",
    "statuses": ("in_force", "replaced"),
    "year": 2024,
}
EXPECTED_FILTERS = {
    "locale": {"term": {"locale": "vi"}},
    "kind": {"terms": {"kind": ["directive", "podcast"]}},
    "theme": {"terms": {"themes.value": ["chuyen-doi-so", "moi-truong"]}},
    "issuer": {"term": {"issuer.value": "4"}},
    "type": {"term": {"document_type.value": "NQ"}},
    "status": {"terms": {"status": ["in_force", "replaced"]}},
    "year": {"term": {"year": "2024"}},
}


def test_facet_filters_are_post_filters():
    post_filter = _body(**ALL_FILTERS)["post_filter"]["bool"]["filter"]
    assert sorted(map(json.dumps, post_filter)) == sorted(map(json.dumps, EXPECTED_FILTERS.values()))


@pytest.mark.parametrize("facet", FACETS)
def test_each_facet_counts_under_every_filter_but_its_own(facet):
    aggregation = _body(**ALL_FILTERS)["aggs"][facet]
    applied = aggregation["filter"]["bool"]["filter"]
    expected = [query for name, query in EXPECTED_FILTERS.items() if name != facet]
    assert sorted(map(json.dumps, applied)) == sorted(map(json.dumps, expected))
    terms = aggregation["aggs"]["values"]["terms"]
    assert terms["field"] == es.FACET_FIELDS[facet]
    assert terms["order"] == [{"_count": "desc"}, {"_key": "asc"}]


def test_snippets_are_made_from_source_not_by_the_engine():
    assert "highlight" not in _body(text="đảng")


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        ("relevance", "_score"),
        ("newest", {"date": {"order": "desc", "missing": "_last"}}),
        ("oldest", {"date": {"order": "asc", "missing": "_last"}}),
    ],
)
def test_sort_orders(sort, first):
    body = _body(sort=sort)
    assert body["sort"][0] == first
    assert body["sort"][-1] in ({"id": {"order": "asc"}}, {"id": {"order": "desc"}})


@pytest.mark.parametrize(
    ("page", "per_page", "window"),
    [
        (1, 20, (0, 20)),
        (3, 10, (20, 10)),
        (0, 0, (0, 1)),
        (500, 20, (9980, 20)),
        (334, 30, (9990, 10)),
        (501, 20, (0, 0)),
    ],
)
def test_pages_stay_inside_the_result_window(page, per_page, window):
    body = _body(page=page, per_page=per_page)
    assert (body["from"], body["size"]) == window


def test_suggestions_need_whole_words_then_the_start_of_the_last_in_unstemmed_titles():
    body = build_suggest("chuyển đổi s", "vi", 8).to_dict()
    (words,) = body["query"]["bool"]["must"]
    assert words == render(relevance.suggest_query(relevance.parse_words("chuyển đổi s", prefix=True), ["vi"]))
    complete, typing = words["bool"]["must"][:2], words["bool"]["must"][2]
    assert complete == [{"term": {"prefix_vi": {"value": "chuyen"}}}, {"term": {"prefix_vi": {"value": "doi"}}}]
    assert {"prefix": {"prefix_vi": {"value": "s"}}} in typing["bool"]["should"]
    assert body["query"]["bool"]["filter"] == [{"term": {"locale": "vi"}}]
    assert body["_source"] == ["title"]
    assert body["size"] == 32


def test_suggestions_for_one_word_in_any_language():
    query = build_suggest("цифр", None, 8).to_dict()["query"]["bool"]
    (words,) = query["must"]
    assert [clause["bool"]["must"][0]["bool"]["should"][1] for clause in words["bool"]["should"]] == [
        {"prefix": {f"prefix_{language}": {"value": "цифр"}}} for language in LANGUAGES
    ]
    assert "filter" not in query


@pytest.mark.parametrize(("prefix", "limit"), [("", 8), ("  ", 8), ("***", 8), ("cong", 0)])
def test_nothing_to_suggest_needs_no_request(prefix, limit):
    assert build_suggest(prefix, "vi", limit) is None


# --- Responses ---------------------------------------------------------------------------------------


def test_response_becomes_results_with_snippets_and_string_facets():
    document = _document(summary="Đảng lãnh đạo", body="Nội dung <b>đầy đủ</b>")
    response = {
        "hits": {
            "total": {"value": 31, "relation": "eq"},
            "hits": [{"_id": "7", "_score": 3.5, "_source": document_source(document)}],
        },
        "aggregations": {
            "year": {"doc_count": 31, "values": {"buckets": [{"key": "2024", "doc_count": 20}]}},
            "kind": {"doc_count": 31, "values": {"buckets": [{"key": "directive", "doc_count": 31}]}},
        },
    }
    results = parse_response(response, Snippets(relevance.parse_words("day du")))
    assert results.total == 31
    (hit,) = results.hits
    assert hit.document == document
    assert hit.score == 3.5
    # Body before summary; matched words marked as folded search matched them; the rest escaped.
    assert hit.snippet == "Nội dung &lt;b&gt;<mark>đầy</mark> <mark>đủ</mark>&lt;/b&gt;"
    assert set(results.facets) == set(FACETS)
    assert results.facets["year"] == [FacetValue("2024", 20)]
    assert results.facets["theme"] == []


def test_hit_sorted_by_date_scores_zero_and_shows_the_start_of_its_text_escaped():
    document = _document(summary="", body="<b>Nội dung</b> " + "dài " * 100)
    response = {"hits": {"total": {"value": 1}, "hits": [{"_score": None, "_source": document_source(document)}]}}
    (hit,) = parse_response(response).hits
    assert hit.score == 0.0
    assert hit.snippet.startswith("&lt;b&gt;Nội dung&lt;/b&gt; dài")
    assert hit.snippet.endswith("dài…")
    assert len(hit.snippet) < 220


def test_suggested_titles_are_distinct_ignoring_case_and_limited():
    hits = [{"_source": {"title": title}} for title in ("Công văn", "CÔNG VĂN", "Công tác", "Công đoàn")]
    assert es.suggested_titles({"hits": {"hits": hits}}, 2) == ["Công văn", "Công tác"]


# --- Rebuild and index set-up, against a recording fake client -----------------------------------------


class FakeIndices:
    def __init__(self, client: "FakeClient") -> None:
        self.client = client

    def __getattr__(self, name: str):
        def record(**kwargs: Any):
            self.client.record(name, kwargs)
            answer = self.client.answers.get(name)
            return answer(**kwargs) if callable(answer) else answer

        return record


def _current_definition(index: str = "directives", **kwargs: Any) -> dict[str, Any]:
    return {f"{index}-initial": {"mappings": {"_meta": {"mapping_digest": es.mapping_digest()}}}}


class FakeClient:
    """Records the index-management calls the backend makes, and the client options (timeouts,
    retries) each was made with; answers from `answers` (an index of this code's definition, and
    no other indices, unless told otherwise)."""

    def __init__(self, **answers: Any) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.options_of: dict[str, dict[str, Any]] = {}
        self.answers = {"get_mapping": _current_definition, "get": {}, "get_alias": {}, **answers}
        self.in_force: dict[str, Any] = {}
        self.indices = FakeIndices(self)

    def record(self, name: str, kwargs: dict[str, Any]) -> None:
        self.calls.append((name, kwargs))
        self.options_of[name] = self.in_force

    def options(self, **kwargs: Any) -> "FakeClient":
        view = copy.copy(self)
        view.in_force = {**self.in_force, **kwargs}
        view.indices = FakeIndices(view)
        return view

    def search(self, **kwargs: Any) -> dict[str, Any]:
        self.record("search", kwargs)
        return {"hits": {"total": {"value": 0}, "hits": []}, "aggregations": {}}

    def count(self, **kwargs: Any) -> dict[str, int]:
        self.record("count", kwargs)
        return {"count": 0}

    def names(self) -> list[str]:
        return [name for name, _kwargs in self.calls]

    def call(self, name: str) -> dict[str, Any]:
        (kwargs,) = [kwargs for called, kwargs in self.calls if called == name]
        return kwargs


@pytest.fixture
def bulk_loads(monkeypatch) -> list[list[dict[str, Any]]]:
    loads: list[list[dict[str, Any]]] = []

    def bulk(client, actions, **kwargs):
        loads.append(list(actions))
        return len(loads[-1]), []

    monkeypatch.setattr(es.helpers, "bulk", bulk)
    return loads


def test_rebuild_loads_a_new_index_then_swaps_the_alias_in_one_call(bulk_loads):
    client = FakeClient(get_alias={"directives-old": {"aliases": {"directives": {}}}}, exists=True)
    backend = ElasticsearchBackend("", "directives", client=client)

    assert backend.rebuild([_document(id=1), _document(id=2)]) == 2

    created = client.call("create")
    new = created["index"]
    assert new.startswith("directives-") and new != "directives-old"
    assert created["settings"]["refresh_interval"] == "-1"
    assert "aliases" not in created
    assert [action["_index"] for action in bulk_loads[0]] == [new, new]
    assert [action["_id"] for action in bulk_loads[0]] == ["1", "2"]
    assert client.call("update_aliases")["actions"] == [
        {"remove": {"index": "directives-old", "alias": "directives"}},
        {"add": {"index": new, "alias": "directives"}},
    ]
    names = client.names()
    assert names.index("refresh") < names.index("update_aliases") < names.index("delete")
    assert client.call("delete")["index"] == "directives-old"


def test_rebuild_replaces_a_concrete_index_squatting_on_the_alias_name(bulk_loads):
    def missing_alias(**kwargs):
        raise es.NotFoundError("aliases_not_found_exception", _meta(404), {})

    client = FakeClient(get_alias=missing_alias, exists=True)
    ElasticsearchBackend("", "directives", client=client).rebuild([_document()])
    actions = client.call("update_aliases")["actions"]
    assert actions[0] == {"remove_index": {"index": "directives"}}
    assert actions[1]["add"]["alias"] == "directives"


def test_failed_rebuild_drops_the_new_index_and_leaves_the_alias_alone(monkeypatch, caplog):
    def broken_bulk(client, actions, **kwargs):
        raise ESConnectionError("connection reset")

    monkeypatch.setattr(es.helpers, "bulk", broken_bulk)
    client = FakeClient(get_alias={"directives-old": {}}, exists=True)
    with caplog.at_level(logging.ERROR, logger=es.__name__), pytest.raises(SearchUnavailable):
        ElasticsearchBackend("", "directives", client=client).rebuild([_document()])
    assert "update_aliases" not in client.names()
    assert client.call("delete")["index"] == client.call("create")["index"]


def test_first_use_of_an_index_made_meanwhile_by_another_process_aliases_it(bulk_loads):
    def exists_already(**kwargs):
        raise es.BadRequestError("resource_already_exists_exception", _meta(400), {})

    client = FakeClient(exists=False, create=exists_already)
    ElasticsearchBackend("", "directives", client=client).count()
    assert client.call("put_alias") == {"index": "directives-initial", "name": "directives"}


def test_first_use_creates_an_aliased_index_once(bulk_loads):
    client = FakeClient(exists=False)
    backend = ElasticsearchBackend("", "directives", client=client)
    backend.search(SearchQuery(text="x"))
    backend.search(SearchQuery(text="y"))
    created = client.call("create")
    assert created["index"] == "directives-initial"
    assert created["aliases"] == {"directives": {}}
    assert client.names().count("exists") == 1


def _meta(status: int):
    from elastic_transport import ApiResponseMeta, HttpHeaders

    return ApiResponseMeta(status=status, http_version="1.1", headers=HttpHeaders(), duration=0.0, node=None)


# --- Failures ----------------------------------------------------------------------------------------


def test_missing_url_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="ELASTICSEARCH_URL"):
        ElasticsearchBackend("", "directives")


@pytest.fixture
def unreachable() -> ElasticsearchBackend:
    return ElasticsearchBackend(CLOSED_PORT, "directives-test")


def _assert_logged_once_without_traceback(caplog) -> None:
    records = [record for record in caplog.records if record.name == es.__name__]
    assert [record.levelno for record in records] == [logging.ERROR]
    assert records[0].exc_info is None
    assert "directives-test" in records[0].getMessage()


def test_search_on_an_unreachable_server_is_unavailable_and_logged(unreachable, caplog):
    with caplog.at_level(logging.ERROR, logger=es.__name__), pytest.raises(SearchUnavailable, match="search"):
        unreachable.search(SearchQuery(text="đảng", locale="vi"))
    _assert_logged_once_without_traceback(caplog)


def test_indexing_on_an_unreachable_server_is_unavailable_and_logged(unreachable, caplog):
    with caplog.at_level(logging.ERROR, logger=es.__name__), pytest.raises(SearchUnavailable, match="index"):
        unreachable.index([_document()])
    _assert_logged_once_without_traceback(caplog)


@pytest.mark.parametrize(
    "call",
    [
        lambda backend: backend.delete([1]),
        lambda backend: backend.suggest("chuy", "vi"),
        lambda backend: backend.count(),
        lambda backend: backend.clear(),
        lambda backend: list(backend.versions()),
        lambda backend: backend.rebuild([_document()]),
    ],
    ids=["delete", "suggest", "count", "clear", "versions", "rebuild"],
)
def test_every_operation_on_an_unreachable_server_is_unavailable(unreachable, caplog, call):
    with caplog.at_level(logging.ERROR, logger=es.__name__), pytest.raises(SearchUnavailable):
        call(unreachable)
    assert any(record.levelno == logging.ERROR for record in caplog.records)


def test_nothing_to_do_needs_no_server(unreachable):
    unreachable.index([])
    unreachable.delete([])
    assert unreachable.suggest("  ", "vi") == []


# --- Production paths: timeouts, required alias, retries, index definition, leftovers ------------------


@pytest.fixture
def bulk_calls(monkeypatch) -> list[dict[str, Any]]:
    """What each elasticsearch.helpers.bulk call was given: the client's options, its keyword
    arguments, and the actions."""
    calls: list[dict[str, Any]] = []

    def bulk(client, actions, **kwargs):
        calls.append({"options": client.in_force, "kwargs": kwargs, "actions": list(actions)})
        return len(calls[-1]["actions"]), []

    monkeypatch.setattr(es.helpers, "bulk", bulk)
    return calls


def test_the_client_tries_once_with_a_short_timeout_and_takes_the_connection_settings(monkeypatch):
    made: list[tuple[tuple, dict]] = []
    monkeypatch.setattr(es, "Elasticsearch", lambda *args, **kwargs: made.append((args, kwargs)))

    connection = {"cloud_id": "site:ZXhhbXBsZQ==", "api_key": "c2VjcmV0", "ssl_assert_fingerprint": "AB:CD"}
    ElasticsearchBackend("", "directives", connection=connection)

    ((args, kwargs),) = made
    assert args == (None,)
    assert kwargs == {
        "request_timeout": es.WRITE_TIMEOUT,
        "max_retries": 0,
        "retry_on_timeout": False,
        **connection,
    }


def test_connection_settings_come_from_the_environment_and_unset_ones_are_left_out(settings):
    from search import conf

    settings.ELASTICSEARCH_API_KEY = "c2VjcmV0"
    settings.ELASTICSEARCH_CA_CERTS = "/etc/ssl/search-ca.pem"
    settings.ELASTICSEARCH_CLOUD_ID = ""
    settings.ELASTICSEARCH_SSL_FINGERPRINT = ""

    assert conf.elasticsearch_connection() == {"api_key": "c2VjcmV0", "ca_certs": "/etc/ssl/search-ca.pem"}


def test_visitor_queries_wait_briefly_and_are_never_retried():
    client = FakeClient()
    backend = ElasticsearchBackend("", "directives", client=client)

    backend.search(SearchQuery(text="chuyển đổi số"))
    backend.suggest("chuyển đổi", "vi")

    assert es.QUERY_TIMEOUT <= 2
    once = {"request_timeout": es.QUERY_TIMEOUT, "max_retries": 0, "retry_on_timeout": False}
    assert client.options_of["search"] == once


def test_a_publish_writes_once_to_the_alias_it_requires_and_is_searchable_at_once(bulk_calls):
    backend = ElasticsearchBackend("", "directives", client=FakeClient())

    backend.index([_document(id=1)])
    backend.delete([2])

    for call in bulk_calls:
        assert call["options"] == {}  # the client's own: WRITE_TIMEOUT, tried once
        assert call["kwargs"]["require_alias"] is True
        assert call["kwargs"]["refresh"] is True
        assert {action["_index"] for action in call["actions"]} == {"directives"}
    assert bulk_calls[1]["kwargs"]["ignore_status"] == (404,)


def test_a_write_refused_for_a_missing_alias_sets_the_index_up_again_next_time(monkeypatch, caplog):
    def alias_gone(client, actions, **kwargs):
        list(actions)
        error = {"index": {"status": 404, "error": {"type": "index_not_found_exception", "reason": "no such index"}}}
        raise es.helpers.BulkIndexError("1 document(s) failed to index.", [error])

    monkeypatch.setattr(es.helpers, "bulk", alias_gone)
    client = FakeClient(exists=True)
    backend = ElasticsearchBackend("", "directives", client=client)

    with caplog.at_level(logging.ERROR, logger=es.__name__), pytest.raises(SearchUnavailable):
        backend.index([_document()])
    with pytest.raises(SearchUnavailable):
        backend.index([_document()])

    assert client.names().count("exists") == 2  # checked again, so a vanished alias is made anew


def test_bulk_loads_resend_what_the_server_refused_as_too_many_requests(bulk_calls):
    ElasticsearchBackend("", "directives", client=FakeClient()).rebuild([_document()])

    (load,) = bulk_calls
    assert load["kwargs"]["max_retries"] == es.BULK_RETRIES >= 3
    assert load["kwargs"]["initial_backoff"] == 2
    assert load["options"]["request_timeout"] == es.BULK_TIMEOUT


def test_a_scroll_that_fails_midway_is_unavailable_not_a_crash(monkeypatch, caplog):
    def broken_scan(*args, **kwargs):
        yield {"_source": {"id": 1, "version": "3"}}
        raise es.ScanError("scroll-id", "Scroll request has only succeeded on 1 (+0 skipped) shards out of 2.")

    monkeypatch.setattr(es.helpers, "scan", broken_scan)
    backend = ElasticsearchBackend("", "directives", client=FakeClient())

    with caplog.at_level(logging.ERROR, logger=es.__name__), pytest.raises(SearchUnavailable):
        list(backend.versions())


def test_an_index_built_by_another_version_is_refused_until_rebuilt(bulk_calls, caplog):
    outdated = {"directives-20250101000000000000": {"mappings": {"_meta": {"mapping_digest": "0123456789abcdef"}}}}
    answers: dict[str, Any] = {"get_mapping": outdated}
    client = FakeClient(exists=True, **answers)
    backend = ElasticsearchBackend("", "directives", client=client)

    with caplog.at_level(logging.ERROR, logger=es.__name__), pytest.raises(SearchUnavailable, match="out of date"):
        backend.search(SearchQuery(text="x"))
    assert "search_index rebuild" in caplog.records[-1].getMessage()

    backend.rebuild([_document()])
    created = client.call("create")
    assert created["mappings"]["_meta"] == {"mapping_digest": es.mapping_digest()}
    client.answers["get_mapping"] = {created["index"]: {"mappings": created["mappings"]}}
    backend.search(SearchQuery(text="x"))


def test_the_digest_follows_the_index_definition(monkeypatch):
    before = es.mapping_digest()
    monkeypatch.setattr(es, "_INDEX_SETTINGS", {**es._INDEX_SETTINGS, "number_of_shards": 2})
    assert es.mapping_digest() != before


def test_a_rebuild_drops_what_killed_rebuilds_left_and_nothing_newer_or_foreign(bulk_calls):
    indices = {
        "directives-20240101000000000000": {},  # the index the alias points at
        "directives-20250101000000000000": {},  # a rebuild killed mid-way
        "directives-initial": {},  # the first index, replaced long ago
        "directives-29990101000000000000": {},  # a rebuild that started after this one: still loading
        "directives-test-20250101000000000000": {},  # another site's alias sharing the prefix
    }
    client = FakeClient(exists=True, get=indices, get_alias={"directives-20240101000000000000": {}})
    ElasticsearchBackend("", "directives", client=client).rebuild([_document()])

    dropped = [kwargs["index"] for name, kwargs in client.calls if name == "delete"]
    assert dropped == ["directives-20240101000000000000", "directives-20250101000000000000,directives-initial"]


def test_a_failed_search_logs_one_line_in_all(unreachable, caplog):
    with caplog.at_level(logging.DEBUG), pytest.raises(SearchUnavailable):
        unreachable.search(SearchQuery(text="đảng", locale="vi"))

    assert [(record.name, record.exc_info) for record in caplog.records if record.levelno >= logging.WARNING] == [
        (es.__name__, None)
    ]
