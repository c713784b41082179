"""Template tags of the site's frame: what the header, navigation and footer show, and breadcrumbs.

The data comes from `cms.navigation` (cached per site and language); these tags only hand it to
the includes under cms/templates/includes/.
"""

from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from cms.fonts import preloads
from cms.navigation import Frame, breadcrumbs_for, frame_for_request
from home.templatetags.home_tags import localized_home_for

register = template.Library()

SEARCH_URL_NAME = "search"
"""The search page (search/urls.py) has its own search form: the header leaves its box out there."""


@register.simple_tag(takes_context=True)
def frame(context: template.Context) -> Frame | None:
    """`{% frame as frame %}`: the publisher, sections, themes, footer links of this site and language."""
    return frame_for_request(context.get("request"))


@register.simple_tag(takes_context=True)
def font_preloads(context: template.Context) -> tuple[str, ...]:
    """`{% font_preloads as fonts %}`: static paths of the web-font files this language's pages need
    from their first paint (cms.fonts): those of its name, the publisher's name and the home's title."""
    language = get_language() or settings.LANGUAGE_CODE
    frame_ = frame_for_request(context.get("request"))
    text = "0123456789 AZaz " + get_language_info(language)["name_local"]  # numbers like 57-NQ/TW are on every page
    if frame_ is not None:
        text += frame_.name + (frame_.home.title if frame_.home else "")
    return preloads(text)


@register.simple_tag(takes_context=True)
def shows_header_search(context: template.Context) -> bool:
    """`{% shows_header_search as header_search %}`: False on the search page itself."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return not (match is not None and match.url_name == SEARCH_URL_NAME)


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context, current: str = "") -> dict:
    """`{% breadcrumbs %}` for the page being rendered (none on a home page); `{% breadcrumbs current=title %}`
    on a view that is not a page (search, errors): the home page, then `current`."""
    request = context.get("request")
    if request is None:
        return {"show": False}
    home = localized_home_for(request)
    if home is None:
        return {"show": False}
    page = context.get("page")
    if isinstance(page, Page) and not current:
        if page.depth <= home.depth:
            return {"show": False}
        return {
            "show": True,
            "home_url": home.get_url(request),
            "trail": breadcrumbs_for(page, request, home, frame_for_request(request)),
            "current": page.title,
        }
    if not current:
        return {"show": False}
    return {"show": True, "home_url": home.get_url(request), "trail": [], "current": current}


@register.filter
def is_prefix_of(prefix: str, path: str) -> bool:
    """`{% if section.url|is_prefix_of:request.path %}`: whether `path` lies under the address `prefix`."""
    return bool(prefix) and str(path).startswith(str(prefix))
