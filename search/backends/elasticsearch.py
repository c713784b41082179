"""The Elasticsearch 8 search backend, built on `elasticsearch.dsl`.

This module owns the index definition (analyzers, per-language fields, keyword fields for number
keys and facets), the translation of a `SearchQuery` into a search request, and the index life
cycle: bulk indexing, rebuild into a fresh concrete index followed by an atomic alias swap.
Everything that builds a request body is a pure function, so it is tested without a server.
It answers exactly like the embedded Tantivy backend (tests/search/test_backend_contract.py).

Index layout. Searches and writes go through an alias (the configured index name) that points at
one concrete index, `<name>-initial` or `<name>-<timestamp>`. Every text field (title, summary,
body, transcript) is kept once in `_source` and indexed three times as multi-fields, one per
language analyzer: `title.vi` (folded: tone marks dropped, Đ/đ → D/d), `title.en` (folded and
stemmed), `title.uk` (lower-cased only: й, ї, є, ґ stay letters of their own). A document is
matched only through the sub-fields of its own `language`, so matching never depends on the
language the visitor filters on, and the language facet counts every language honestly.
`title.prefix` (folded edge n-grams) completes titles; `numbers` holds the printed directive numbers.

Visitor text is read as words and "quoted phrases" only; every word must occur in some field of the
document, the last one as a prefix when asked. No query syntax is exposed, so no input can fail.

It must not know about pages, requests or Django models: it speaks `SearchDocument`, `SearchQuery`
and `SearchResults` only, and needs nothing but the server URL and the index name.
"""

import html
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from elasticsearch import ApiError, BadRequestError, Elasticsearch, NotFoundError, TransportError, helpers
from elasticsearch.dsl import (
    A,
    Date,
    Index,
    Keyword,
    Long,
    Object,
    Q,
    Search,
    Text,
    analyzer,
    char_filter,
    token_filter,
)
from elasticsearch.dsl import Mapping as IndexMapping
from elasticsearch.dsl.query import Query

from search.backends.base import (
    FACETS,
    FacetValue,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
)
from search.documents import Label, SearchDocument

logger = logging.getLogger(__name__)

REQUEST_TIMEOUT = 5
"""Seconds a visitor's request may wait for the engine before the page says search is unavailable."""
BULK_TIMEOUT = 120
"""Seconds for bulk loads, refreshes and deletes by query, which may legitimately take longer."""
BULK_CHUNK_SIZE = 500
MAX_RESULT_WINDOW = 10_000
"""Elasticsearch's default `index.max_result_window`: deeper pages answer with no hits."""
MAX_TEXT_LENGTH = 500
MAX_WORDS = 32
FACET_SIZE = 1000
SNIPPET_CHARS = 200
HIGHLIGHT_MAX_ANALYZED_OFFSET = 1_000_000
OWN_NUMBER_BOOST = 10_000.0
"""An item that *is* a searched directive ranks above the items that merely cite it, whatever the text."""

# --- Analysis ---------------------------------------------------------------------------------------

D_STROKE = char_filter("vi_d_stroke", "mapping", mappings=["Đ => D", "đ => d"])
"""Đ is a letter of its own in Vietnamese, not a D with a mark: say explicitly that it folds to D."""
COMBINING_MARKS = char_filter("strip_combining_marks", "pattern_replace", pattern="\\p{Mn}", replacement="")
"""Tone marks typed as separate combining characters (decomposed text) fold like precomposed ones."""
UK_COMPOSED = char_filter(
    "uk_composed", "mapping", mappings=["и\u0306 => й", "И\u0306 => Й", "і\u0308 => ї", "І\u0308 => Ї"]
)
"""Decomposed й and ї are the same letters as the precomposed ones (and never и or і)."""
ENGLISH_STEMMER = token_filter("english_stemmer", "stemmer", language="english")
TITLE_PREFIXES = token_filter("title_prefixes", "edge_ngram", min_gram=1, max_gram=40)

