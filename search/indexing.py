"""Which pages belong in the index, and keeping the index in step with them.

A page is indexed when its class implements the `Searchable` protocol and the page is live,
not expired, not an alias copy, and outside every view restriction (its own or an ancestor's).
Anything else is removed. Works on Wagtail's generic `Page`; never imports a concrete page type.

`drift()` compares the index with the database by document version: the published revision, or
what a page class's `search_versions(queryset)` says when its documents depend on more (a
directive's legal status changes with the date). `repair()` brings the drifted pages back in line;
`manage.py search_index verify` reports it and the scheduler's `search_index_repair` job runs it,
so an update lost to a killed worker, or a status that changed overnight, does not stay.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, get_page_models

from search.backends import get_backend
from search.documents import SearchDocument

BATCH_SIZE = 200


def searchable_models() -> list[type[Page]]:
    return [model for model in get_page_models() if callable(getattr(model, "search_document", None))]


def indexable_pages(private: Q | None = None):
    """Every page that should be in the index, as base `Page` rows (call `.specific` per batch)."""
    private = Page.objects.all().private_q() if private is None else private
    models = searchable_models()
    now = timezone.now()
    return (
        Page.objects.live()
        .type(*models)
        .filter(alias_of__isnull=True)
        .exclude(expire_at__lt=now)
        .exclude(private)
        .order_by("pk")
    )


def document_for(page: Page) -> SearchDocument | None:
    specific = page.specific
    return specific.search_document() if hasattr(specific, "search_document") else None


def iter_documents(pages=None) -> Iterator[SearchDocument]:
    """Documents of `pages` (default: every indexable page), built in batches, one query set per page type.

    A page class may define `search_queryset(queryset)` to select and prefetch what its
    `search_document()` reads, so building documents costs a fixed number of queries per batch.
    """
    pages = indexable_pages() if pages is None else pages
    rows = list(pages.values_list("pk", "content_type_id"))
    for start in range(0, len(rows), BATCH_SIZE):
        ids_by_type: dict[int, list[int]] = defaultdict(list)
        for page_id, content_type_id in rows[start : start + BATCH_SIZE]:
            ids_by_type[content_type_id].append(page_id)
        for content_type_id, ids in ids_by_type.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            queryset = model.objects.filter(pk__in=ids).select_related("locale")
            if hasattr(model, "search_queryset"):
                queryset = model.search_queryset(queryset)
            for page in queryset:
                document = page.search_document()
                if document is not None:
                    yield document


def update_pages(page_ids: Iterable[int]) -> None:
    """Bring the index in line with the database for these pages: index the indexable, drop the rest."""
    page_ids = set(page_ids)
    if not page_ids:
        return
    indexable = indexable_pages().filter(pk__in=page_ids)
    documents = list(iter_documents(indexable))
    backend = get_backend()
    backend.index(documents)
    backend.delete(page_ids - {document.id for document in documents})


def expected_versions() -> dict[int, str]:
    """The version of every page that belongs in the index, as its search document would carry it."""
    pages = indexable_pages()
    expected = {page_id: str(revision or "") for page_id, revision in pages.values_list("pk", "live_revision_id")}
    for model in searchable_models():
        if callable(getattr(model, "search_versions", None)):
            expected.update(model.search_versions(model.objects.filter(pk__in=pages.values("pk"))))
    return expected


@dataclass(frozen=True)
class Drift:
    """Pages whose index entry differs from the database, by id."""

    missing: list[int]
    stale: list[int]
    extra: list[int]

    def __bool__(self) -> bool:
        return bool(self.missing or self.stale or self.extra)

    @property
    def ids(self) -> list[int]:
        return [*self.missing, *self.stale, *self.extra]


def drift() -> Drift:
    expected = expected_versions()
    indexed = dict(get_backend().versions())
    return Drift(
        missing=sorted(set(expected) - set(indexed)),
        stale=sorted(pk for pk in set(expected) & set(indexed) if expected[pk] != indexed[pk]),
        extra=sorted(set(indexed) - set(expected)),
    )


def repair() -> Drift:
    """Bring every drifted page back in line with the database; returns what had drifted."""
    found = drift()
    if found:
        update_pages(found.ids)
    return found


def subtree_ids(page: Page) -> list[int]:
    """The page and every descendant: what a move or a view-restriction change affects."""
    return list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))
