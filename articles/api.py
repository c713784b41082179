"""What our page types show through Wagtail's API v2, and the two filters that know our content.

- Serializer fields for the page types' `api_fields`: reference data (themes, issuing bodies,
  document types) as small objects labelled in the page's own language; related directives and
  directive relations with the id of the live, public directive in the page's locale; documents
  and media files as URLs, images as renditions; a file the public may not fetch (a restricted
  collection: articles.public_files) is null or left out, in StreamFields too.
- Prefetches for the page types' `api_queryset()` (`related_directives_prefetch`,
  `relations_prefetch`, `image_prefetch`), so a listing costs as many queries for 20 items as for 3.
- The filter backends `ThemeFilter` (`?theme=<slug>`) and `DirectiveFilter` (`?directive=<number
  or key>`); a bad value raises Wagtail's `BadRequestError` with a message (a 400 from the endpoint).

The endpoints themselves belong to the project (cms/api.py); this module knows nothing of them.
The page models import it while Django loads them, so it imports them (and wagtail.api.v2, which
needs loaded models) only inside functions.
"""

import mimetypes
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import Model, OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname, resolution_order
from rest_framework.fields import Field
from rest_framework.filters import BaseFilterBackend
from wagtail.api import APIField
from wagtail.api.utils import get_full_url
from wagtail.images.api.fields import ImageRenditionField

from articles import public_files
from articles.directive_numbers import InvalidDirectiveNumber, parse_directive_number
from articles.directive_visibility import private_pages_q, visible_directives, withheld_q

THUMBNAIL_RENDITION = "fill-480x270"
"""Every image field also comes as `<field>_thumbnail` in this size (the size search results use)."""


# --- Labels and small helpers ---------------------------------------------------------------------


def translated(instance: Model, field: str, language: str) -> str:
    """A modeltranslation field in `language`, falling back as the site does (to Vietnamese)."""
    for code in resolution_order(language):
        value = getattr(instance, build_localized_fieldname(field, code), "")
        if value:
            return value
    return ""


def page_language(page: Model) -> str:
    return page.locale.language_code


def hidden_collection_ids() -> set[int]:
    """Collections under a view restriction (their own or an ancestor's), whoever asks: the API is public."""
    return set(public_files.restricted_collection_ids())


class _PageField(Field):
    """A read-only field given the whole page, so its value can depend on the page's language."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance: Model) -> Model:
        return instance

    def is_public(self, file: Model | None) -> bool:
        """Whether the public may fetch `file` (restricted collections looked up once per request)."""
        return public_files.is_public(file, self.context.get("request"))

    def full_url(self, url: str) -> str:
        return get_full_url(self.context["request"], url)


# --- Reference data -------------------------------------------------------------------------------


def _reference(
    instance: Model | None, attributes: Iterable[str], labels: Iterable[str], language: str
) -> dict[str, Any] | None:
    if instance is None:
        return None
    data = {name: getattr(instance, name) for name in attributes}
    data.update({name: translated(instance, name, language) for name in labels})
    return data


class ReferenceField(_PageField):
    """A foreign key to reference data, e.g. `{"code": "NQ", "name": "Resolution"}` on an English page."""

    def __init__(self, attributes: Iterable[str], labels: Iterable[str] = ("name",), **kwargs: Any) -> None:
        self.attributes, self.labels = tuple(attributes), tuple(labels)
        super().__init__(**kwargs)

    def to_representation(self, page: Model) -> dict[str, Any] | None:
        return _reference(getattr(page, self.source), self.attributes, self.labels, page_language(page))


class ThemesField(_PageField):
    """The page's themes: `[{"slug": "chuyen-doi-so", "name": "Digital transformation"}]`."""

    def to_representation(self, page: Model) -> list[dict[str, Any]]:
        language = page_language(page)
        return [_reference(theme, ("slug",), ("name",), language) for theme in page.themes.all()]


# --- Directives -----------------------------------------------------------------------------------


def _localized_ids(queryset: QuerySet, match: dict[str, Any], private: Q) -> QuerySet:
    """Annotate `api_page_<language>`: the id of the live, public directive matching `match` in each
    language (one subquery per language, so the query count does not depend on the items)."""
    return queryset.annotate(
        **{
            f"api_page_{code}": Subquery(
                visible_directives(private)
                .filter(locale__language_code=code, **match)
                .order_by("-issue_date", "pk")
                .values("pk")[:1]
            )
            for code, _name in settings.LANGUAGES
        }
    )


def related_directives_prefetch() -> Prefetch:
    """Related directives (pages of the source locale) that are live and public, with their
    counterpart in every language."""
    private = private_pages_q()
    directives = visible_directives(private).only("pk", "number", "number_key", "translation_key")
    return Prefetch(
        "related_directives",
        queryset=_localized_ids(directives, {"translation_key": OuterRef("translation_key")}, private),
    )


