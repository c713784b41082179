"""Which pages belong in the index, and keeping the index in step with them.

A page is indexed when its class implements the `Searchable` protocol and the page is live,
not expired, not an alias copy, and outside every view restriction (its own or an ancestor's).
Anything else is removed. Works on Wagtail's generic `Page`; never imports a concrete page type.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator

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


def subtree_ids(page: Page) -> list[int]:
    """The page and every descendant: what a move or a view-restriction change affects."""
    return list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))