VI_FOLDED = analyzer(
    "vi_folded", tokenizer="standard", char_filter=[D_STROKE, COMBINING_MARKS], filter=["lowercase", "asciifolding"]
)
EN_STEMMED = analyzer(
    "en_stemmed",
    tokenizer="standard",
    char_filter=[COMBINING_MARKS],
    filter=["lowercase", "asciifolding", ENGLISH_STEMMER],
)
UK_TEXT = analyzer("uk_text", tokenizer="standard", char_filter=[UK_COMPOSED], filter=["lowercase"])
PREFIX_FOLDED = analyzer(
    "prefix_folded",
    tokenizer="standard",
    char_filter=[D_STROKE, COMBINING_MARKS],
    filter=["lowercase", "asciifolding", TITLE_PREFIXES],
)
"""Index side of `title.prefix`; the search side is `vi_folded`: typed letters are folded, never stemmed."""

LANGUAGE_ANALYZERS = {"vi": VI_FOLDED, "en": EN_STEMMED, "uk": UK_TEXT}
"""Sub-field name (a language code) → analyzer. Documents in any other language are folded like `vi`."""
DEFAULT_LANGUAGE = "vi"

TEXT_BOOSTS = {"title": 4, "summary": 2, "body": 1, "transcript": 1}
NUMBERS_FIELD = "numbers"
NUMBERS_BOOST = 2
SNIPPET_PARTS = ("body", "transcript", "summary")
"""Where a snippet is looked for, in order."""

FACET_FIELDS = {
    "theme": "themes.value",
    "kind": "kind",
    "year": "year",
    "issuer": "issuer.value",
    "type": "document_type.value",
    "locale": "locale",
}

QUERY_FLAGS = "OR|PRECEDENCE|PREFIX|PHRASE|WHITESPACE"
"""simple_query_string operators the backend itself writes; visitor text never contains them (see visitor_words)."""

_NEWEST = {"order": "desc", "missing": "_last"}
_OLDEST = {"order": "asc", "missing": "_last"}
SORTS: dict[str, tuple[Any, ...]] = {
    "relevance": ("_score", {"date": _NEWEST}, {"id": {"order": "asc"}}),
    "newest": ({"date": _NEWEST}, {"id": {"order": "desc"}}),
    "oldest": ({"date": _OLDEST}, {"id": {"order": "asc"}}),
}


# --- Index definition --------------------------------------------------------------------------------


def language_text(*, prefixes: bool = False) -> Text:
    """A text field kept in `_source` and indexed once per language analyzer (plus edge n-grams)."""
    subfields: dict[str, Text] = {
        language: Text(analyzer=analysis) for language, analysis in LANGUAGE_ANALYZERS.items()
    }
    if prefixes:
        subfields["prefix"] = Text(analyzer=PREFIX_FOLDED, search_analyzer=VI_FOLDED)
    return Text(index=False, fields=subfields)


def label_object() -> Object:
    """A reference-data value: the value is filtered and counted, the labels are only carried along."""
    return Object(properties={"value": Keyword(), "labels": Object(enabled=False)})


def build_mapping() -> IndexMapping:
    mapping = IndexMapping()
    # Fields added to SearchDocument later are kept in _source without changing the mapping.
    mapping.meta("dynamic", False)
    mapping.field("id", Long())
    for name in ("translation_key", "locale", "language", "kind", "directive_key", "cited_keys", "year", "version"):
        mapping.field(name, Keyword())
    for name in ("directive_number", "cited_numbers"):
        mapping.field(name, Keyword(copy_to=NUMBERS_FIELD))
    mapping.field(NUMBERS_FIELD, Text(analyzer=VI_FOLDED))
    mapping.field("title", language_text(prefixes=True))
    for name in ("summary", "body", "transcript"):
        mapping.field(name, language_text())
    for name in ("themes", "issuer", "document_type"):
        mapping.field(name, label_object())
    mapping.field("date", Date())
    mapping.field("first_published_at", Date())
    for name in ("url", "thumbnail_url"):
        mapping.field(name, Keyword(index=False, doc_values=False))
    return mapping


