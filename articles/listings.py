"""Cross-type listings: what explains a directive, everything filed under a theme, the latest items,
the front page's rows by kind; and what a card shows of each listed item (its picture, its theme
badges linked to the theme pages, a directive's status: `prepare_cards`).

Each returns live, public pages of one locale only, never alias copies. Query counts are fixed by
the number of page types, never by the number of items: one query per type, then one to fetch a
page of specific objects; cards add a fixed handful (themes, images, renditions, covers, statuses)
and the theme directory once per request. The pages and the feeds (articles.syndication) list
through these; templates reach the cards through `{% load card_tags %}`.
"""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Window
from wagtail.models import Page

from articles.directive_visibility import private_pages_q
from articles.models.directives import DirectivePage
from articles.models.media import EXPLAINER_MODELS, ExplainerPage
from articles.models.taxonomy import Theme


def _visible(model: type[Page], locale_id: int, private: Q):
    """Live pages of `model` in one locale outside every view restriction (computed once per listing),
    alias copies left out (they repeat another locale's content)."""
    return model.objects.live().exclude(private).filter(locale_id=locale_id, alias_of__isnull=True)


def _tied_explainers(model: type[ExplainerPage], directive: DirectivePage, private: Q):
    """Media items of one kind in the directive's locale that are tied to it (related_directives,
    to the directive in any of its languages: a subquery, so each item comes once)."""
    tied = model.objects.filter(related_directives__translation_key=directive.translation_key).values("pk")
    return _visible(model, directive.locale_id, private).filter(pk__in=tied)


EXPLAINERS_PER_KIND = 6
"""How many items of each kind a directive page shows; the rest are a search away."""


@dataclass(frozen=True)
class ExplainerGroup:
    """The newest media items of one kind that explain a directive, and how many there are in all."""

    kind: str
    label: str
    pages: list[ExplainerPage]
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.pages)


def explainers_for_directive(
    directive: DirectivePage, per_kind: int | None = EXPLAINERS_PER_KIND
) -> list[ExplainerGroup]:
    """Media items in the directive's locale that are tied to it, by kind in the order of
    EXPLAINER_MODELS, newest first, at most `per_kind` of each (None: all), each group with its
    total count (one query per kind: the count is a window over the same rows)."""
    groups = []
    private = private_pages_q()
    for model in EXPLAINER_MODELS:
        tied = _tied_explainers(model, directive, private).annotate(tied_total=Window(Count("pk")))
        pages = list(tied.order_by("-date", "-pk")[:per_kind])
        if pages:
            groups.append(ExplainerGroup(model.kind, str(model._meta.verbose_name_plural), pages, pages[0].tied_total))
    return groups


DATED_MODELS: list[tuple[type[Page], str]] = [
    (DirectivePage, "issue_date"),
    *((model, "date") for model in EXPLAINER_MODELS),
]
"""Every listed page type with the field that dates it."""


def _newest(querysets: list[tuple[QuerySet, str]], count: int) -> list[Page]:
    """The newest `count` pages of several (queryset, date field) pairs, as specific pages."""
    entries: list[tuple[date, int]] = []
    for queryset, date_field in querysets:
        entries += queryset.order_by(f"-{date_field}", "-pk").values_list(date_field, "pk")[:count]
    entries.sort(reverse=True)
    return _specific_pages([pk for _date, pk in entries[:count]])


def latest_items(locale_id: int, count: int, *, with_directives: bool = False) -> list[Page]:
    """The newest `count` media items of any kind in one locale (and directives, when asked)."""
    private = private_pages_q()
    models = DATED_MODELS if with_directives else [(model, "date") for model in EXPLAINER_MODELS]
    return _newest([(_visible(model, locale_id, private), date_field) for model, date_field in models], count)


