"""The Elasticsearch backend without a server: index definition, request bodies, response parsing,
the rebuild's alias swap (against a recording fake client) and failure handling (a closed port).

Behaviour against a real server is the shared contract suite's job (tests/search/test_backend_contract.py,
run when ELASTICSEARCH_URL is set).
"""

import json
import logging
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from elasticsearch import ConnectionError as ESConnectionError

from search.backends import elasticsearch as es
from search.backends.base import FACETS, FacetValue, SearchQuery, SearchUnavailable
from search.backends.elasticsearch import (
    ElasticsearchBackend,
    build_index,
    build_search,
    build_suggest,
    document_from_source,
    document_source,
    parse_response,
    split_last_word,
    visitor_words,
    with_prefix,
)
from search.documents import Label, SearchDocument

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
        "date": date(2024, 12, 22),
        "first_published_at": datetime(2025, 1, 2, 8, 30, 15, 123456, tzinfo=UTC),
        "thumbnail_url": "",
        "version": "42",
    }
    values.update(overrides)
    return SearchDocument(**values)


def _body(**query: Any) -> dict[str, Any]:
    return build_search(SearchQuery(**query)).to_dict()


def _by_language(text_query: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The simple_query_string of each per-language clause of a text query, by the language it filters on."""
    found = {}
    for clause in text_query["bool"]["should"]:
        (condition,) = clause["bool"]["filter"]
        found[condition["term"]["language"]] = clause["bool"]["must"][0]["simple_query_string"]
    return found


def _clauses_by_language(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return _by_language(body["query"]["bool"]["must"][0])


# --- Index definition --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index_body() -> dict[str, Any]:
    return build_index("directives-test").to_dict()


def test_vietnamese_analyzer_maps_d_stroke_to_d_and_folds_tone_marks(index_body):
    analysis = index_body["settings"]["analysis"]
    vi = analysis["analyzer"]["vi_folded"]
    assert vi["filter"] == ["lowercase", "asciifolding"]
    mappings = [
        analysis["char_filter"][name]["mappings"]
        for name in vi["char_filter"]
        if analysis["char_filter"][name]["type"] == "mapping"
    ]
    assert mappings == [["Đ => D", "đ => d"]]


def test_english_analyzer_stems_and_folds(index_body):
    analysis = index_body["settings"]["analysis"]
    en = analysis["analyzer"]["en_stemmed"]
    assert {"lowercase", "asciifolding"} <= set(en["filter"])
    stemmers = [analysis["filter"][name] for name in en["filter"] if name in analysis["filter"]]
    assert {"type": "stemmer", "language": "english"} in stemmers


def test_ukrainian_analyzer_only_lowercases_so_letters_with_marks_stay_distinct(index_body):
    analysis = index_body["settings"]["analysis"]
    uk = analysis["analyzer"]["uk_text"]
    assert uk["filter"] == ["lowercase"]
    # Its only character filter composes decomposed й and ї; nothing strips marks.
    (name,) = uk["char_filter"]
    assert analysis["char_filter"][name] == {
        "type": "mapping",
        "mappings": ["и\u0306 => й", "И\u0306 => Й", "і\u0308 => ї", "І\u0308 => Ї"],
    }


def test_suggestion_field_indexes_folded_edge_ngrams(index_body):
    analysis = index_body["settings"]["analysis"]
    prefix = index_body["mappings"]["properties"]["title"]["fields"]["prefix"]
    assert prefix["search_analyzer"] == "vi_folded"
    filters = analysis["analyzer"][prefix["analyzer"]]["filter"]
    assert "asciifolding" in filters
    assert any(analysis["filter"].get(name, {}).get("type") == "edge_ngram" for name in filters)


@pytest.mark.parametrize("field", ["title", "summary", "body", "transcript"])
def test_text_fields_are_indexed_once_per_language_analyzer(index_body, field):
    mapping = index_body["mappings"]["properties"][field]
    assert mapping["type"] == "text"
    subfields = {name: sub["analyzer"] for name, sub in mapping["fields"].items() if name != "prefix"}
    assert subfields == {"vi": "vi_folded", "en": "en_stemmed", "uk": "uk_text"}


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


def test_printed_numbers_are_copied_into_one_folded_text_field(index_body):
    properties = index_body["mappings"]["properties"]
    assert properties["directive_number"]["copy_to"] == "numbers"
    assert properties["cited_numbers"]["copy_to"] == "numbers"
    assert properties["numbers"] == {"type": "text", "analyzer": "vi_folded"}


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
    document = _document(date=None, first_published_at=None, issuer=None, document_type=None, themes=())
    source = json.loads(json.dumps(document_source(document)))
    assert source["year"] is None
    assert document_from_source(source) == document


# --- Queries -----------------------------------------------------------------------------------------


def test_empty_query_matches_everything_without_highlight_or_post_filter():
    body = _body(locale=None)
    assert body["query"] == {"match_all": {}}
    assert "post_filter" not in body
    assert "highlight" not in body
    assert body["track_total_hits"] is True


def test_text_searches_each_language_with_its_own_fields_and_boosts():
    body = _body(text="nghị quyết", locale="vi")
    clauses = _clauses_by_language(body)
    assert set(clauses) == {"vi", "en", "uk"}
    assert clauses["vi"]["fields"] == ["title.vi^4", "summary.vi^2", "body.vi", "transcript.vi", "numbers^2"]
    assert clauses["en"]["fields"] == ["title.en^4", "summary.en^2", "body.en", "transcript.en", "numbers^2"]
    assert clauses["uk"]["fields"] == ["title.uk^4", "summary.uk^2", "body.uk", "transcript.uk", "numbers^2"]
    for clause in clauses.values():
        assert clause["query"] == "nghị quyết"
        assert clause["default_operator"] == "and"
        assert clause["lenient"] is True
        assert set(clause["flags"].split("|")) == {"OR", "PRECEDENCE", "PREFIX", "PHRASE", "WHITESPACE"}


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


def test_prefix_lets_the_last_word_match_whole_or_as_a_start():
    clauses = _clauses_by_language(_body(text="chuyển đổi s", prefix=True))
    # Prefix terms are normalised (folded), never stemmed: analyze_wildcard stays off.
    assert clauses["vi"]["query"] == "chuyển đổi (s | s*)"
    assert "analyze_wildcard" not in clauses["en"]
    assert _clauses_by_language(_body(text="chuyển đổi s"))["vi"]["query"] == "chuyển đổi s"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("đổi s", "đổi (s | s*)"),
        ("Цифрові", "(Цифрові | Цифрові*)"),
        ("an ninh mạn,", "an ninh (mạn | mạn*),"),
        ('"chuyển đổi"', '"chuyển đổi"'),
        ('x "a b".', 'x "a b".'),
        ('"a b" c', '"a b" (c | c*)'),
        ("", ""),
    ],
)
def test_with_prefix_only_extends_a_trailing_word_outside_phrases(words, expected):
    assert with_prefix(words) == expected


def test_split_last_word_separates_the_word_being_typed():
    assert split_last_word("cong va") == ("cong ", "va")
    assert split_last_word('"cong van"') == ('"cong van"', "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đảng ủy", "Đảng ủy"),
        ("- dang", "dang"),
        ("dang -uy +x", "dang uy x"),
        ("a~2 b\\c", "a 2 b c"),
        ("(((", ""),
        ("x | y*", "x y"),
        ('"unclosed phrase', "unclosed phrase"),
        ('"a b" "c', '"a b" c'),
        ("\u201cchuyển đổi\u201d", '"chuyển đổi"'),
        ("\x00da\x01ng\u200b", "da ng"),
        ("e\u0301", "é"),
        ("  spaced \t out  ", "spaced out"),
    ],
)
def test_visitor_text_keeps_only_words_and_phrases(text, expected):
    assert visitor_words(text) == expected


def test_visitor_text_is_bounded():
    assert len(visitor_words("x" * 10_000)) == es.MAX_TEXT_LENGTH
    assert visitor_words("đ " * 5000).split() == ["đ"] * es.MAX_WORDS


NASTY = ['"', "*", "NEAR(", "--", "OR OR", "title:x", "locale:[a TO z]", "{}[]^~:\\/", "a~2", "😀 🇻🇳", "' OR 1=1 --"]


@pytest.mark.parametrize("text", NASTY)
@pytest.mark.parametrize("prefix", [False, True])
def test_no_visitor_text_reaches_the_engine_as_syntax(text, prefix):
    body = _body(text=text, prefix=prefix)
    if body["query"] == {"match_all": {}}:
        assert not es.has_words(visitor_words(text))
        return
    query = _clauses_by_language(body)["vi"]["query"]
    assert not set(query) & set("+-~\\")
    assert query.count('"') % 2 == 0
    own = re.sub(r"\((\w+) \| \1\*\)", "", query) if prefix else query
    assert not set(own) & set("|()*")


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
    "year": 2024,
}
EXPECTED_FILTERS = {
    "locale": {"term": {"locale": "vi"}},
    "kind": {"terms": {"kind": ["directive", "podcast"]}},
    "theme": {"terms": {"themes.value": ["chuyen-doi-so", "moi-truong"]}},
    "issuer": {"term": {"issuer.value": "4"}},
    "type": {"term": {"document_type.value": "NQ"}},
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


def test_highlight_marks_matches_and_escapes_the_rest():
    highlight = _body(text="đảng")["highlight"]
    assert highlight["pre_tags"] == ["<mark>"]
    assert highlight["post_tags"] == ["</mark>"]
    assert highlight["encoder"] == "html"
    assert highlight["number_of_fragments"] == 1
    assert highlight["fragment_size"] == es.SNIPPET_CHARS
    assert set(highlight["fields"]) == {
        f"{f}.{lang}" for f in ("body", "summary", "transcript") for lang in es.LANGUAGE_ANALYZERS
    }


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


def test_suggestions_need_whole_words_then_the_start_of_the_last_in_titles():
    body = build_suggest("chuyển đổi s", "vi", 8).to_dict()
    words, last = body["query"]["bool"]["must"]
    titles = _by_language(words)
    assert titles["vi"]["query"] == "chuyển đổi "
    assert titles["vi"]["fields"] == ["title.vi^4"]
    assert titles["en"]["fields"] == ["title.en^4"]
    assert last == {"match": {"title.prefix": {"query": "s", "operator": "and"}}}
    (whole,) = body["query"]["bool"]["should"]
    assert _by_language(whole)["vi"]["query"] == "s"
    assert body["query"]["bool"]["filter"] == [{"term": {"locale": "vi"}}]
    assert body["_source"] == ["title"]
    assert body["size"] == 32


def test_suggestions_for_one_word_in_any_language():
    query = build_suggest("цифр", None, 8).to_dict()["query"]["bool"]
    assert query["must"] == [{"match": {"title.prefix": {"query": "цифр", "operator": "and"}}}]
    assert "filter" not in query


@pytest.mark.parametrize(("prefix", "limit"), [("", 8), ("  ", 8), ("***", 8), ("cong", 0)])
def test_nothing_to_suggest_needs_no_request(prefix, limit):
    assert build_suggest(prefix, "vi", limit) is None


# --- Responses ---------------------------------------------------------------------------------------


def test_response_becomes_results_with_snippets_in_the_document_language_and_string_facets():
    document = _document(summary="Đảng lãnh đạo", body="Nội dung <b>đầy đủ</b>")
    response = {
        "hits": {
            "total": {"value": 31, "relation": "eq"},
            "hits": [
                {
                    "_id": "7",
                    "_score": 3.5,
                    "_source": document_source(document),
                    "highlight": {
                        "body.en": ["wrong &lt;language&gt;"],
                        "summary.vi": ["<mark>Đảng</mark>"],
                        "body.vi": ["dung &lt;b&gt;<mark>đầy</mark>"],
                    },
                }
            ],
        },
        "aggregations": {
            "year": {"doc_count": 31, "values": {"buckets": [{"key": "2024", "doc_count": 20}]}},
            "kind": {"doc_count": 31, "values": {"buckets": [{"key": "directive", "doc_count": 31}]}},
        },
    }
    results = parse_response(response)
    assert results.total == 31
    (hit,) = results.hits
    assert hit.document == document
    assert hit.score == 3.5
    # Body before summary; an ellipsis wherever the text goes on.
    assert hit.snippet == "…dung &lt;b&gt;<mark>đầy</mark>…"
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
    assert len(hit.snippet) < es.SNIPPET_CHARS + 20


def test_a_fragment_that_is_the_whole_text_has_no_ellipsis():
    assert es.framed("<mark>An</mark> ninh", "An ninh") == "<mark>An</mark> ninh"
    assert es.framed("x &amp; <mark>y</mark>", "w x & y z") == "…x &amp; <mark>y</mark>…"


def test_suggested_titles_are_distinct_ignoring_case_and_limited():
    hits = [{"_source": {"title": title}} for title in ("Công văn", "CÔNG VĂN", "Công tác", "Công đoàn")]
    assert es.suggested_titles({"hits": {"hits": hits}}, 2) == ["Công văn", "Công tác"]


# --- Rebuild and index set-up, against a recording fake client -----------------------------------------


class FakeIndices:
    def __init__(self, client: "FakeClient") -> None:
        self.client = client

    def __getattr__(self, name: str):
        def record(**kwargs: Any):
            self.client.calls.append((name, kwargs))
            answer = self.client.answers.get(name)
            return answer(**kwargs) if callable(answer) else answer

        return record


class FakeClient:
    """Records the index-management calls the backend makes; answers from `answers`."""

    def __init__(self, **answers: Any) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.answers = answers
        self.indices = FakeIndices(self)

    def options(self, **kwargs: Any) -> "FakeClient":
        return self

    def search(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("search", kwargs))
        return {"hits": {"total": {"value": 0}, "hits": []}, "aggregations": {}}

    def count(self, **kwargs: Any) -> dict[str, int]:
        self.calls.append(("count", kwargs))
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
