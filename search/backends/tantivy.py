"""The embedded search backend: a Tantivy index in a directory on disk.

This module owns the on-disk layout, the schema and analyzers, the translation of a `SearchQuery`
into Tantivy queries, and the cross-process write protocol. It knows nothing of pages or Django:
it turns `SearchDocument`s into index entries and answers with `SearchResults`.

Layout of `index_dir`::

    write.lock        every write, and a rebuild's swap, takes an exclusive flock on it (readers never lock)
    rebuild.lock      held by a rebuild for its whole run (one at a time), and by `cleanup`
    CURRENT           name of the live generation, replaced atomically (os.replace); only a rebuild
                      makes the first one, so a missing index answers SearchUnavailable, never empty
    gen-<ns>-<pid>/   a Tantivy index; `rebuild` fills a new one, then repoints CURRENT

Text is analysed by search/analysis.py and laid out by search/relevance.py: one set of fields per
language of the site (``<part>_<language>``) holding terms separated by spaces, which a whitespace
tokenizer indexes as they are. ``text_<language>`` (match terms of every word of the item) decides
what matches; ``exact_``, ``title_``, ``summary_``, ``directive_number_`` and ``themes_<language>``
rank; ``prefix_<language>`` completes titles. Filters and facets use raw keyword fast fields; a
stored JSON copy of the `SearchDocument` rebuilds each hit; snippets are made by search/snippets.py.

Visitor text is read as words and "quoted phrases" only: Tantivy's query language (fields, ranges,
boolean operators) is never exposed, so no input can fail to parse or reach an internal field.
The words match and rank by the rules of search/relevance.py (rendered here as Tantivy queries),
in the searched languages (all of them when no locale is given). Facets count with multi-select
semantics in one aggregation pass: a filter aggregation per active facet (under every other filter),
one for the rest; the language facet of a text search in one language counts the other languages
apart, in their own fields.
"""

from __future__ import annotations

import fcntl
import itertools
import json
import math
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Occur, Query

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

# --- Tuning ---------------------------------------------------------------------------------------

LOCK_TIMEOUT = 10.0
"""Seconds a write waits for another process's write (or a rebuild's swap) before giving up: well
under gunicorn's 30 s, since a rebuild holds the write lock only to swap, never while it reads."""
WRITER_HEAP = 64_000_000
REBUILD_HEAP = 256_000_000
REBUILD_COMMIT_EVERY = 100_000
MAX_PER_PAGE = 1000
FACET_SIZE = 1000
QUERY_CACHE_SIZE = 512
"""Distinct visitor texts whose Tantivy queries are kept built (popular searches repeat)."""
OWN_NUMBER_BOOST = 10_000.0
"""Added to the score of a document whose own number was asked for, so it ranks before citing ones."""

# --- Schema ---------------------------------------------------------------------------------------

