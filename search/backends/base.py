"""The interface every search backend implements, and the query/result values it speaks.

Backends receive a validated `SearchQuery` (see search/query.py for how visitor input becomes
one) and return `SearchResults`. They never see a request or a page object.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from search.documents import SearchDocument

Sort = Literal["relevance", "newest", "oldest"]
FACETS = ("theme", "kind", "year", "issuer", "type", "status", "locale")


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    """Free text, already stripped of any directive number it contained (see `directive_keys`)."""
    locale: str | None = None
    """A language code, or None for every language."""
    kinds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    """Theme slugs; an item matches when it carries any of them."""
    issuer: str | None = None
    document_type: str | None = None
    statuses: tuple[str, ...] = ()
    """Status codes (`SearchDocument.status`); an item matches when it has any of them."""
    year: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    directive_keys: tuple[str, ...] = ()
    """Number keys: matches items that are, or cite, one of these directives."""
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = 20
    prefix: bool = False
    """Treat the last word of `text` as a prefix (search as you type)."""
    fuzzy: bool = False
    """The typo fallback: words of five letters or more may differ by one edit (search/relevance.py)."""


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int


@dataclass(frozen=True)
class SearchHit:
    document: SearchDocument
    score: float
    snippet: str = ""
    """HTML: text with the matched words in <mark>, everything else escaped."""


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    """For each name in FACETS: counts of each value among the items matching the query and every
    *other* active filter (multi-select semantics), highest count first."""


class SearchUnavailable(Exception):
    """The engine cannot answer (server down, timeout, index locked too long). Views show a clear page."""


class SearchBackend(ABC):
    @abstractmethod
    def index(self, documents: Iterable[SearchDocument]) -> None:
        """Add or replace documents (by id) and make them visible to the next search."""

    @abstractmethod
    def delete(self, ids: Iterable[int]) -> None:
        """Remove documents by id; unknown ids are ignored."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResults: ...

    @abstractmethod
    def suggest(self, prefix: str, locale: str | None, limit: int = 8) -> list[str]:
        """Titles that complete `prefix` (folded like searches), best first, for search as you type."""

    @abstractmethod
    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Replace the whole index with `documents`; searches keep answering from the old index
        until the new one is complete. Returns the number of documents indexed."""

    @abstractmethod
    def versions(self) -> Iterator[tuple[int, str]]:
        """(id, version) of every indexed document, for verification against the database."""

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def clear(self) -> None:
        """Remove every document (tests and rebuilds)."""

    def cleanup(self) -> list[str]:
        """Remove what a rebuild killed mid-way left behind (a half-built index); returns its names.
        `search_index verify` and `rebuild` call it; nothing to do for a backend that leaves nothing."""
        return []
