"""The flat search document, and the protocol by which a page opts into the index.

`search/` never imports a page class: a page is searchable when it has a `search_document()`
method returning a `SearchDocument` (or None when it must not be indexed). Everything a
backend stores or filters on is here; labels of reference data are carried in every language
so one document serves visitors of any language.
"""

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Protocol, runtime_checkable

from django.conf import settings


@dataclass(frozen=True)
class Label:
    """A reference-data value (theme, issuing body, document type) with its labels by language."""

    value: str
    labels: dict[str, str]

    def label(self, language: str) -> str:
        """The label in `language`, else in the site's default language, else the value itself."""
        return self.labels.get(language) or self.labels.get(settings.LANGUAGE_CODE) or self.value


@dataclass(frozen=True)
class SearchDocument:
    id: int
    """The page's primary key: one document per page, so per (item, locale)."""
    translation_key: str
    locale: str
    kind: str
    title: str
    url: str
    summary: str = ""
    body: str = ""
    transcript: str = ""
    directive_number: str = ""
    directive_key: str = ""
    cited_numbers: tuple[str, ...] = ()
    cited_keys: tuple[str, ...] = ()
    themes: tuple[Label, ...] = ()
    issuer: Label | None = None
    document_type: Label | None = None
    status: str = ""
    """A code of the item's standing, filtered and counted as the `status` facet (a directive's legal
    status: in force, replaced, …); empty for items that have none. Its labels come from
    SEARCH_FACET_LABELS."""
    date: dt.date | None = None
    """The item's own date: issue date of a directive, publication date of a media item."""
    first_published_at: dt.datetime | None = None
    thumbnail_url: str = ""
    version: str = field(default="", compare=False)
    """Changes whenever the indexed content changes: the published revision id (a saved draft does not
    change what the public sees), plus whatever else the document depends on (a directive's status,
    which changes with the date); compared by `search.indexing.drift` with the page class's
    `search_versions()`."""

    def as_dict(self) -> dict:
        return asdict(self)


@runtime_checkable
class Searchable(Protocol):
    """What a page implements to be indexed."""

    def search_document(self) -> SearchDocument | None: ...
