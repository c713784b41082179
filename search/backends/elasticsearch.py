"""The Elasticsearch 8 search backend, built on `elasticsearch.dsl`.

This module owns the index definition (analysed text fields, keyword fields for number keys and
facets), the rendering of search/relevance.py's query trees as Elasticsearch query DSL, and the
index life cycle: bulk indexing, rebuild into a fresh concrete index followed by an atomic alias
swap. Everything that builds a request body is a pure function, so it is tested without a server.
It answers exactly like the embedded Tantivy backend (tests/search/test_backend_contract.py).

Index layout. Searches and writes go through an alias (the configured index name) that points at
one concrete index, `<name>-initial` or `<name>-<timestamp>`. Language analysis is not the
engine's: search/analysis.py turns every text into terms, and search/relevance.py lays them out in
the same fields the embedded backend indexes (``text_vi``, ``exact_vi``, ``title_vi``, …,
``prefix_vi``, one set per language of the site), sent with each document and indexed by a
whitespace analyzer as they are; they are left out of `_source`, which keeps the document itself.
A document has only the fields of its own language, so matching never depends on the language the
visitor filters on, and the language facet counts every language honestly.

Visitor text is read as words and "quoted phrases" only (search/relevance.py); no query syntax is
exposed, so no input can fail. Snippets are made from `_source` by search/snippets.py.

It must not know about pages, requests or Django models: it speaks `SearchDocument`, `SearchQuery`
and `SearchResults` only, and needs nothing but the server URL and the index name.
"""

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import fields
from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from elasticsearch import ApiError, BadRequestError, Elasticsearch, NotFoundError, TransportError, helpers
from elasticsearch.dsl import A, Date, Index, Keyword, Long, Object, Q, Search, Text, analyzer
from elasticsearch.dsl import Mapping as IndexMapping
from elasticsearch.dsl.query import Query
from elasticsearch.helpers import ScanError

from search import relevance
from search.analysis import language_of, languages
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
from search.snippets import Snippets

logger = logging.getLogger(__name__)

QUERY_TIMEOUT = 2
"""Seconds a visitor's search or suggestion may wait, tried once: then the page says search is
unavailable (503) instead of holding a server worker while the engine is slow."""
WRITE_TIMEOUT = 5
"""Seconds for one write of a few documents (a publish) and for setting the index up, tried once:
the task that asked for it is retried, not the request (search/tasks.py)."""
BULK_TIMEOUT = 120
"""Seconds for bulk loads, refreshes and deletes by query, which may legitimately take longer."""
BULK_CHUNK_SIZE = 500
BULK_RETRIES = 3
"""Times a bulk load resends the documents the server refused as too many requests (429), waiting
2, 4, then 8 seconds (elasticsearch.helpers.bulk's backoff)."""
MAX_RESULT_WINDOW = 10_000
"""Elasticsearch's default `index.max_result_window`: deeper pages answer with no hits."""
FACET_SIZE = 1000
OWN_NUMBER_BOOST = 10_000.0
"""An item that *is* a searched directive ranks above the items that merely cite it, whatever the text."""

# --- Analysis ---------------------------------------------------------------------------------------

TERMS = analyzer("terms", tokenizer="whitespace")
"""Analysed fields hold terms made by search/analysis.py, separated by spaces: indexed as they are."""
FUZZY_MAX_EXPANSIONS = 50

FACET_FIELDS = {
    "theme": "themes.value",
    "kind": "kind",
    "year": "year",
    "issuer": "issuer.value",
    "type": "document_type.value",
    "status": "status",
    "locale": "locale",
}

_NEWEST = {"order": "desc", "missing": "_last"}
_OLDEST = {"order": "asc", "missing": "_last"}
SORTS: dict[str, tuple[Any, ...]] = {
    "relevance": ("_score", {"date": _NEWEST}, {"id": {"order": "asc"}}),
    "newest": ({"date": _NEWEST}, {"id": {"order": "desc"}}),
    "oldest": ({"date": _OLDEST}, {"id": {"order": "asc"}}),
}


# --- Index definition --------------------------------------------------------------------------------