def items_for_directive(directive: DirectivePage, count: int) -> list[Page]:
    """The newest `count` pages tied to a directive in its locale: the directive itself (and any
    other directive with the same number), the directives whose relations name its number
    (implements, is based on, deploys, …) and the media items that explain it."""
    private = private_pages_q()
    directives = (
        _visible(DirectivePage, directive.locale_id, private)
        .filter(Q(number_key=directive.number_key) | Q(relations__target_key=directive.number_key))
        .distinct()
    )
    explainers = [(_tied_explainers(model, directive, private), "date") for model in EXPLAINER_MODELS]
    return _newest([(directives, "issue_date"), *explainers], count)


def _specific_pages(ids: list[int]) -> list[Page]:
    """Pages of mixed types, as their specific classes, in the order of `ids` (one query per type)."""
    pages = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    return [pages[pk] for pk in ids if pk in pages]


@dataclass(frozen=True)
class ThemeListing:
    """Every directive and media item of a theme in one locale, sorted by date, newest first."""

    entries: list[tuple[date, int]]

    def page(self, number: str | None, per_page: int) -> PaginatorPage:
        page = Paginator(self.entries, per_page).get_page(number)
        page.object_list = _specific_pages([pk for _date, pk in page.object_list])
        return page


def items_for_theme(theme_id: int, locale_id: int) -> ThemeListing:
    entries: list[tuple[date, int]] = []
    private = private_pages_q()
    for model, date_field in DATED_MODELS:
        entries += _visible(model, locale_id, private).filter(themes=theme_id).values_list(date_field, "pk")
    entries.sort(reverse=True)
    return ThemeListing(entries)


# --- Cards: the picture and theme badges of each listed item ---------------------------------------

CARD_IMAGE_FILTERS = ("fill-{320x180,480x270,640x360}", "format-{avif,webp,jpeg}")
"""The card picture: three widths of a 16:9 crop, each as AVIF, WebP and JPEG (the fallback)."""

CARD_IMAGE_FIELDS: dict[str, str] = {"infographic": "image_id", "video": "poster_id"}
"""By kind, the image field a card shows; articles show their first body image, podcast episodes
their show's cover, directives none."""


def card_rendition_specs() -> list[str]:
    """Every rendition spec a card's `{% picture %}` asks for, as `prefetch_renditions` wants them."""
    from wagtail.images.models import Filter

    return Filter.expand_spec(list(CARD_IMAGE_FILTERS))


def _first_body_image_id(page: Page) -> int | None:
    """The image of the first image block of a page's body, read from the raw stream (no query)."""
    body = getattr(page, "body", None)
    for block in getattr(body, "raw_data", None) or []:
        if block.get("type") == "image" and isinstance(block.get("value"), dict) and block["value"].get("image"):
            return block["value"]["image"]
    return None


def _card_image_ids(pages: list[Page]) -> dict[int, int]:
    """Page pk → the pk of the image its card shows (one query when podcast episodes are listed)."""
    from articles.models.media import PodcastIndexPage

    chosen: dict[int, int] = {}
    episodes: dict[str, list[int]] = {}
    for page in pages:
        kind = getattr(page, "kind", "")
        if kind in CARD_IMAGE_FIELDS:
            image_id = getattr(page, CARD_IMAGE_FIELDS[kind], None)
        elif kind == "article":
            image_id = _first_body_image_id(page)
        else:
            image_id = None
            if kind == "podcast" and page.depth > 1:
                episodes.setdefault(page.path[: -page.steplen], []).append(page.pk)
        if image_id:
            chosen[page.pk] = image_id
    if episodes:
        covers = PodcastIndexPage.objects.filter(path__in=episodes).values_list("path", "cover_image_id")
        for path, cover_id in covers:
            for pk in episodes[path]:
                if cover_id:
                    chosen[pk] = cover_id
    return chosen