def build_index(name: str) -> Index:
    """The definition (settings, analyzers, mapping) of one concrete index."""
    index = Index(name)
    # One shard: relevance statistics are exact, like the embedded engine's.
    index.settings(number_of_shards=1, auto_expand_replicas="0-1")
    index.mapping(build_mapping())
    return index


# --- Documents ---------------------------------------------------------------------------------------

_DOCUMENT_FIELDS = frozenset(field.name for field in fields(SearchDocument))


def language_of(locale: str) -> str:
    """The analysed sub-fields a locale's text is searched in (`en-gb` → `en`, unknown → `vi`)."""
    language = locale.split("-")[0].lower()
    return language if language in LANGUAGE_ANALYZERS else DEFAULT_LANGUAGE


def _label_dict(label: Label | None) -> dict[str, Any] | None:
    return {"value": label.value, "labels": dict(label.labels)} if label is not None else None


def _label(value: Mapping[str, Any] | None) -> Label | None:
    return Label(str(value["value"]), dict(value.get("labels") or {})) if value else None


def document_source(document: SearchDocument) -> dict[str, Any]:
    """The whole document as stored in `_source` (dates in ISO 8601), plus derived `language` and `year`."""
    return {
        "id": document.id,
        "translation_key": document.translation_key,
        "locale": document.locale,
        "language": language_of(document.locale),
        "kind": document.kind,
        "title": document.title,
        "url": document.url,
        "summary": document.summary,
        "body": document.body,
        "transcript": document.transcript,
        "directive_number": document.directive_number,
        "directive_key": document.directive_key,
        "cited_numbers": list(document.cited_numbers),
        "cited_keys": list(document.cited_keys),
        "themes": [_label_dict(theme) for theme in document.themes],
        "issuer": _label_dict(document.issuer),
        "document_type": _label_dict(document.document_type),
        "date": document.date.isoformat() if document.date else None,
        "year": str(document.date.year) if document.date else None,
        "first_published_at": document.first_published_at.isoformat() if document.first_published_at else None,
        "thumbnail_url": document.thumbnail_url,
        "version": document.version,
    }


def document_from_source(source: Mapping[str, Any]) -> SearchDocument:
    """Rebuild the `SearchDocument` a hit was indexed from."""
    values = {name: value for name, value in source.items() if name in _DOCUMENT_FIELDS and value is not None}
    values["id"] = int(values["id"])
    values["cited_numbers"] = tuple(values.get("cited_numbers", ()))
    values["cited_keys"] = tuple(values.get("cited_keys", ()))
    values["themes"] = tuple(_label(theme) for theme in values.get("themes", ()) if theme)
    values["issuer"] = _label(values.get("issuer"))
    values["document_type"] = _label(values.get("document_type"))
    if values.get("date"):
        values["date"] = date.fromisoformat(values["date"])
    if values.get("first_published_at"):
        values["first_published_at"] = datetime.fromisoformat(values["first_published_at"])
    return SearchDocument(**values)


# --- Visitor text ------------------------------------------------------------------------------------

_QUOTES = str.maketrans(dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\uff02", '"'))
_SYNTAX = re.compile(r"[|()*+\-~\\]")
_LAST_WORD = re.compile(r"(\w+)(\W*)$")


def visitor_words(text: str) -> str:
    """Visitor text as plain words and balanced "quoted phrases": characters the query syntax would
    read as operators, and control or invisible characters, become spaces; at most MAX_WORDS words."""
    text = unicodedata.normalize("NFC", text[: MAX_TEXT_LENGTH * 4])[:MAX_TEXT_LENGTH].translate(_QUOTES)
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)
    text = " ".join(_SYNTAX.sub(" ", text).split()[:MAX_WORDS])
    if text.count('"') % 2:  # an unpaired quote is no phrase: drop the last one
        head, _quote, tail = text.rpartition('"')
        text = f"{head}{tail}"
    return text


def has_words(text: str) -> bool:
    return any(char.isalnum() for char in text)