def analysed_fields() -> list[str]:
    """Every analysed field, of every language of the site (the same as the embedded backend's)."""
    return [relevance.field_name(part, language) for language in languages() for part in relevance.TEXT_PARTS]


def label_object() -> Object:
    """A reference-data value: the value is filtered and counted, the labels are only carried along."""
    return Object(properties={"value": Keyword(), "labels": Object(enabled=False)})


def build_mapping() -> IndexMapping:
    mapping = IndexMapping()
    # Fields added to SearchDocument later are kept in _source without changing the mapping.
    mapping.meta("dynamic", False)
    mapping.meta("_source", excludes=analysed_fields())
    mapping.field("id", Long())
    for name in (
        "translation_key",
        "locale",
        "language",
        "kind",
        "directive_key",
        "cited_keys",
        "year",
        "status",
        "version",
    ):
        mapping.field(name, Keyword())
    for name in ("directive_number", "cited_numbers", "url", "thumbnail_url"):
        mapping.field(name, Keyword(index=False, doc_values=False))
    for name in ("title", "summary", "body", "transcript"):
        mapping.field(name, Text(index=False))
    for language in languages():
        for part in relevance.TEXT_PARTS:
            options = {} if part in relevance.POSITIONS_PARTS else {"index_options": "freqs"}
            mapping.field(relevance.field_name(part, language), Text(analyzer=TERMS, **options))
    for name in ("themes", "issuer", "document_type"):
        mapping.field(name, label_object())
    mapping.field("date", Date())
    mapping.field("first_published_at", Date())
    return mapping


def mapping_digest() -> str:
    """A digest of the index definition (settings, mapping) this code builds: stored in the index's
    mapping `_meta`, so an index built by another version of the site is recognised."""
    definition = Index("digest")
    definition.settings(**_INDEX_SETTINGS)
    definition.mapping(build_mapping())
    body = json.dumps(definition.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()[:16]


_INDEX_SETTINGS = {"number_of_shards": 1, "auto_expand_replicas": "0-1"}
"""One shard: relevance statistics are exact, like the embedded engine's."""


def build_index(name: str) -> Index:
    """The definition (settings, analyzers, mapping) of one concrete index, with its digest."""
    index = Index(name)
    index.settings(**_INDEX_SETTINGS)
    mapping = build_mapping()
    mapping.meta("_meta", {"mapping_digest": mapping_digest()})
    index.mapping(mapping)
    return index


# --- Documents ---------------------------------------------------------------------------------------

_DOCUMENT_FIELDS = frozenset(field.name for field in fields(SearchDocument))


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
        "status": document.status or None,
        "date": document.date.isoformat() if document.date else None,
        "year": str(document.date.year) if document.date else None,
        "first_published_at": document.first_published_at.isoformat() if document.first_published_at else None,
        "thumbnail_url": document.thumbnail_url,
        "version": document.version,
    }


def document_body(document: SearchDocument) -> dict[str, Any]:
    """What is sent to be indexed: the `_source` and the analysed fields (not kept in `_source`)."""
    return {**document_source(document), **relevance.document_fields(document)}


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


# --- Queries -----------------------------------------------------------------------------------------


def render(node: relevance.Node, boost: float = 1.0) -> dict[str, Any]:
    """A query tree of search/relevance.py as Elasticsearch query DSL (`boost` multiplies its score)."""
    extra = {"boost": boost} if boost != 1.0 else {}
    match node:
        case relevance.Term(field, value):
            return {"term": {field: {"value": value, **extra}}}
        case relevance.Prefix(field, value):
            return {"prefix": {field: {"value": value, **extra}}}
        case relevance.Fuzzy(field, value):
            options = {"fuzziness": 1, "transpositions": True, "prefix_length": 0}
            return {"fuzzy": {field: {"value": value, **options, "max_expansions": FUZZY_MAX_EXPANSIONS, **extra}}}
        case relevance.Phrase(field, values, slop):
            if len(values) == 1:
                return render(relevance.Term(field, values[0]), boost)
            return {"match_phrase": {field: {"query": " ".join(values), "slop": slop, **extra}}}
        case relevance.Boost(query, factor):
            return render(query, boost * factor)
        case relevance.Const(query, score):
            return {"constant_score": {"filter": render(query), "boost": score * boost}}
        case relevance.AnyOf(queries):
            return {"bool": {"should": [render(query) for query in queries], "minimum_should_match": 1, **extra}}
        case relevance.Bool(must, should, minimum):
            clauses: dict[str, Any] = {}
            if must:
                clauses["must"] = [render(query) for query in must]
            if should:
                clauses["should"] = [render(query) for query in should]
                if minimum or not must:
                    clauses["minimum_should_match"] = max(minimum, 1)
            return {"bool": {**clauses, **extra}}
    raise TypeError(f"Not a query node: {node!r}")


