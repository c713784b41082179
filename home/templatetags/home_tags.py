"""Template tags for site-wide chrome: the home page in the visitor's language."""

from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def localized_home(context: template.Context) -> Page | None:
    """The current site's home page in the active language (the source one if untranslated).

    Memoised on the request: the header and the <title> both ask for it.
    """
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, "_localized_home"):
        site = Site.find_for_request(request)
        request._localized_home = site.root_page.localized if site else None
    return request._localized_home