def _last_word(words: str) -> re.Match[str] | None:
    """The last word, unless the text ends in a "phrase" (whose words are complete)."""
    match = _LAST_WORD.search(words)
    return match if match and '"' not in match.group(2) else None


def split_last_word(words: str) -> tuple[str, str]:
    """(the text without its last word, the last word), or (text, "") when there is no last word."""
    match = _last_word(words)
    if match is None:
        return words, ""
    return words[: match.start()] + match.group(2), match.group(1)


def with_prefix(words: str) -> str:
    """`words` with the last word matching either whole or as the start of a word (search as you type)."""
    match = _last_word(words)
    if match is None:
        return words
    word = match.group(1)
    return f"{words[: match.start()]}({word} | {word}*){match.group(2)}"


# --- Queries -----------------------------------------------------------------------------------------


def _boosted(field: str, boost: float) -> str:
    return f"{field}^{boost}" if boost != 1 else field


def text_fields(language: str, parts: Iterable[str] = tuple(TEXT_BOOSTS), numbers: bool = True) -> list[str]:
    """The boosted fields searched for documents in `language`."""
    chosen = [_boosted(f"{part}.{language}", TEXT_BOOSTS[part]) for part in parts]
    if numbers:
        chosen.append(_boosted(NUMBERS_FIELD, NUMBERS_BOOST))
    return chosen


def text_query(words: str, parts: Iterable[str] = tuple(TEXT_BOOSTS), numbers: bool = True) -> Query:
    """Every word and phrase must occur (in any of the fields) in the document's own language.

    One clause per language: a document is matched and scored by the analyzer of its language
    only, so the same words give the same matches whatever language the visitor filters on."""
    parts = tuple(parts)
    clauses = [
        Q(
            "bool",
            filter=[Q("term", language=language)],
            must=[
                Q(
                    "simple_query_string",
                    query=words,
                    fields=text_fields(language, parts, numbers),
                    default_operator="and",
                    flags=QUERY_FLAGS,
                    lenient=True,
                )
            ],
        )
        for language in LANGUAGE_ANALYZERS
    ]
    return Q("bool", should=clauses, minimum_should_match=1)


def directive_query(keys: Iterable[str]) -> Query:
    """Items that are one of these directives (far above everything else) or cite one of them."""
    keys = list(keys)
    return Q(
        "bool",
        should=[Q("terms", directive_key=keys, boost=OWN_NUMBER_BOOST), Q("terms", cited_keys=keys)],
        minimum_should_match=1,
    )


def date_filters(query: SearchQuery) -> list[Query]:
    bounds = {}
    if query.date_from:
        bounds["gte"] = query.date_from.isoformat()
    if query.date_to:
        bounds["lte"] = query.date_to.isoformat()
    return [Q("range", date=bounds)] if bounds else []


def searched_words(query: SearchQuery) -> str:
    """The words of `query` as sent to the engine; empty when nothing searchable is left."""
    words = visitor_words(query.text)
    if not has_words(words):
        return ""
    return with_prefix(words) if query.prefix else words


def main_query(query: SearchQuery) -> Query:
    """What the results and every facet count share: the words, the numbers and the date range."""
    must = []
    words = searched_words(query)
    if words:
        must.append(text_query(words))
    if query.directive_keys:
        must.append(directive_query(query.directive_keys))
    filters = date_filters(query)
    if not must and not filters:
        return Q("match_all")
    return Q("bool", must=must, filter=filters)


def facet_filters(query: SearchQuery) -> dict[str, Query]:
    """The active filters that are also facets, by facet name (applied as post_filter)."""
    filters: dict[str, Query] = {}
    if query.locale:
        filters["locale"] = Q("term", locale=query.locale)
    if query.kinds:
        filters["kind"] = Q("terms", kind=list(query.kinds))
    if query.themes:
        filters["theme"] = Q("terms", **{FACET_FIELDS["theme"]: list(query.themes)})
    if query.issuer:
        filters["issuer"] = Q("term", **{FACET_FIELDS["issuer"]: query.issuer})
    if query.document_type:
        filters["type"] = Q("term", **{FACET_FIELDS["type"]: query.document_type})
    if query.year is not None:
        filters["year"] = Q("term", year=str(query.year))
    return filters


