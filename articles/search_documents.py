"""How each editorial page becomes a flat search document (the `search.documents.Searchable` protocol).

Pages call `directive_document` / `explainer_document` from their `search_document()` method.
Whether a page may be indexed at all (live, public, not an alias) is decided by `search/`;
this module only says what a page contains. Labels of themes, issuing bodies and document types
are carried in every language, so one document serves visitors of any language.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.fields import StreamValue

from articles import public_files
from articles.directive_numbers import find_directive_numbers
from search.documents import Label, SearchDocument

THUMBNAIL_RENDITION = "fill-480x270"


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _labels(instance, field: str) -> dict[str, str]:
    return {code: getattr(instance, f"{field}_{code}") or "" for code in _languages()}


def theme_labels(themes: Iterable) -> tuple[Label, ...]:
    return tuple(Label(theme.slug, _labels(theme, "name")) for theme in themes)


def stream_text(value: StreamValue | None) -> str:
    """The words of a StreamField, without markup, one block per line."""
    if not value:
        return ""
    parts = value.stream_block.get_searchable_content(value)
    return "\n".join(strip_tags(str(part)) for part in parts if part)


def _cited(
    texts: Iterable[str], related: Iterable[tuple[str, str]], own_key: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Numbers an item cites, as (printed, keys): those found in its text, then its explicit
    relations given as (key, printed); its own number excluded; first spelling wins. The relations
    come without those to a directive the public may not be told about (the page types'
    `search_queryset()` filter them); numbers written in the item's own prose are part of it."""
    printed: dict[str, str] = {}
    for text in texts:
        for number in find_directive_numbers(text):
            printed.setdefault(number.key, number.printed)
    for key, shown in related:
        printed.setdefault(key, shown)
    printed.pop(own_key, None)
    return tuple(printed.values()), tuple(printed.keys())


def _thumbnail(image) -> str:
    """The thumbnail's URL; empty without an image or when the public may not fetch it
    (articles.public_files: `search_queryset` flags the images, so this costs no query)."""
    return image.get_rendition(THUMBNAIL_RENDITION).url if public_files.is_public(image) else ""


def directive_version(revision_id: int | None, status_code: str) -> str:
    """A directive document's version: its published revision and its status, which changes with the
    date and with other directives (`DirectivePage.search_versions` gives the same for verification)."""
    return f"{revision_id or ''}:{status_code}"


def directive_document(page) -> SearchDocument:
    """`page` comes from `DirectivePage.search_queryset`, which annotates its status (no query here)."""
    from articles.directive_status import status_of

    status = status_of(page).code
    body = stream_text(page.body)
    relations = [(relation.target_key, relation.printed_number) for relation in page.relations.all()]
    cited_numbers, cited_keys = _cited([page.subject, page.summary, body], relations, page.number_key)
    return SearchDocument(
        id=page.pk,
        translation_key=str(page.translation_key),
        locale=page.locale.language_code,
        kind="directive",
        title=page.title,
        url=page.url or "",
        summary="\n".join(part for part in (page.subject, page.summary) if part),
        body=body,
        directive_number=page.number,
        directive_key=page.number_key,
        cited_numbers=cited_numbers,
        cited_keys=cited_keys,
        themes=theme_labels(page.themes.all()),
        issuer=Label(str(page.issuing_body_id), _labels(page.issuing_body, "name")) if page.issuing_body else None,
        document_type=Label(page.document_type.code, _labels(page.document_type, "name"))
        if page.document_type
        else None,
        status=status,
        date=page.issue_date,
        first_published_at=page.first_published_at,
        version=directive_version(page.live_revision_id, status),
    )


def explainer_document(page, *, body: str = "", transcript: str = "", image=None) -> SearchDocument:
    directives = list(page.related_directives.all())
    cited_numbers, cited_keys = _cited(
        [page.summary, body, transcript], [(d.number_key, d.number) for d in directives], own_key=""
    )
    return SearchDocument(
        id=page.pk,
        translation_key=str(page.translation_key),
        locale=page.locale.language_code,
        kind=page.kind,
        title=page.title,
        url=page.url or "",
        summary=page.summary,
        body=body,
        transcript=transcript,
        cited_numbers=cited_numbers,
        cited_keys=cited_keys,
        themes=theme_labels(page.themes.all()),
        date=page.date,
        first_published_at=page.first_published_at,
        thumbnail_url=_thumbnail(image),
        version=str(page.live_revision_id or ""),
    )


FACET_LABELS_TIMEOUT = 300
"""Seconds a process keeps a facet's label table; saving reference data drops it at once
(in every process when the cache is shared, such as Redis)."""
LABELLED_FACETS = ("theme", "issuer", "type")


def _facet_labels_key(facet: str, language: str) -> str:
    return f"articles:facet-labels:{facet}:{language}"


def _load_facet_labels(facet: str, language: str) -> dict[str, str]:
    from articles.models import DocumentType, IssuingBody, Theme

    def label(obj) -> str:
        return getattr(obj, f"name_{language}", "") or getattr(obj, f"name_{settings.LANGUAGE_CODE}", "")

    if facet == "theme":
        return {theme.slug: label(theme) for theme in Theme.objects.all()}
    if facet == "issuer":
        return {str(body.pk): label(body) for body in IssuingBody.objects.all()}
    return {kind.code: label(kind) for kind in DocumentType.objects.all()}


def facet_labels(facet: str, values: Iterable[str], language: str) -> dict[str, str]:
    """Labels, in `language`, of the theme / issuer / type / status facet values (SEARCH_FACET_LABELS).

    Reference data is small and read on every search, so each facet's whole table is cached."""
    if facet == "status":
        from articles.models.directives import LegalStatus

        with translation.override(language):
            return {value: str(LegalStatus(value).label) for value in values if value in LegalStatus.values}
    if facet not in LABELLED_FACETS:
        return {}
    key = _facet_labels_key(facet, language)
    table = cache.get(key)
    if table is None:
        table = _load_facet_labels(facet, language)
        cache.set(key, table, FACET_LABELS_TIMEOUT)
    return {value: table[value] for value in values if value in table}


def forget_facet_labels() -> None:
    """Drop the cached label tables (reference data was saved or deleted)."""
    cache.delete_many([_facet_labels_key(facet, code) for facet in LABELLED_FACETS for code in _languages()])