def _attach_images(pages: list[Page], request=None) -> None:
    """Set `card_image` on each page: its image with the card renditions prefetched, or None when
    it has none or the public may not fetch it (articles.public_files: the request's set of
    restricted collections when it already holds it, else a flag on each image, so no query is
    added either way). Two queries, three with podcast episodes, none without images."""
    from wagtail.images import get_image_model

    from articles.public_files import flagged, is_public, restrictions_known

    chosen = _card_image_ids(pages)
    images = {}
    if chosen:
        queryset = get_image_model().objects.filter(pk__in=set(chosen.values()))
        if not restrictions_known(request):
            queryset = flagged(queryset)
        images = {image.pk: image for image in queryset.prefetch_renditions(*card_rendition_specs())}
    for page in pages:
        image = images.get(chosen.get(page.pk))
        page.card_image = image if is_public(image, request) else None


def _attach_status(pages: list[Page]) -> None:
    """Set `status` (articles.directive_status) on the directives among the pages: two queries
    when there are any (the view restrictions, then the statuses of all of them at once)."""
    from articles.directive_status import status_of, with_status

    directives = [page for page in pages if isinstance(page, DirectivePage) and not hasattr(page, "status_code")]
    if not directives:
        return
    fields = ("status_code", "repealed_since", "repealed_by", "replaced_since", "replaced_by")
    queryset = with_status(
        DirectivePage.objects.filter(pk__in=[page.pk for page in directives]), private=private_pages_q()
    )
    rows = {row["pk"]: row for row in queryset.values("pk", *fields)}
    for page in directives:
        for name, value in rows.get(page.pk, {}).items():
            setattr(page, name, value)
        if page.pk in rows:
            page.status = status_of(page)


def _theme_ids(pages: list[Page]) -> dict[int, list[int]]:
    """Page pk → the pks of its themes, for pages of any types, in one query (a union of the
    themes tables of the listed page types)."""
    by_model: dict[type[Page], list[int]] = {}
    for page in pages:
        if any(field.name == "themes" for field in type(page)._meta.many_to_many):
            by_model.setdefault(type(page), []).append(page.pk)
    queries = []
    for model, ids in by_model.items():
        field = model._meta.get_field("themes")
        owner = f"{field.m2m_field_name()}_id"
        through = field.remote_field.through.objects.filter(**{f"{owner}__in": ids})
        queries.append(through.values_list(owner, f"{field.m2m_reverse_field_name()}_id"))
    found: dict[int, list[int]] = {}
    if not queries:
        return found
    rows = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    for page_pk, theme_pk in rows:
        found.setdefault(page_pk, []).append(theme_pk)
    return found


@dataclass(frozen=True)
class ThemeBadge:
    """A theme as a badge: its label, and the address of its special page in the visitor's locale
    ("" when that locale has none the public may see)."""

    theme: Theme
    url: str

    @property
    def name(self) -> str:
        return self.theme.name


def _restricted_page() -> Q:
    """Condition on pages: the page or an ancestor carries a view restriction (a subquery, no query)."""
    from django.db.models import Exists, OuterRef
    from django.db.models.functions import Length, Substr
    from wagtail.models import PageViewRestriction

    return Q(Exists(PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))))


def theme_directory(request=None) -> dict[int, ThemeBadge]:
    """Every theme as a badge, in the themes' order, linked to its special page in the active
    language: two queries, once per request (kept on it)."""
    from django.utils.translation import get_language
    from wagtail.coreutils import get_supported_content_language_variant

    from articles.models import ThemePage

    language = get_supported_content_language_variant(get_language())
    memo = f"_theme_directory_{language}"
    if request is not None and memo in request.__dict__:
        return request.__dict__[memo]
    pages = (
        ThemePage.objects.live()
        .filter(locale__language_code=language, alias_of__isnull=True)
        .exclude(_restricted_page())
        .order_by("pk")
    )
    urls: dict[int, str] = {}
    for page in pages:
        urls.setdefault(page.theme_id, page.get_url(request) or "")
    directory = {theme.pk: ThemeBadge(theme, urls.get(theme.pk, "")) for theme in Theme.objects.all()}
    if request is not None:
        request.__dict__[memo] = directory
    return directory