def _all_of(filters: Iterable[Query]) -> Query:
    filters = list(filters)
    return Q("bool", filter=filters) if filters else Q("match_all")


def facet_aggregation(name: str, filters: Mapping[str, Query]) -> A:
    """Counts of `name`'s values under every active filter except its own (multi-select facets)."""
    others = (query for facet, query in filters.items() if facet != name)
    values = A("terms", field=FACET_FIELDS[name], size=FACET_SIZE, order=[{"_count": "desc"}, {"_key": "asc"}])
    return A("filter", filter=_all_of(others), aggs={"values": values})


def page_window(query: SearchQuery) -> tuple[int, int]:
    """(from, size) for the requested page; pages beyond the result window are empty."""
    per_page = max(query.per_page, 1)
    offset = (max(query.page, 1) - 1) * per_page
    if offset >= MAX_RESULT_WINDOW:
        return 0, 0
    return offset, min(per_page, MAX_RESULT_WINDOW - offset)


def highlight_fields() -> list[str]:
    return [f"{part}.{language}" for part in SNIPPET_PARTS for language in LANGUAGE_ANALYZERS]


def build_search(query: SearchQuery) -> Search:
    """The whole search request for `query` (index-independent; `.to_dict()` is the request body)."""
    search = Search().query(main_query(query))
    filters = facet_filters(query)
    if filters:
        search = search.post_filter(_all_of(filters.values()))
    for name in FACETS:
        search.aggs.bucket(name, facet_aggregation(name, filters))
    if searched_words(query):
        search = search.highlight_options(
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            encoder="html",
            fragment_size=SNIPPET_CHARS,
            number_of_fragments=1,
            max_analyzed_offset=HIGHLIGHT_MAX_ANALYZED_OFFSET,
        ).highlight(*highlight_fields())
    search = search.sort(*SORTS.get(query.sort, SORTS["relevance"]))
    offset, size = page_window(query)
    return search.extra(track_total_hits=True)[offset : offset + size]


def build_suggest(prefix: str, locale: str | None, limit: int) -> Search | None:
    """Titles containing the typed words, the last one as the start of a word; None if nothing was typed."""
    words = visitor_words(prefix)
    if not has_words(words) or limit <= 0:
        return None
    head, last = split_last_word(words)
    must, should = [], []
    if has_words(head):
        must.append(text_query(head, parts=("title",), numbers=False))
    if last:
        must.append(Q("match", **{"title.prefix": {"query": last, "operator": "and"}}))
        should.append(text_query(last, parts=("title",), numbers=False))  # a complete word ranks higher
    filters = [Q("term", locale=locale)] if locale else []
    # More rows than needed: several items (or their translations) may share a title.
    return Search().query(Q("bool", must=must, should=should, filter=filters)).source(["title"])[: limit * 4]


# --- Responses ---------------------------------------------------------------------------------------


def leading_text(text: str) -> str:
    """The start of `text`, escaped, when nothing in it was highlighted."""
    if len(text) <= SNIPPET_CHARS:
        return html.escape(text)
    cut = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] or text[:SNIPPET_CHARS]
    return html.escape(cut) + "…"


def framed(fragment: str, text: str) -> str:
    """A highlighted fragment with an ellipsis on each side where `text` goes on."""
    plain = html.unescape(fragment.replace("<mark>", "").replace("</mark>", ""))
    start = text.find(plain)
    if start < 0:
        return fragment
    before = "…" if start > 0 else ""
    after = "…" if start + len(plain) < len(text) else ""
    return f"{before}{fragment}{after}"