def relations_prefetch(private: Q | None = None) -> Prefetch:
    """A directive's relations, with the live, public directive of that number in every language;
    relations to a directive the public may not be told about are left out. Pass `private_pages_q()`
    when the caller already has it, to save its query."""
    from articles.models import DirectiveRelation

    private = private_pages_q() if private is None else private
    relations = (
        DirectiveRelation.objects.exclude(withheld_q(OuterRef("target_key"), private))
        .select_related("target_page")
        .order_by("sort_order", "pk")
    )
    return Prefetch("relations", queryset=_localized_ids(relations, {"number_key": OuterRef("target_key")}, private))


def _prefetched(page: Model, name: str, prefetch: Callable[[], Prefetch]) -> list[Model]:
    """The objects of relation `name` as `prefetch()` fetches them: from the listing's prefetch when
    `api_queryset()` ran, otherwise fetched now with the same query (a page loaded some other way)."""
    if name not in getattr(page, "_prefetched_objects_cache", {}):
        prefetch_related_objects([page], prefetch())
    return list(getattr(page, name).all())


class _DirectiveLinks(_PageField):
    def link(self, page: Model, item: Model, number: str, key: str) -> dict[str, Any]:
        target = getattr(item, f"api_page_{page_language(page)}")
        detail_url = None
        if target is not None:
            from articles.models import DirectivePage

            path = self.context["router"].get_object_detail_urlpath(DirectivePage, target)
            detail_url = self.full_url(path) if path else None
        return {"number": number, "key": key, "id": target, "detail_url": detail_url}


class RelatedDirectivesField(_DirectiveLinks):
    """Directives an item explains: `[{"number": "380-CV/ĐU", "key": "380-cv-du", "id": 12,
    "detail_url": …}]`; `id` is the live, public directive in the item's language, or null when it
    has none there. Directives that are not live and public are left out."""

    def to_representation(self, page: Model) -> list[dict[str, Any]]:
        return [
            self.link(page, directive, directive.number, directive.number_key)
            for directive in _prefetched(page, "related_directives", related_directives_prefetch)
        ]


class DirectiveRelationsField(_DirectiveLinks):
    """A directive's typed links, as it holds them: `[{"relation": "replaces", "direction":
    "outgoing", "label": "replaces", "inverse_label": "replaced by", "number": …, "key": …, "id": …,
    "detail_url": …}]`, labels in the page's language. `label` reads from this directive ("this
    replaces that"), `inverse_label` from the other ("that is replaced by this"). The relations
    other directives hold to this one are not listed here: ask `?directive=<key>`."""

    def to_representation(self, page: Model) -> list[dict[str, Any]]:
        relations = _prefetched(page, "relations", relations_prefetch)
        with translation.override(page_language(page)):
            return [
                {
                    "relation": relation.relation_type,
                    "direction": "outgoing",
                    "label": relation.label(),
                    "inverse_label": relation.inverse_label(),
                    **self.link(page, relation, relation.printed_number, relation.target_key),
                }
                for relation in relations
            ]


class LegalStatusField(_PageField):
    """`{"code": "replaced", "label": "No longer in force: replaced", "since": "2026-01-01", "by":
    {"number": "12-NQ/TW", "relation": "replaces"}, "reason": "", "overridden": false}`, the label
    in the page's language; `by` is null unless a live, public directive ended this one
    (articles.directive_status)."""

    def to_representation(self, page: Model) -> dict[str, Any]:
        from articles.directive_status import status_of

        status = status_of(page)
        with translation.override(page_language(page)):
            return {
                "code": status.code,
                "label": status.label,
                "since": status.since.isoformat() if status.since else None,
                "by": {"number": status.by_number, "relation": status.by_relation} if status.by_number else None,
                "reason": status.reason,
                "overridden": status.overridden,
            }


class EliField(_PageField):
    """The directive's stable identifier as an absolute URL (articles.eli), the same in every language."""

    def to_representation(self, page: Model) -> str | None:
        from articles.eli import eli_path

        relative = eli_path(page)
        return self.full_url(relative) if relative else None


# --- Files ----------------------------------------------------------------------------------------


class DocumentField(_PageField):
    """A document as `{"id", "title", "download_url"}`; null when it sits in a restricted collection."""

    def to_representation(self, page: Model) -> dict[str, Any] | None:
        document = getattr(page, self.source)
        if not self.is_public(document):
            return None
        return {"id": document.pk, "title": document.title, "download_url": self.full_url(document.url)}


class CaptionTracksField(_PageField):
    """A clip's WebVTT caption tracks: `[{"language": "en", "url": …}]` (every language, in every locale)."""

    def to_representation(self, page: Model) -> list[dict[str, str]]:
        return [
            {"language": track.language, "url": self.full_url(track.file.url)}
            for track in page.caption_tracks.all()
            if self.is_public(track.file)
        ]


