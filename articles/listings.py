"""Cross-type listings: what explains a directive, everything filed under a theme, the latest items.

Each returns live, public pages of one locale only, never alias copies. Query counts are fixed by
the number of page types, never by the number of items: one query per type, then one to fetch a
page of specific objects. The pages and the feeds (articles.syndication) list through these.
"""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from wagtail.models import Page

from articles.models.directives import DirectivePage
from articles.models.media import EXPLAINER_MODELS, ExplainerPage


def _visible(model: type[Page], locale_id: int, private: Q):
    """Live pages of `model` in one locale outside every view restriction (computed once per listing),
    alias copies left out (they repeat another locale's content)."""
    return model.objects.live().exclude(private).filter(locale_id=locale_id, alias_of__isnull=True)


def _private_q() -> Q:
    return Page.objects.all().private_q()


def _tied_explainers(model: type[ExplainerPage], directive: DirectivePage, private: Q):
    """Media items of one kind in the directive's locale that are tied to it (related_directives)."""
    return (
        _visible(model, directive.locale_id, private)
        .filter(related_directives__translation_key=directive.translation_key)
        .distinct()
    )


def explainers_for_directive(directive: DirectivePage) -> dict[str, list[ExplainerPage]]:
    """Media items in the directive's locale that are tied to it, by kind, newest first."""
    items = {}
    private = _private_q()
    for model in EXPLAINER_MODELS:
        found = list(_tied_explainers(model, directive, private).order_by("-date", "-pk"))
        if found:
            items[model.kind] = found
    return items


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
    private = _private_q()
    models = DATED_MODELS if with_directives else [(model, "date") for model in EXPLAINER_MODELS]
    return _newest([(_visible(model, locale_id, private), date_field) for model, date_field in models], count)


def items_for_directive(directive: DirectivePage, count: int) -> list[Page]:
    """The newest `count` pages tied to a directive in its locale: the directive itself (and any
    other directive with the same number), the directives whose relations name its number
    (implements, is based on, deploys, …) and the media items that explain it."""
    private = _private_q()
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
    private = _private_q()
    for model, date_field in DATED_MODELS:
        entries += _visible(model, locale_id, private).filter(themes=theme_id).values_list(date_field, "pk")
    entries.sort(reverse=True)
    return ThemeListing(entries)