def snippet(hit: Mapping[str, Any], document: SearchDocument) -> str:
    """The highlighted fragment of the first text that matched, in the document's own language."""
    highlight = hit.get("highlight") or {}
    language = language_of(document.locale)
    for part in SNIPPET_PARTS:
        fragments = highlight.get(f"{part}.{language}")
        if fragments:
            return framed(fragments[0], getattr(document, part))
    return leading_text(document.summary or document.body or document.transcript)


def parse_response(response: Mapping[str, Any]) -> SearchResults:
    hits = []
    for hit in response["hits"]["hits"]:
        document = document_from_source(hit["_source"])
        # Sorted by date, the engine computes no score.
        hits.append(SearchHit(document, float(hit.get("_score") or 0.0), snippet(hit, document)))
    aggregations = response.get("aggregations") or {}
    facets = {
        name: [
            FacetValue(str(bucket["key"]), bucket["doc_count"])
            for bucket in aggregations.get(name, {}).get("values", {}).get("buckets", [])
        ]
        for name in FACETS
    }
    return SearchResults(total=response["hits"]["total"]["value"], hits=hits, facets=facets)


def suggested_titles(response: Mapping[str, Any], limit: int) -> list[str]:
    """Distinct titles (ignoring case), best first."""
    titles: dict[str, str] = {}
    for hit in response["hits"]["hits"]:
        title = hit["_source"]["title"]
        titles.setdefault(title.casefold(), title)
    return list(titles.values())[:limit]


# --- The backend -------------------------------------------------------------------------------------


def _describe(error: Exception) -> str:
    if isinstance(error, helpers.BulkIndexError):
        first = error.errors[0] if error.errors else ""
        return f"{error.args[0]} First: {first}"[:500]
    return f"{type(error).__name__}: {error}"[:500]