class MediaFileField(_PageField):
    """An audio or video file (wagtailmedia) as `{"url", "mime_type"}`; null when it sits in a restricted collection."""

    def to_representation(self, page: Model) -> dict[str, str] | None:
        media = getattr(page, self.source)
        if not self.is_public(media):
            return None
        mime_type = mimetypes.guess_type(media.file.name)[0] or "application/octet-stream"
        return {"url": self.full_url(media.file.url), "mime_type": mime_type}


class PublicImageRenditionField(ImageRenditionField):
    """Wagtail's rendition field, null for an image in a restricted collection (articles.public_files),
    with `full_url` on the site the request came to, like every other URL of the API (Wagtail's own
    `full_url` starts with WAGTAILADMIN_BASE_URL, the admin's address)."""

    def to_representation(self, image: Model) -> dict[str, Any] | None:
        if not public_files.is_public(image, self.context.get("request")):
            return None
        data = super().to_representation(image)
        if "url" in data:
            data["full_url"] = get_full_url(self.context["request"], data["url"])
        return data


def image_api_fields(name: str, spec: str) -> list[APIField]:
    """`<name>` as a rendition in `spec` and `<name>_thumbnail` in THUMBNAIL_RENDITION (url, size, alt);
    null for an image the public may not fetch."""
    return [
        APIField(name, serializer=PublicImageRenditionField(spec)),
        APIField(f"{name}_thumbnail", serializer=PublicImageRenditionField(THUMBNAIL_RENDITION, source=name)),
    ]


def image_prefetch(name: str, spec: str) -> Prefetch:
    """The image behind `image_api_fields(name, spec)` with both renditions and its restricted-collection
    flag, for a whole listing at once."""
    from wagtail.images import get_image_model

    images = get_image_model().objects.prefetch_renditions(spec, THUMBNAIL_RENDITION)
    return Prefetch(name, queryset=public_files.flagged(images))


# --- Filters --------------------------------------------------------------------------------------


class ThemeFilter(BaseFilterBackend):
    """`?theme=<slug>[,<slug>…]`: directives and media filed under any of these themes, and the
    themes' own pages. An unknown slug is a 400 naming the known ones."""

    def filter_queryset(self, request, queryset: QuerySet, view) -> QuerySet:
        if "theme" not in request.GET:
            return queryset
        from wagtail.api.v2.utils import BadRequestError

        from articles.models import EXPLAINER_MODELS, DirectivePage, Theme, ThemePage

        slugs = list(dict.fromkeys(slug.strip() for slug in request.GET["theme"].split(",") if slug.strip()))
        if not slugs:
            raise BadRequestError(_("theme: give a theme's slug, for example theme=%(slug)s.") % {"slug": _example()})
        themes = dict(Theme.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        unknown = [slug for slug in slugs if slug not in themes]
        if unknown:
            known = ", ".join(Theme.objects.order_by("slug").values_list("slug", flat=True))
            raise BadRequestError(
                _("theme: no theme has the slug “%(slug)s”. Known slugs: %(known)s.")
                % {"slug": unknown[0], "known": known or "—"}
            )
        ids = list(themes.values())
        filed = Q(pk__in=ThemePage.objects.filter(theme__in=ids).values("pk"))
        for model in [DirectivePage, *EXPLAINER_MODELS]:
            filed |= Q(pk__in=model.objects.filter(themes__in=ids).values("pk"))
        return queryset.filter(filed)


def _example() -> str:
    from articles.models import Theme

    return Theme.objects.order_by("slug").values_list("slug", flat=True).first() or "chuyen-doi-so"


_KEY_WITH_YEAR = re.compile(r"(\d+)-([a-z]+)-([a-z]+)-(\d{4})")


def directive_key(value: str) -> str:
    """The match key of a number as printed (any variant) or of a key as the API shows it."""
    try:
        return parse_directive_number(value).key
    except InvalidDirectiveNumber:
        # A State-style key (30-nd-cp-2020) is not a way of printing the number: read it back.
        if match := _KEY_WITH_YEAR.fullmatch(value.strip()):
            number, type_code, issuer, year = match.groups()
            return parse_directive_number(f"{number}/{year}/{type_code}-{issuer}").key
        raise


class DirectiveFilter(BaseFilterBackend):
    """`?directive=<number as printed or key>`: the directive(s) with that number and every page tied
    to it: directives whose relations name it (implements, is based on, …) and the media items
    that explain it (their related directives). Garbage is a 400 with the parser's message."""

    def filter_queryset(self, request, queryset: QuerySet, view) -> QuerySet:
        if "directive" not in request.GET:
            return queryset
        from wagtail.api.v2.utils import BadRequestError

        from articles.models import EXPLAINER_MODELS, DirectivePage

        try:
            key = directive_key(request.GET["directive"])
        except InvalidDirectiveNumber as error:
            raise BadRequestError(f"directive: {error}") from error
        tied = Q(pk__in=DirectivePage.objects.filter(Q(number_key=key) | Q(relations__target_key=key)).values("pk"))
        for model in EXPLAINER_MODELS:
            tied |= Q(pk__in=model.objects.filter(related_directives__number_key=key).values("pk"))
        return queryset.filter(tied)
