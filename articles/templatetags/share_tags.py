"""`{% share_links as links %}`: where a content page may be shared (articles.seo.share_links).

Used by ``cms/templates/includes/share_links.html``; no query (the canonical URL comes from
Wagtail's cached site root paths). Nothing for views that are not pages, nor for pages that are
not content (home, listings, theme pages).
"""

from django import template
from wagtail.models import Page

from articles.seo import ShareLink
from articles.seo import share_links as page_share_links

register = template.Library()


@register.simple_tag(takes_context=True)
def share_links(context: template.Context) -> list[ShareLink]:
    page = context.get("page")
    request = context.get("request")
    if request is None or not isinstance(page, Page):
        return []
    return page_share_links(page, request)