def searched_languages(query: SearchQuery) -> list[str]:
    return [language_of(query.locale)] if query.locale else list(languages())


def text_tree(query: SearchQuery, relaxed: bool = True) -> relevance.TextQuery | None:
    words = relevance.parse_words(query.text or "", query.prefix)
    return relevance.text_query(words, searched_languages(query), fuzzy=query.fuzzy, relaxed=relaxed)


def relaxable(query: SearchQuery) -> bool:
    """Whether a relaxed request could find more (see relevance.RELAX_BELOW)."""
    return relevance.relaxable(relevance.parse_words(query.text or "", query.prefix), searched_languages(query))


def text_query(query: SearchQuery, relaxed: bool = True) -> Query | None:
    """The text part of `query` (scored), or None when it has no searchable words."""
    tree = text_tree(query, relaxed)
    return Q(render(tree.scored)) if tree is not None else None


def rescore(query: SearchQuery, relaxed: bool = True) -> dict[str, Any] | None:
    """The phrase bonuses over the best relevance.RESCORE_WINDOW hits (relevance order only)."""
    tree = text_tree(query, relaxed)
    if tree is None or tree.rescore is None or query.sort not in ("relevance", None) or not query.text:
        return None
    return {
        "window_size": relevance.RESCORE_WINDOW,
        "query": {
            "rescore_query": render(tree.rescore),
            "query_weight": 1.0,
            "rescore_query_weight": 1.0,
            "score_mode": "total",
        },
    }


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


def main_query(query: SearchQuery, relaxed: bool = True) -> Query:
    """What the results and every facet count share: the words, the numbers and the date range."""
    must = []
    words = text_query(query, relaxed)
    if words is not None:
        must.append(words)
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
    if query.statuses:
        filters["status"] = Q("terms", status=list(query.statuses))
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


def build_search(query: SearchQuery, relaxed: bool = True) -> Search:
    """The whole search request for `query` (index-independent; `.to_dict()` is the request body).
    Not `relaxed`, every word but the function words is required (relevance.RELAX_BELOW)."""
    search = Search().query(main_query(query, relaxed))
    filters = facet_filters(query)
    if filters:
        search = search.post_filter(_all_of(filters.values()))
    for name in FACETS:
        search.aggs.bucket(name, facet_aggregation(name, filters))
    offset, size = page_window(query)
    if (phrases := rescore(query, relaxed)) is not None and offset + size <= relevance.RESCORE_WINDOW:
        # Elasticsearch rescores only in score order: ties keep the engine's order.
        search = search.extra(rescore=phrases)
    else:
        search = search.sort(*SORTS.get(query.sort, SORTS["relevance"]))
    return search.extra(track_total_hits=True)[offset : offset + size]


def build_suggest(prefix: str, locale: str | None, limit: int) -> Search | None:
    """Titles holding the typed words, the last one as the start of a word; None if nothing was typed."""
    words = relevance.parse_words(prefix, prefix=True)
    if limit <= 0 or words.is_empty:
        return None
    tree = relevance.suggest_query(words, [language_of(locale)] if locale else list(languages()))
    if tree is None:
        return None
    filters = [Q("term", locale=locale)] if locale else []
    # More rows than needed: several items (or their translations) may share a title.
    return Search().query(Q("bool", must=[Q(render(tree))], filter=filters)).source(["title"])[: limit * 4]


# --- Responses ---------------------------------------------------------------------------------------