class ElasticsearchBackend(SearchBackend):
    """Search on an Elasticsearch 8 server through the alias `index_name`."""

    def __init__(self, url: str, index_name: str = "directives", *, client: Elasticsearch | None = None) -> None:
        if client is None:
            if not url:
                raise ImproperlyConfigured("SEARCH_BACKEND is 'elasticsearch' but ELASTICSEARCH_URL is not set.")
            client = Elasticsearch(url, request_timeout=REQUEST_TIMEOUT, retry_on_timeout=True, max_retries=1)
        self.client = client
        self.alias = index_name
        self._ready = False

    # Errors -------------------------------------------------------------------------------------

    @contextmanager
    def _engine(self, action: str) -> Iterator[None]:
        """Turn any failure of the engine into `SearchUnavailable`, logged once without a stack trace."""
        try:
            yield
        except (TransportError, ApiError, helpers.BulkIndexError) as error:
            if isinstance(error, NotFoundError):
                self._ready = False  # the alias vanished: set it up again on the next call
            logger.error("Elasticsearch could not %s (index %r): %s", action, self.alias, _describe(error))
            raise SearchUnavailable(f"The search engine could not {action}; please try again shortly.") from error

    # Index life cycle ---------------------------------------------------------------------------

    def _slow(self) -> Elasticsearch:
        return self.client.options(request_timeout=BULK_TIMEOUT)

    def _create_index(self, name: str, *, alias: bool, loading: bool = False) -> None:
        body = build_index(name).to_dict()
        if loading:
            body["settings"]["refresh_interval"] = "-1"
        if alias:
            body["aliases"] = {self.alias: {}}
        self.client.indices.create(index=name, **body)

    def _ensure_index(self) -> None:
        """Create the first concrete index behind the alias if nothing answers to the alias's name yet."""
        if self._ready:
            return
        if not self.client.indices.exists(index=self.alias):
            first = f"{self.alias}-initial"
            try:
                # A fixed name, so two processes starting at once cannot put the alias on two indices.
                self._create_index(first, alias=True)
            except BadRequestError as error:
                if error.error != "resource_already_exists_exception":
                    raise
                # Made by another process meanwhile (or left behind): make sure the alias names it.
                self.client.indices.put_alias(index=first, name=self.alias)
        self._ready = True

    def _new_index_name(self) -> str:
        return f"{self.alias}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"

    def _aliased_indices(self) -> list[str]:
        try:
            return list(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return []

    def _drop_quietly(self, *names: str) -> None:
        try:
            self.client.indices.delete(index=",".join(names), ignore_unavailable=True)
        except (TransportError, ApiError) as error:
            logger.warning("Elasticsearch could not delete index %s: %s", ", ".join(names), _describe(error))

    def _bulk(self, actions: Iterable[dict[str, Any]], **kwargs: Any) -> int:
        done, _errors = helpers.bulk(self._slow(), actions, chunk_size=BULK_CHUNK_SIZE, **kwargs)
        return done

    @staticmethod
    def _index_actions(
        documents: Iterable[SearchDocument], index: str, seen: set[int] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Bulk actions that add or replace `documents` in `index`, noting their ids in `seen`."""
        for document in documents:
            if seen is not None:
                seen.add(document.id)
            yield {"_op_type": "index", "_index": index, "_id": str(document.id), "_source": document_source(document)}

    # SearchBackend --------------------------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> None:
        documents = list(documents)
        if not documents:
            return
        with self._engine("index documents"):
            self._ensure_index()
            self._bulk(self._index_actions(documents, self.alias))
            self._slow().indices.refresh(index=self.alias)

    def delete(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        if not ids:
            return
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": str(pk)} for pk in ids)
        with self._engine("delete documents"):
            self._ensure_index()
            self._bulk(actions, ignore_status=(404,))
            self._slow().indices.refresh(index=self.alias)

    def search(self, query: SearchQuery) -> SearchResults:
        with self._engine("search"):
            self._ensure_index()
            response = self.client.search(index=self.alias, body=build_search(query).to_dict())
        return parse_response(response)

    def suggest(self, prefix: str, locale: str | None, limit: int = 8) -> list[str]:
        request = build_suggest(prefix, locale, limit)
        if request is None:
            return []
        with self._engine("suggest titles"):
            self._ensure_index()
            response = self.client.search(index=self.alias, body=request.to_dict())
        return suggested_titles(response, limit)

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Load a new concrete index, then point the alias at it in one atomic step and drop the old one."""
        new = self._new_index_name()
        with self._engine("rebuild the index"):
            self._create_index(new, alias=False, loading=True)
            seen: set[int] = set()
            try:
                self._bulk(self._index_actions(documents, new, seen))
                self.client.indices.put_settings(index=new, settings={"index": {"refresh_interval": None}})
                self._slow().indices.refresh(index=new)
                old = self._swap_alias(new)
            except BaseException:
                self._drop_quietly(new)
                raise
        if old:
            self._drop_quietly(*old)
        self._ready = True
        return len(seen)

    def _swap_alias(self, new: str) -> list[str]:
        """Point the alias at `new` only, in one `update_aliases` call; returns the indices it left."""
        old = self._aliased_indices()
        actions: list[dict[str, Any]] = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        if not old and self.client.indices.exists(index=self.alias):
            # A concrete index squats on the alias's name (made by hand, or by an old version): replace it.
            actions.append({"remove_index": {"index": self.alias}})
        actions.append({"add": {"index": new, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        return old

    def versions(self) -> Iterator[tuple[int, str]]:
        with self._engine("list indexed versions"):
            self._ensure_index()
            hits = helpers.scan(
                self.client,
                index=self.alias,
                query={"query": {"match_all": {}}, "_source": ["id", "version"]},
                size=1000,
                request_timeout=BULK_TIMEOUT,  # the helper's default is no timeout at all
            )
            for hit in hits:
                yield int(hit["_source"]["id"]), hit["_source"].get("version") or ""

    def count(self) -> int:
        with self._engine("count documents"):
            self._ensure_index()
            return int(self.client.count(index=self.alias)["count"])

    def clear(self) -> None:
        with self._engine("clear the index"):
            self._ensure_index()
            self._slow().delete_by_query(
                index=self.alias, query={"match_all": {}}, refresh=True, conflicts="proceed", wait_for_completion=True
            )
