"""Template tags of the listings: cards with their pictures and theme badges, directive headers.

    {% load card_tags %}
    {% card_items items as cards %}            {# a list, a queryset or a paginator page #}
    {% for item in cards %}{% include "articles/includes/item_card.html" %}{% endfor %}
    {% card_groups explainers as groups %}     {# groups with `pages`, prepared in one batch #}
    {% page_theme_badges page as badges %}     {# one page's themes, linked to their theme pages #}

The queries are those of `articles.listings.prepare_cards`: fixed, whatever the number of items.
This module knows nothing of how pages are chosen, only how a chosen list is shown.
"""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.text import capfirst

from articles.listings import ThemeBadge, prepare_cards, theme_badges, theme_directory

register = template.Library()

EAGER_CARDS = 3
"""Cards whose pictures load at once (the first row of the widest grid); the others load lazily."""

STATE_ISSUERS = frozenset({"CP", "TTG", "QH", "UBTVQH", "CTN"})
"""Issuer codes of State bodies (Government, Prime Minister, National Assembly, its Standing
Committee, President): their documents carry the national motto; every other issuer on this site
is a Party body, whose documents carry the Party heading."""


@register.simple_tag(takes_context=True)
def card_items(context: template.Context, items: Iterable[Any] | None, eager: int = EAGER_CARDS) -> list:
    """The items as a list ready for `item_card.html`: picture, theme badges, loading mode."""
    if items is None:
        return []
    return prepare_cards(getattr(items, "object_list", items), context.get("request"), eager=eager)


@register.simple_tag(takes_context=True)
def card_groups(context: template.Context, groups: Iterable[Any] | None) -> list:
    """Groups of items (each with `pages`, e.g. a directive's explainers by kind) prepared in one batch."""
    groups = list(groups or ())
    prepare_cards([page for group in groups for page in group.pages], context.get("request"))
    return groups


@register.simple_tag
def group_by_kind(items: Iterable[Any]) -> list[dict]:
    """Listed items grouped by kind, directives first, then the kinds in the order they first
    appear: [{"kind": "", "label": …, "items": […]}, …] (`kind` is "" for directives)."""
    groups: dict[str, dict] = {}
    for item in items:
        kind = getattr(item, "kind", "")
        if kind not in groups:
            label = capfirst(type(item)._meta.verbose_name_plural)
            groups[kind] = {"kind": kind, "label": label, "items": []}
        groups[kind]["items"].append(item)
    return sorted(groups.values(), key=lambda group: group["kind"] != "")


@register.simple_tag(takes_context=True)
def page_theme_badges(context: template.Context, page: Any) -> list[ThemeBadge]:
    """One page's themes as badges linked to their theme pages in the active language."""
    themes = getattr(page, "themes", None)
    if themes is None:
        return []
    ids = [theme.pk for theme in themes.all()]
    return theme_badges(ids, theme_directory(context.get("request"))) if ids else []


@register.simple_tag(takes_context=True)
def theme_url(context: template.Context, theme: Any) -> str:
    """The address of a theme's page in the active language, or "" (the directory is per request)."""
    badge = theme_directory(context.get("request")).get(getattr(theme, "pk", None))
    return badge.url if badge else ""


@register.filter
def is_state_issuer(issuing_body: Any) -> bool:
    """Whether a directive's issuer is a State body (national motto) rather than a Party one."""
    abbreviation = getattr(issuing_body, "abbreviation", "") or ""
    return abbreviation.upper() in STATE_ISSUERS
