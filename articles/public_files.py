"""May the public fetch this file? One answer for every public surface.

**The rule.** An image (and its renditions), a document or an audio/video file (wagtailmedia) is
public unless its collection or an ancestor collection carries a view restriction
(`CollectionViewRestriction`, of any kind). A file that is not public is never referenced by a
public surface — page HTML, Open Graph, JSON-LD, feeds, search documents, the API — whoever asks:
pages are cached whole and the API is anonymous, so a signed-in visitor gets the same answer.
Documents are never fetched as raw media at all: they are served only by Wagtail's document view
(`WAGTAILDOCS_SERVE_METHOD = "serve_view"`), which applies the collection's restriction itself,
and `may_serve_media()` refuses them; it refuses images, renditions and audio/video of restricted
collections too.

**Batched.** The set of restricted collections is one query, kept on the request, so a page, a
feed or an API answer asks once however many files it shows (`is_public(file, request)`).
Querysets that load many files without a request (search documents) annotate each file with
`flagged()`, or filter with `exclude_restricted()`, and then pay no query per file at all.

The templates use it through `{% load public_file_tags %}`; `articles.seo`, `articles.feeds`,
`articles.api`, `articles.search_documents` and the project's media view call it directly.
"""

from __future__ import annotations

import posixpath
from typing import TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.http import HttpRequest
from wagtail.models import Collection, CollectionViewRestriction

RESTRICTED_FLAG = "in_restricted_collection"
"""The annotation `flagged()` adds to each file: True when its collection is restricted."""

_MEMO = "_restricted_collection_ids"

File = TypeVar("File", bound=Model)


def in_restricted_collection(path: str = "collection__path") -> Exists:
    """Query expression: the collection whose tree path is at `path` (a lookup from the queried
    model) or one of its ancestors has a view restriction. False when there is no collection."""
    return Exists(
        CollectionViewRestriction.objects.filter(collection__path=Substr(OuterRef(path), 1, Length("collection__path")))
    )


def restricted_collection_ids() -> frozenset[int]:
    """Every collection under a view restriction, its own or an ancestor's (one query)."""
    return frozenset(Collection.objects.filter(in_restricted_collection("path")).values_list("pk", flat=True))


def restricted_collections(request: HttpRequest | None = None) -> frozenset[int]:
    """`restricted_collection_ids()`, computed once per request (a DRF request shares its
    Django request's answer); without a request, asked afresh."""
    if request is None:
        return restricted_collection_ids()
    request = getattr(request, "_request", request)  # rest_framework.request.Request wraps it
    if _MEMO not in request.__dict__:
        request.__dict__[_MEMO] = restricted_collection_ids()
    return request.__dict__[_MEMO]


def restrictions_known(request: HttpRequest | None) -> bool:
    """Whether this request already holds its set of restricted collections (asking costs nothing more)."""
    return request is not None and _MEMO in getattr(request, "_request", request).__dict__


def flagged(queryset: QuerySet[File]) -> QuerySet[File]:
    """Files annotated with `RESTRICTED_FLAG`, so `is_public()` needs no query for them."""
    return queryset.annotate(**{RESTRICTED_FLAG: in_restricted_collection()})


def exclude_restricted(queryset: QuerySet, relation: str = "") -> QuerySet:
    """`queryset` without rows whose file (at `relation`, e.g. "audio"; the row itself when empty)
    sits in a restricted collection; rows without a file stay."""
    path = f"{relation}__collection__path" if relation else "collection__path"
    return queryset.filter(~in_restricted_collection(path))


def is_public(file: Model | None, request: HttpRequest | None = None) -> bool:
    """Whether the public may fetch `file` (an image, document or media item); False for None.

    Reads the annotation of `flagged()` when the file has one, else the request's set of
    restricted collections (one query per request; one per call without a request)."""
    if file is None:
        return False
    flag = file.__dict__.get(RESTRICTED_FLAG)
    if flag is not None:
        return not flag
    return file.collection_id not in restricted_collections(request)


def public(file: File | None, request: HttpRequest | None = None) -> File | None:
    """`file` when the public may fetch it, else None."""
    return file if is_public(file, request) else None


# --- Files under MEDIA_ROOT -----------------------------------------------------------------------


def _document_folder() -> str:
    from wagtail.documents import get_document_model

    upload_to = get_document_model()._meta.get_field("file").upload_to
    return upload_to.strip("/") if isinstance(upload_to, str) else "documents"


def may_serve_media(path: str) -> bool:
    """Whether the file at `path` under MEDIA_ROOT may be handed to anyone who asks (the project's
    SERVE_MEDIA view): never a document (`documents/`, or any file a document owns); an image
    original or rendition, an audio or video file or its thumbnail only when its collection is
    public; a file that none of them owns, as it is. Names are compared as the file system may
    (normalised like Django's static view, and without regard to case), so `documents/../`,
    `./documents/` or `Documents/` on a case-insensitive disk cannot reach a document."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtailmedia.models import get_media_model

    name = posixpath.normpath(path).lstrip("/")
    folder = _document_folder().casefold()
    if name.casefold() == folder or name.casefold().startswith(f"{folder}/"):
        return False
    if get_document_model().objects.filter(file__iexact=name).exists():
        return False
    image_model = get_image_model()
    owners = [
        image_model.get_rendition_model()
        .objects.filter(file__iexact=name)
        .filter(in_restricted_collection("image__collection__path")),
        image_model.objects.filter(file__iexact=name).filter(in_restricted_collection()),
        get_media_model()
        .objects.filter(Q(file__iexact=name) | Q(thumbnail__iexact=name))
        .filter(in_restricted_collection()),
    ]
    return not any(owner.exists() for owner in owners)