def parse_response(response: Mapping[str, Any], snippets: Snippets | None = None) -> SearchResults:
    snippets = snippets or Snippets(None)
    hits = []
    for hit in response["hits"]["hits"]:
        document = document_from_source(hit["_source"])
        # Sorted by date, the engine computes no score.
        hits.append(SearchHit(document, float(hit.get("_score") or 0.0), snippets.snippet(document)))
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


def _alias_missing(error: Exception) -> bool:
    """A write refused because the alias is gone (`require_alias`): the index is set up again."""
    return isinstance(error, helpers.BulkIndexError) and any(
        "index_not_found_exception" in json.dumps(item, default=str) for item in error.errors[:5]
    )


def _describe(error: Exception) -> str:
    if isinstance(error, helpers.BulkIndexError):
        first = error.errors[0] if error.errors else ""
        return f"{error.args[0]} First: {first}"[:500]
    return f"{type(error).__name__}: {error}"[:500]


class IndexOfAnotherVersion(Exception):
    """The index behind the alias was built with another definition than this code's."""


class ElasticsearchBackend(SearchBackend):
    """Search on an Elasticsearch 8 server through the alias `index_name`.

    `connection` holds the client's other connection settings (search/conf.py:
    `elasticsearch_connection()`): `cloud_id` instead of the URL, `api_key`, `ca_certs`,
    `ssl_assert_fingerprint`."""

    def __init__(
        self,
        url: str,
        index_name: str = "directives",
        *,
        client: Elasticsearch | None = None,
        connection: Mapping[str, Any] | None = None,
    ) -> None:
        if client is None:
            connection = dict(connection or {})
            if not url and not connection.get("cloud_id"):
                raise ImproperlyConfigured(
                    "SEARCH_BACKEND is 'elasticsearch' but neither ELASTICSEARCH_URL nor ELASTICSEARCH_CLOUD_ID is set."
                )
            client = Elasticsearch(
                url or None, request_timeout=WRITE_TIMEOUT, max_retries=0, retry_on_timeout=False, **connection
            )
        self.client = client
        self.alias = index_name
        self._ready = False

    # Errors -------------------------------------------------------------------------------------

    @contextmanager
    def _engine(self, action: str) -> Iterator[None]:
        """Turn any failure of the engine into `SearchUnavailable`, logged once without a stack trace."""
        try:
            yield
        except IndexOfAnotherVersion as error:
            self._ready = False  # checked again on the next call: a rebuild may have fixed it
            logger.error("Elasticsearch could not %s (index %r): %s", action, self.alias, error)
            raise SearchUnavailable(f"The search index is out of date; please try again shortly. ({error})") from error
        except (TransportError, ApiError, helpers.BulkIndexError, ScanError) as error:
            if isinstance(error, NotFoundError) or _alias_missing(error):
                self._ready = False  # the alias vanished: set it up again on the next call
            logger.error("Elasticsearch could not %s (index %r): %s", action, self.alias, _describe(error))
            raise SearchUnavailable(f"The search engine could not {action}; please try again shortly.") from error

    # Index life cycle ---------------------------------------------------------------------------

    def _slow(self) -> Elasticsearch:
        return self.client.options(request_timeout=BULK_TIMEOUT, max_retries=1, retry_on_timeout=True)

    def _visitor(self) -> Elasticsearch:
        return self.client.options(request_timeout=QUERY_TIMEOUT, max_retries=0, retry_on_timeout=False)

    def _create_index(self, name: str, *, alias: bool, loading: bool = False) -> None:
        body = build_index(name).to_dict()
        if loading:
            body["settings"]["refresh_interval"] = "-1"
        if alias:
            body["aliases"] = {self.alias: {}}
        self.client.indices.create(index=name, **body)

    def _ensure_index(self) -> None:
        """Create the first concrete index behind the alias if nothing answers to the alias's name yet;
        refuse an index built with another definition (`mapping_digest`) until it is rebuilt."""
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
        self._check_definition()
        self._ready = True

    def _check_definition(self) -> None:
        wanted = mapping_digest()
        for name, body in self.client.indices.get_mapping(index=self.alias).items():
            found = ((body.get("mappings") or {}).get("_meta") or {}).get("mapping_digest")
            if found != wanted:
                raise IndexOfAnotherVersion(
                    f"index {name} was built by another version of the site (definition {found or 'unknown'}, "
                    f"this version's is {wanted}): run `manage.py search_index rebuild`"
                )

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

    def _leftovers(self, before: str) -> list[str]:
        """Concrete indices of this alias that it does not point at and that a rebuild started before
        `before` (an index name) made: what a rebuild killed mid-way left behind."""
        pattern = re.compile(rf"{re.escape(self.alias)}-(initial|\d{{20}})")
        names = self.client.indices.get(
            index=f"{self.alias}-*", expand_wildcards="open,closed", ignore_unavailable=True
        )
        aliased = set(self._aliased_indices())
        return sorted(
            name
            for name in names
            if pattern.fullmatch(name) and name not in aliased and (name.endswith("-initial") or name < before)
        )

    def _write(self, actions: Iterable[dict[str, Any]], **kwargs: Any) -> None:
        """A few documents to the alias, in one request that also makes them searchable: the alias
        is required (a write must never create a plain index of that name with default mappings)."""
        helpers.bulk(self.client, actions, chunk_size=BULK_CHUNK_SIZE, refresh=True, require_alias=True, **kwargs)

    def _bulk(self, actions: Iterable[dict[str, Any]], **kwargs: Any) -> int:
        done, _errors = helpers.bulk(
            self._slow(), actions, chunk_size=BULK_CHUNK_SIZE, max_retries=BULK_RETRIES, initial_backoff=2, **kwargs
        )
        return done

    @staticmethod
    def _index_actions(
        documents: Iterable[SearchDocument], index: str, seen: set[int] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Bulk actions that add or replace `documents` in `index`, noting their ids in `seen`."""
        for document in documents:
            if seen is not None:
                seen.add(document.id)
            yield {"_op_type": "index", "_index": index, "_id": str(document.id), "_source": document_body(document)}

    # SearchBackend --------------------------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> None:
        documents = list(documents)
        if not documents:
            return
        with self._engine("index documents"):
            self._ensure_index()
            self._write(self._index_actions(documents, self.alias))

    def delete(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        if not ids:
            return
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": str(pk)} for pk in ids)
        with self._engine("delete documents"):
            self._ensure_index()
            self._write(actions, ignore_status=(404,))

    def search(self, query: SearchQuery) -> SearchResults:
        with self._engine("search"):
            self._ensure_index()
            client = self._visitor()
            response = client.search(index=self.alias, body=build_search(query, relaxed=False).to_dict())
            if response["hits"]["total"]["value"] < relevance.RELAX_BELOW and relaxable(query):
                response = client.search(index=self.alias, body=build_search(query, relaxed=True).to_dict())
        return parse_response(response, Snippets(relevance.parse_words(query.text or "", query.prefix), query.fuzzy))

    def suggest(self, prefix: str, locale: str | None, limit: int = 8) -> list[str]:
        request = build_suggest(prefix, locale, limit)
        if request is None:
            return []
        with self._engine("suggest titles"):
            self._ensure_index()
            response = self._visitor().search(index=self.alias, body=request.to_dict())
        return suggested_titles(response, limit)

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Load a new concrete index, then point the alias at it in one atomic step and drop the old
        one, and whatever earlier rebuilds killed mid-way left behind."""
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
        self._ready = False  # the new index's definition is checked on the next use
        if old:
            self._drop_quietly(*old)
        with suppress(SearchUnavailable):  # logged; the new index is in place, the next rebuild tries again
            self.cleanup(before=new)
        return len(seen)

    def cleanup(self, before: str | None = None) -> list[str]:
        """Drop the indices of this alias that it no longer points at (rebuilds killed mid-way,
        with refresh switched off), made before the index `before` (default: now); returns them."""
        with self._engine("list the indices"):
            leftovers = self._leftovers(before or self._new_index_name())
        if leftovers:
            logger.warning("Elasticsearch: dropping indices the alias %r no longer uses: %s", self.alias, leftovers)
            self._drop_quietly(*leftovers)
        return leftovers

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