def theme_badges(theme_ids, directory: dict[int, ThemeBadge]) -> list[ThemeBadge]:
    """The badges of these themes from `theme_directory()`, in the themes' order."""
    wanted = set(theme_ids)
    return [badge for pk, badge in directory.items() if pk in wanted]


def prepare_cards(pages, request=None, *, eager: int = 0) -> list:
    """The pages as a list, each with `card_image` (articles.public_files decides),
    `card_themes` (badges linked to the theme pages), `card_duration` (media with a length) and
    `card_status` (directives): a fixed number of queries whatever the count
    and kinds of pages — a union for the themes, the images and their renditions, the podcast
    covers, and the theme directory once per request. The first `eager` pictures load at once
    (`card_loading`), the others lazily."""
    pages = list(pages)
    if not pages:
        return pages
    _attach_images(pages, request)
    _attach_status(pages)
    themes = _theme_ids(pages)
    directory = theme_directory(request) if themes else {}
    seen: set[int] = set()
    for index, page in enumerate(pages):
        page.card_themes = theme_badges(themes.get(page.pk, ()), directory)
        # Read here with defaults: a template lookup of a missing attribute costs a dir() per card.
        page.card_duration = page.duration_display if getattr(page, "duration_seconds", None) else ""
        page.card_status = getattr(page, "status", None)
        if id(page) not in seen:  # an item listed twice (featured and in its row) keeps its first place
            page.card_loading = "eager" if index < eager else "lazy"
            seen.add(id(page))
    return pages


# --- The front page: rows by kind, editors' choices resolved to the visitor's locale -------------


def latest_by_kind(locale_id: int, count: int, private: Q | None = None) -> dict[str, list[ExplainerPage]]:
    """The newest `count` items of each media kind in one locale (one query per kind), by kind in
    the order of EXPLAINER_MODELS; podcast episodes come with their audio file."""
    private = private_pages_q() if private is None else private
    rows = {}
    for model in EXPLAINER_MODELS:
        queryset = _visible(model, locale_id, private).order_by("-date", "-pk")
        if any(field.name == "audio" for field in model._meta.fields):
            queryset = queryset.select_related("audio")
        rows[model.kind] = list(queryset[:count])
    return rows


def localized_pages(translation_keys: list, locale_id: int, private: Q | None = None) -> list[Page]:
    """The live, public pages of these translation keys in one locale, as their specific classes, in
    the order of the keys; keys without such a page are skipped (one query, plus one per type)."""
    if not translation_keys:
        return []
    private = private_pages_q() if private is None else private
    found = {
        page.translation_key: page
        for page in _visible(Page, locale_id, private).filter(translation_key__in=translation_keys).specific()
    }
    return [found[key] for key in translation_keys if key in found]


def newest_in_force_directive(locale_id: int, private: Q | None = None) -> DirectivePage | None:
    """The most recently issued directive of a locale that is in force, wholly or partly (one query)."""
    from articles.directive_status import with_status
    from articles.models.directives import LegalStatus

    private = private_pages_q() if private is None else private
    in_force = [LegalStatus.IN_FORCE.value, LegalStatus.PARTLY_IN_FORCE.value]
    queryset = with_status(_visible(DirectivePage, locale_id, private), private=private)
    queryset = queryset.filter(status_code__in=in_force).select_related("issuing_body")
    return queryset.order_by("-issue_date", "-pk").first()


def sections_by_kind(sections: list[Page]) -> dict[str, Page]:
    """Of these section pages, the one listing each media kind (by the kinds' `parent_page_types`),
    compared by content type: no query."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    found = {}
    for model in EXPLAINER_MODELS:
        for parent in model.parent_page_types or []:
            content_type = ContentType.objects.get_for_model(apps.get_model(parent))
            section = next((page for page in sections if page.content_type_id == content_type.pk), None)
            if section is not None:
                found.setdefault(model.kind, section)
    return found
