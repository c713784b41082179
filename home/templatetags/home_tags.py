"""Template tags for site-wide chrome: the home page in the visitor's language."""

from django import template
from django.http import HttpRequest
from wagtail.models import Page, Site

register = template.Library()


def localized_home_for(request: HttpRequest, site: Site | None = None) -> Page | None:
    """The request's site's home page in the active language (the source one if untranslated).

    Memoised on the request: the header, the breadcrumbs and the <title> all ask for it."""
    if not hasattr(request, "_localized_home"):
        site = site or Site.find_for_request(request)
        request._localized_home = site.root_page.localized if site else None
    return request._localized_home


@register.simple_tag(takes_context=True)
def localized_home(context: template.Context) -> Page | None:
    """`{% localized_home as home %}`: the current site's home page in the active language."""
    request = context.get("request")
    if request is None:
        return None
    return localized_home_for(request)
