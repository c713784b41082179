"""Cross-type listings: what explains a directive, and everything filed under a theme.

Each returns live, public pages of one locale only. Query counts are fixed by the number of
page types, never by the number of items: one query per type, then one to fetch a page of
specific objects.
"""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Q
from wagtail.models import Page

from articles.models.directives import DirectivePage
from articles.models.media import EXPLAINER_MODELS, ExplainerPage


def _visible(model: type[Page], locale_id: int, private: Q):
    """Live pages of `model` in one locale outside every view restriction (computed once per listing)."""
    return model.objects.live().exclude(private).filter(locale_id=locale_id)


def _private_q() -> Q:
    return Page.objects.all().private_q()


def explainers_for_directive(directive: DirectivePage) -> dict[str, list[ExplainerPage]]:
    """Media items in the directive's locale that are tied to it, by kind, newest first."""
    items = {}
    private = _private_q()
    for model in EXPLAINER_MODELS:
        found = list(
            _visible(model, directive.locale_id, private)
            .filter(related_directives__translation_key=directive.translation_key)
            .distinct()
            .order_by("-date", "-pk")
        )
        if found:
            items[model.kind] = found
    return items


def latest_items(locale_id: int, count: int) -> list[Page]:
    """The newest `count` media items of any kind in one locale."""
    entries: list[tuple[date, int]] = []
    for model in EXPLAINER_MODELS:
        entries += (
            model.objects.live()
            .public()
            .filter(locale_id=locale_id)
            .order_by("-date", "-pk")
            .values_list("date", "pk")[:count]
        )
    entries.sort(reverse=True)
    return _specific_pages([pk for _date, pk in entries[:count]])


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
    for model, date_field in [(DirectivePage, "issue_date"), *((model, "date") for model in EXPLAINER_MODELS)]:
        entries += _visible(model, locale_id, private).filter(themes=theme_id).values_list(date_field, "pk")
    entries.sort(reverse=True)
    return ThemeListing(entries)
