"""Template tags for the public face of languages: the switcher and hreflang alternates."""

from django import template
from wagtail.models import Page

from locales.alternates import LanguageAlternate, language_alternates, x_default_url

register = template.Library()


@register.simple_tag(takes_context=True)
def get_language_alternates(context: template.Context) -> list[LanguageAlternate]:
    """`{% get_language_alternates as alternates %}` for the page (or view) being rendered."""
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    return language_alternates(request, page if isinstance(page, Page) else None)


@register.inclusion_tag("locales/hreflang_links.html", takes_context=True)
def hreflang_links(context: template.Context) -> dict:
    """`<link rel="alternate" hreflang>` for every live version of a page, plus x-default."""
    page = context.get("page")
    request = context.get("request")
    if request is None or not isinstance(page, Page):
        return {"alternates": [], "x_default": None}
    alternates = [alt for alt in language_alternates(request, page) if alt.is_available]
    return {"alternates": alternates, "x_default": x_default_url(alternates)}


@register.inclusion_tag("locales/language_switcher.html", takes_context=True)
def language_switcher(context: template.Context) -> dict:
    """The list of languages, linking to this content in each one, or saying it is missing."""
    return {"alternates": get_language_alternates(context)}