TOKENIZER = "terms"
"""Text fields hold terms already analysed by search/analysis.py, separated by spaces."""
TEXT_PARTS = relevance.TEXT_PARTS
FACET_FIELDS: dict[str, str] = {
    "theme": "theme",
    "kind": "kind",
    "year": "year",
    "issuer": "issuer",
    "type": "document_type",
    "status": "status",
    "locale": "locale",
}
KEYWORD_FIELDS = ("translation_key", "version", "directive_key", "cited_keys", *FACET_FIELDS.values())
DAY_FIELD = "day"
"""The document's date as an integer yyyymmdd: range filters and newest/oldest sorting."""
DATE_ORDERS = {"newest": tantivy.Order.Desc, "oldest": tantivy.Order.Asc}
TERMS_ANALYZER = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def _build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_bytes_field("document", stored=True)
    for name in KEYWORD_FIELDS:
        builder.add_text_field(name, stored=name == "version", fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field(DAY_FIELD, indexed=True, fast=True)
    for language in languages():
        for part in TEXT_PARTS:
            builder.add_text_field(
                relevance.field_name(part, language),
                tokenizer_name=TOKENIZER,
                index_option="position" if part in relevance.POSITIONS_PARTS else "freq",
            )
    return builder.build()


SCHEMA = _build_schema()


def _valid_utf8(text: str) -> str:
    """Rust strings cannot hold lone surrogates (a Python str can): replace them before crossing over."""
    return text.encode("utf-8", "replace").decode("utf-8")


# --- Documents in and out -------------------------------------------------------------------------


def _json_default(value: Any) -> str:
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    raise TypeError(f"Cannot serialise {type(value).__name__}")


def encode_document(document: SearchDocument) -> bytes:
    return json.dumps(document.as_dict(), default=_json_default, ensure_ascii=False).encode()


def _label(data: dict | None) -> Label | None:
    return Label(value=data["value"], labels=dict(data["labels"])) if data else None


_DOCUMENT_FIELDS = frozenset(f.name for f in fields(SearchDocument))


def decode_document(data: bytes) -> SearchDocument:
    raw = json.loads(data)
    values = {key: value for key, value in raw.items() if key in _DOCUMENT_FIELDS}
    values["cited_numbers"] = tuple(raw.get("cited_numbers", ()))
    values["cited_keys"] = tuple(raw.get("cited_keys", ()))
    values["themes"] = tuple(_label(theme) for theme in raw.get("themes", ()))
    values["issuer"] = _label(raw.get("issuer"))
    values["document_type"] = _label(raw.get("document_type"))
    values["date"] = date.fromisoformat(raw["date"]) if raw.get("date") else None
    published = raw.get("first_published_at")
    values["first_published_at"] = datetime.fromisoformat(published) if published else None
    return SearchDocument(**values)


def _day(value: date) -> int:
    return value.year * 10_000 + value.month * 100 + value.day


def to_tantivy(document: SearchDocument) -> tantivy.Document:
    entry = tantivy.Document()
    entry.add_integer("id", document.id)
    entry.add_bytes("document", encode_document(document))
    entry.add_text("version", document.version)
    keywords = {
        "translation_key": [document.translation_key],
        "locale": [document.locale],
        "kind": [document.kind],
        "directive_key": [document.directive_key],
        "cited_keys": document.cited_keys,
        "theme": [theme.value for theme in document.themes],
        "issuer": [document.issuer.value] if document.issuer else [],
        "document_type": [document.document_type.value] if document.document_type else [],
        "status": [document.status],
        "year": [str(document.date.year)] if document.date else [],
    }
    for name, values in keywords.items():
        for value in values:
            if value:
                entry.add_text(name, value)
    if document.date:
        entry.add_integer(DAY_FIELD, _day(document.date))
    for name, values in relevance.document_fields(document).items():
        for value in values:
            entry.add_text(name, value)
    return entry


# --- Visitor text into queries --------------------------------------------------------------------


def render(node: relevance.Node) -> Query:
    """A query tree of search/relevance.py as a Tantivy query."""
    match node:
        case relevance.Term(field, value):
            return Query.term_query(SCHEMA, field, value)
        case relevance.Prefix(field, value):
            return Query.fuzzy_term_query(SCHEMA, field, value, distance=0, prefix=True)
        case relevance.Fuzzy(field, value):
            return Query.fuzzy_term_query(SCHEMA, field, value, distance=1, transposition_cost_one=True)
        case relevance.Phrase(field, values, slop):
            if len(values) == 1:
                return Query.term_query(SCHEMA, field, values[0])
            return Query.phrase_query(SCHEMA, field, list(values), slop=slop)
        case relevance.Boost(query, boost):
            return Query.boost_query(render(query), boost)
        case relevance.Const(query, score):
            return Query.const_score_query(render(query), score)
        case relevance.AnyOf(queries):
            return Query.boolean_query([(Occur.Should, render(query)) for query in queries])
        case relevance.Bool(must, should, minimum):
            clauses = [(Occur.Must, render(query)) for query in must]
            if minimum > 1 and (groups := _at_least(should, minimum)) is not None:
                return Query.boolean_query(clauses + [(Occur.Must, group) for group in groups])
            clauses += [(Occur.Should, render(query)) for query in should]
            return Query.boolean_query(clauses, minimum_number_should_match=minimum or None)
    raise TypeError(f"Not a query node: {node!r}")


MAX_AT_LEAST_GROUPS = 21


def _at_least(queries: tuple[relevance.Node, ...], minimum: int) -> list[Query] | None:
    """ "At least `minimum` of `queries`" as "every group of (missing + 1) of them has one", a conjunction
    of small disjunctions: Tantivy answers that several times faster than its minimum-should-match
    scorer, which walks the union of every posting list (5.6 against 2.6 ms for three common words
    over 100,000 items), and leapfrogs with filters. Each query is weighted so that an item scores
    the sum of the queries it matches, as with minimum-should-match. None when there would be more
    than MAX_AT_LEAST_GROUPS groups (long queries: their words are rarer)."""
    size = len(queries) - minimum + 1
    if size < 1 or math.comb(len(queries), size) > MAX_AT_LEAST_GROUPS:
        return None
    weight = 1.0 / math.comb(len(queries) - 1, size - 1)
    rendered = [Query.boost_query(render(query), weight) for query in queries]
    return [
        Query.boolean_query([(Occur.Should, rendered[i]) for i in group])
        for group in itertools.combinations(range(len(rendered)), size)
    ]


@dataclass(frozen=True)
class TextQuery:
    """The text part of a search: `match` decides what matches (counts, facets); `scored` also ranks;
    `rescore` reorders the best relevance.RESCORE_WINDOW items (phrases)."""

    match: Query
    scored: Query
    rescore: tuple[Query, ...] = ()


def text_query(
    words: relevance.Words, searched: Iterable[str], *, fuzzy: bool = False, relaxed: bool = True
) -> TextQuery | None:
    """The text part of a search in these languages; None when nothing searchable is left."""
    return _text_query(words, tuple(searched), fuzzy, relaxed)


@lru_cache(maxsize=QUERY_CACHE_SIZE)
def _text_query(words: relevance.Words, searched: tuple[str, ...], fuzzy: bool, relaxed: bool) -> TextQuery | None:
    """Queries are built once per distinct text (a pure function of it); the schema never changes
    within a process, and Tantivy queries are immutable, so one may serve every search."""
    tree = relevance.text_query(words, searched, fuzzy=fuzzy, relaxed=relaxed)
    if tree is None:
        return None
    rescore = tuple(render(node) for node in _alternatives(tree.rescore)) if tree.rescore is not None else ()
    return TextQuery(match=render(tree.match), scored=render(tree.scored), rescore=rescore)


def _alternatives(node: relevance.Node) -> Iterator[relevance.Node]:
    """The leaves of nested `AnyOf`s: the rescoring queries, run one by one (see `_rescored`)."""
    if isinstance(node, relevance.AnyOf):
        for query in node.queries:
            yield from _alternatives(query)
    else:
        yield node


def _any_of(queries: Iterable[Query | None]) -> Query | None:
    present = [(Occur.Should, q) for q in queries if q is not None]
    if not present:
        return None
    return present[0][1] if len(present) == 1 else Query.boolean_query(present)


def _must(*queries: Query) -> Query:
    return Query.boolean_query([(Occur.Must, q) for q in queries])


def _filter(query: Query) -> Query:
    """A filter narrows the results without changing scores."""
    return Query.const_score_query(query, 0.0)


def _quoted(value: str) -> str:
    """A keyword in Tantivy's query language: quoted, with backslashes and quotes escaped."""
    return '"' + _valid_utf8(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Filter:
    """One active filter: a query that narrows results without scoring, and the same condition in
    Tantivy's query language, for the filter aggregations that count facets."""

    query: Query
    text: str


def _term_filter(field: str, value: str) -> Filter:
    return Filter(_filter(Query.term_query(SCHEMA, field, _valid_utf8(value))), f"{field}:{_quoted(value)}")


def _any_term(field: str, values: Iterable[str]) -> Query:
    """Any of the values, as alternatives: Tantivy's term set query costs a fixed 0.2–0.5 ms to build."""
    return _any_of(Query.term_query(SCHEMA, field, _valid_utf8(value)) for value in values) or Query.empty_query()


def _any_term_int(field: str, values: Iterable[int]) -> Query:
    return Query.boolean_query([(Occur.Should, Query.term_query(SCHEMA, field, value)) for value in values])


def _any_filter(field: str, values: Iterable[str]) -> Filter:
    values = list(values)
    # Alternatives joined by OR: Tantivy's `IN [...]` builds a term set that costs half a millisecond.
    return Filter(_filter(_any_term(field, values)), "(" + " OR ".join(f"{field}:{_quoted(v)}" for v in values) + ")")


def _days_filter(lower: int | None, upper: int | None) -> Filter:
    query = Query.range_query(SCHEMA, DAY_FIELD, tantivy.FieldType.Integer, lower, upper)
    return Filter(_filter(query), f"{DAY_FIELD}:[{lower or '*'} TO {upper or '*'}]")


def filter_queries(query: SearchQuery) -> dict[str, Filter]:
    """The active filters, keyed by the facet each one belongs to (others under private names)."""
    filters: dict[str, Filter] = {}
    if query.locale:
        filters["locale"] = _term_filter("locale", query.locale)
    if query.kinds:
        filters["kind"] = _any_filter("kind", query.kinds)
    if query.themes:
        filters["theme"] = _any_filter("theme", query.themes)
    if query.issuer:
        filters["issuer"] = _term_filter("issuer", query.issuer)
    if query.document_type:
        filters["type"] = _term_filter("document_type", query.document_type)
    if query.statuses:
        filters["status"] = _any_filter("status", query.statuses)
    if query.year is not None:
        filters["year"] = _term_filter("year", str(query.year))
    if query.date_from or query.date_to:
        filters["_dates"] = _days_filter(
            _day(query.date_from) if query.date_from else None, _day(query.date_to) if query.date_to else None
        )
    return filters


def directive_query(keys: tuple[str, ...]) -> Query:
    """Items that are, or cite, one of the directives; the directives themselves score far higher."""
    own = Query.const_score_query(_any_term("directive_key", keys), OWN_NUMBER_BOOST)
    citing = Query.const_score_query(_any_term("cited_keys", keys), 0.0)
    return Query.boolean_query([(Occur.Should, own), (Occur.Should, citing)])


# --- Facets ---------------------------------------------------------------------------------------


def _facet_values(buckets: list[dict]) -> list[FacetValue]:
    values = [FacetValue(value=str(bucket["key"]), count=int(bucket["doc_count"])) for bucket in buckets]
    return sorted(values, key=lambda v: (-v.count, v.value))


def _aggregation(names: Iterable[str]) -> dict:
    return {name: {"terms": {"field": FACET_FIELDS[name], "size": FACET_SIZE}} for name in names}


# --- The backend ----------------------------------------------------------------------------------


def _prepared(index: tantivy.Index) -> tantivy.Index:
    """Analyzers are not stored in the index: register them on every opening. Readers reload on demand."""
    index.register_tokenizer(TOKENIZER, TERMS_ANALYZER)
    index.config_reader(reload_policy="manual")
    return index


def _rescored(
    searcher: tantivy.Searcher, hits: list[tuple[float, Any]], rescore: tuple[Query, ...]
) -> list[tuple[float, Any]]:
    """`hits` with the scores of the `rescore` queries added, sorted again (ties keep their order).
    Each runs over these documents only (their ids, read from the fast field, made a filter), one by
    one: intersected with the filter, a phrase query reads the positions of these documents alone,
    where a union of phrase queries would read those of every document near them."""
    if not hits:
        return hits
    # Alternatives of term queries: 0.3 ms where a term set query on the id field costs 1.4 ms.
    ids = _filter(_any_term_int("id", searcher.fast_field_values("id", [a for _s, a in hits])))
    bonus: dict[tuple[int, int], float] = {}
    for query in rescore:
        for score, a in searcher.search(_must(query, ids), len(hits)).hits:
            key = (a.segment_ord, a.doc)
            bonus[key] = bonus.get(key, 0.0) + float(score)
    totals = [(score + bonus.get((a.segment_ord, a.doc), 0.0), rank, a) for rank, (score, a) in enumerate(hits)]
    return [(total, address) for total, _rank, address in sorted(totals, key=lambda item: (-item[0], item[1]))]


def _is_lock_busy(error: BaseException) -> bool:
    return "LockBusy" in str(error)


class TantivyBackend(SearchBackend):
    """Search over a Tantivy index directory, safe to share between processes."""

    def __init__(self, index_dir: Path, *, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.index_dir = Path(index_dir)
        self.lock_timeout = lock_timeout
        self._state_lock = threading.RLock()
        self._generation: str | None = None
        self._index: tantivy.Index | None = None
        self._meta_signature: tuple[int, int, int] | None = None
        self._held = threading.local()
        self.index_dir.mkdir(parents=True, exist_ok=True)

    # -- Generations and readers --

    @property
    def _current_file(self) -> Path:
        return self.index_dir / "CURRENT"

    def _read_current(self) -> str | None:
        try:
            name = self._current_file.read_text().strip()
        except FileNotFoundError:
            return None
        return name or None

    def _publish(self, name: str) -> None:
        """Point CURRENT at generation `name` in one atomic rename."""
        temporary = self.index_dir / f"CURRENT.{os.getpid()}.tmp"
        with open(temporary, "w") as handle:
            handle.write(name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self._current_file)
        directory = os.open(self.index_dir, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def _new_generation(self) -> tuple[str, tantivy.Index]:
        name = f"gen-{time.time_ns()}-{os.getpid()}"
        path = self.index_dir / name
        path.mkdir()
        return name, _prepared(tantivy.Index(SCHEMA, path=str(path), reuse=False))

    @staticmethod
    def _open_generation(path: Path) -> tantivy.Index:
        """An existing generation; never creates one, so a generation being removed fails to open."""
        index = tantivy.Index.open(str(path))
        if index.schema != SCHEMA:
            raise SearchUnavailable(f"The search index at {path} was built with another schema; rebuild it.")
        return _prepared(index)

    def _meta_stat(self, name: str) -> tuple[int, int, int]:
        stat = os.stat(self.index_dir / name / "meta.json")
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def _live_index(self) -> tantivy.Index:
        """The index of the live generation, reloaded if a writer committed since the last look."""
        for _attempt in range(5):
            name = self._read_current()
            if name is None:
                # Never made here: an index that vanished must not come back empty and answer "nothing found".
                raise SearchUnavailable(
                    f"There is no search index at {self.index_dir}: run `manage.py search_index rebuild`."
                )
            try:
                with self._state_lock:
                    return self._refreshed(name)
            except (OSError, ValueError) as error:
                if self._read_current() != name:  # swapped by a rebuild meanwhile: look again
                    continue
                raise SearchUnavailable(f"Cannot read the search index at {self.index_dir}: {error}") from error
        raise SearchUnavailable(f"The search index at {self.index_dir} keeps changing under the reader.")

    def _refreshed(self, name: str) -> tantivy.Index:
        """Generation `name`, opened if new to this instance and reloaded if its meta.json changed."""
        signature = self._meta_stat(name)
        if name != self._generation or self._index is None:
            self._index = self._open_generation(self.index_dir / name)
            self._generation, self._meta_signature = name, None
        if signature != self._meta_signature:
            self._index.reload()
            self._meta_signature = signature
        return self._index

    def _searcher(self) -> tantivy.Searcher:
        return self._live_index().searcher()

    def cleanup(self) -> list[str]:
        """Generations other than the live one: under the rebuild lock no rebuild is running, so they
        are the previous generation or what a killed rebuild left half-built. Nothing while a rebuild
        runs (the generation it fills is no leftover)."""
        with self._rebuild_lock() as held:
            if not held:
                return []
            with self._write_lock():
                current = self._read_current()
                leftovers = sorted(path.name for path in self.index_dir.glob("gen-*") if path.name != current)
                self._remove_old_generations(keep={current} - {None})
        return leftovers

    def _remove_old_generations(self, keep: set[str]) -> None:
        """Generations other than `keep`; the previous one is kept for readers that are opening it."""
        for path in self.index_dir.glob("gen-*"):
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    # -- Writing --

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        """Exclusive across processes and threads (each holder flocks its own open file description);
        re-entrant within one thread."""
        if getattr(self._held, "depth", 0):
            self._held.depth += 1
            try:
                yield
            finally:
                self._held.depth -= 1
            return
        self.index_dir.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.index_dir / "write.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise SearchUnavailable(
                            f"The search index at {self.index_dir} is being written by another process "
                            f"(waited {self.lock_timeout:g} s for write.lock); try again later."
                        ) from None
                    time.sleep(0.01)
            self._held.depth = 1
            try:
                yield
            finally:
                self._held.depth = 0
        finally:
            os.close(handle)  # releases the flock

    @contextmanager
    def _rebuild_lock(self) -> Iterator[bool]:
        """One rebuild at a time: yields whether this holder has `rebuild.lock` (never waits)."""
        handle = os.open(self.index_dir / "rebuild.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(handle)

    def _writer(self, index: tantivy.Index, heap: int) -> tantivy.IndexWriter:
        """A Tantivy writer, retrying briefly while Tantivy's own lock is still held."""
        threads = max(1, min(os.cpu_count() or 1, 8, heap // 32_000_000))
        deadline = time.monotonic() + min(self.lock_timeout, 10.0)
        while True:
            try:
                return index.writer(heap_size=heap, num_threads=threads)
            except ValueError as error:
                if not _is_lock_busy(error) or time.monotonic() >= deadline:
                    raise SearchUnavailable(f"Cannot write the search index at {self.index_dir}: {error}") from error
                time.sleep(0.05)

    @contextmanager
    def _writing(self) -> Iterator[tantivy.IndexWriter]:
        """One write to the live generation: lock, write, commit, then let readers see it."""
        with self._write_lock():
            writer = self._writer(self._live_index(), WRITER_HEAP)
            try:
                yield writer
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()
        self._live_index()

    def index(self, documents: Iterable[SearchDocument]) -> None:
        with self._writing() as writer:
            for document in documents:
                writer.delete_documents_by_term("id", document.id)
                writer.add_document(to_tantivy(document))

    def delete(self, ids: Iterable[int]) -> None:
        with self._writing() as writer:
            for pk in ids:
                writer.delete_documents_by_term("id", int(pk))

    def clear(self) -> None:
        self.rebuild(())

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Fill a new generation while searches use the live one, then swap CURRENT to it.

        Writes go on into the live generation while the new one fills (the write lock is taken only
        for the swap), so a publish never waits for a rebuild; what they wrote is not in the new
        generation, and the caller replays it (`search_index rebuild` repairs the drift after)."""
        with self._rebuild_lock() as held:
            if not held:
                raise SearchUnavailable(
                    f"Another rebuild of the search index at {self.index_dir} is running; try again later."
                )
            previous = self._read_current()
            name, index = self._new_generation()
            try:
                count = self._fill(index, documents)
            except BaseException:
                shutil.rmtree(self.index_dir / name, ignore_errors=True)
                raise
            with self._write_lock():
                self._publish(name)
            self._remove_old_generations(keep={name, previous} - {None})
        self._live_index()
        return count

    def _fill(self, index: tantivy.Index, documents: Iterable[SearchDocument]) -> int:
        writer = self._writer(index, REBUILD_HEAP)
        seen: set[int] = set()
        try:
            for document in documents:
                if document.id in seen:
                    writer.delete_documents_by_term("id", document.id)
                seen.add(document.id)
                writer.add_document(to_tantivy(document))
                if len(seen) % REBUILD_COMMIT_EVERY == 0:
                    writer.commit()
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        return len(seen)

    # -- Reading --

    def count(self) -> int:
        return self._searcher().num_docs

    def versions(self) -> Iterator[tuple[int, str]]:
        searcher = self._searcher()
        if not searcher.num_docs:
            return
        for _score, address in searcher.search(Query.all_query(), searcher.num_docs, count=False).hits:
            stored = searcher.doc(address)
            yield stored.get_first("id"), stored.get_first("version") or ""

    def search(self, query: SearchQuery) -> SearchResults:
        searcher = self._searcher()
        parsed = relevance.parse_words(query.text or "", query.prefix)
        searched = [language_of(query.locale)] if query.locale else list(languages())
        words = self._words(parsed, searched, query.fuzzy, relaxed=False)
        if words is None:
            return SearchResults(total=0, hits=[], facets={name: [] for name in FACETS})
        filters = filter_queries(query)
        extra = [directive_query(query.directive_keys)] if query.directive_keys else []
        narrowing = [*(f.query for f in filters.values()), *extra]
        total, hits = self._top(searcher, _must(words.scored, *narrowing), query, words.rescore)
        relaxed = total < relevance.RELAX_BELOW and relevance.relaxable(parsed, searched)
        if relaxed:
            words = self._words(parsed, searched, query.fuzzy, relaxed=True)  # type: ignore[assignment]
            total, hits = self._top(searcher, _must(words.scored, *narrowing), query, words.rescore)
        snippets = Snippets(parsed, query.fuzzy)
        results = [SearchHit(document=doc, score=score, snippet=snippets.snippet(doc)) for score, doc in hits]
        facets = self._facets(searcher, parsed, query, words.match, filters, extra, total, relaxed)
        return SearchResults(total=total, hits=results, facets=facets)

    @staticmethod
    def _words(parsed: relevance.Words, searched: list[str], fuzzy: bool, relaxed: bool) -> TextQuery | None:
        """The text part of a search: everything when there is no text, None when nothing can match."""
        if parsed.is_empty:
            return TextQuery(match=Query.all_query(), scored=Query.all_query())
        return text_query(parsed, searched, fuzzy=fuzzy, relaxed=relaxed)

    @staticmethod
    def _top(
        searcher: tantivy.Searcher, query: Query, search: SearchQuery, rescore: tuple[Query, ...] = ()
    ) -> tuple[int, list[tuple[float, Any]]]:
        per_page = max(1, min(search.per_page, MAX_PER_PAGE))
        offset = (max(1, search.page) - 1) * per_page
        if offset >= searcher.num_docs:  # past the end; never ask Tantivy for a huge offset
            return searcher.search(query, 1, count=True).count, []
        order = DATE_ORDERS.get(search.sort)
        if order is None and rescore and offset + per_page <= relevance.RESCORE_WINDOW:
            result = searcher.search(query, relevance.RESCORE_WINDOW, count=True)
            scored = _rescored(searcher, [(float(score), address) for score, address in result.hits], rescore)
            scored = scored[offset : offset + per_page]
        elif order is None:  # relevance
            result = searcher.search(query, per_page, count=True, offset=offset)
            scored = [(float(score), address) for score, address in result.hits]
        else:  # items without a date come last either way
            result = searcher.search(query, per_page, count=True, offset=offset, order_by_field=DAY_FIELD, order=order)
            scored = [(0.0, address) for _value, address in result.hits]
        documents = [(score, decode_document(searcher.doc(address).get_first("document"))) for score, address in scored]
        return result.count, documents

    def _facets(
        self,
        searcher: tantivy.Searcher,
        parsed: relevance.Words,
        query: SearchQuery,
        words: Query,
        filters: dict[str, Filter],
        extra: list[Query],
        total: int,
        relaxed: bool = True,
    ) -> dict[str, list[FacetValue]]:
        """Each facet counts under every active filter but its own (multi-select), in one aggregation
        pass: filters that apply to every count narrow the pass itself; each other active facet gets a
        filter aggregation, and the inactive facets share one."""
        counted_apart = "locale" in filters and not parsed.is_empty
        aggregated = [name for name in FACETS if not (counted_apart and name == "locale")]
        own = {name for name in aggregated if name in filters}  # filters that some count must ignore
        narrowing = [f.query for key, f in filters.items() if key not in own]
        if len(own) > 1:
            # Every count is under all the active filters but one: an item outside all of them
            # counts nowhere, so the pass reads only the items inside at least one.
            narrowing.append(_filter(_any_of(filters[key].query for key in own)))  # type: ignore[arg-type]
        base = _must(words, *narrowing, *extra)
        groups = {f"active:{name}": [name] for name in aggregated if name in own}
        if inactive := [name for name in aggregated if name not in own]:
            groups["inactive"] = inactive
        aggregations = {}
        for group, names in groups.items():
            under = " AND ".join(f.text for key, f in filters.items() if key in own and key not in names)
            if under:
                aggregations[group] = {"filter": under, "aggs": _aggregation(names)}
            else:
                aggregations.update(_aggregation(names))
        answer = searcher.aggregate(base, aggregations)
        facets = {}
        for group, names in groups.items():
            for name in names:
                buckets = answer[group][name] if group in aggregations else answer[name]
                facets[name] = _facet_values(buckets["buckets"])
        if counted_apart:
            facets["locale"] = self._locale_counts(searcher, parsed, query, filters, extra, total, relaxed)
        return {name: facets[name] for name in FACETS}

    @staticmethod
    def _locale_counts(
        searcher: tantivy.Searcher,
        parsed: relevance.Words,
        query: SearchQuery,
        filters: dict[str, Filter],
        extra: list[Query],
        total: int,
        relaxed: bool = True,
    ) -> list[FacetValue]:
        """The language facet of a text search in one language: the searched language counts what the
        search found; the others count their own items' words in their own fields (one locale per
        analysed language is assumed, as on this site)."""
        counts = [FacetValue(value=query.locale, count=total)] if total else []
        searched = language_of(query.locale)
        others = text_query(
            parsed, [language for language in languages() if language != searched], fuzzy=query.fuzzy, relaxed=relaxed
        )
        if others is not None:
            narrowed = _must(others.match, *(f.query for key, f in filters.items() if key != "locale"), *extra)
            counts += _facet_values(searcher.aggregate(narrowed, _aggregation(["locale"]))["locale"]["buckets"])
        return sorted(counts, key=lambda v: (-v.count, v.value))

    def suggest(self, prefix: str, locale: str | None, limit: int = 8) -> list[str]:
        parsed = relevance.parse_words(prefix, prefix=True)
        if limit <= 0 or parsed.is_empty:
            return []
        tree = relevance.suggest_query(parsed, [language_of(locale)] if locale else list(languages()))
        if tree is None:
            return []
        words = render(tree)
        if locale:
            words = _must(words, _term_filter("locale", locale).query)
        searcher = self._searcher()
        titles: list[str] = []
        seen: set[str] = set()
        for _score, address in searcher.search(words, min(limit, MAX_PER_PAGE) * 4).hits:
            title = decode_document(searcher.doc(address).get_first("document")).title
            if title.casefold() not in seen:
                seen.add(title.casefold())
                titles.append(title)
        return titles[:limit]
