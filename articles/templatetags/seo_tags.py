"""`{% seo_meta %}`: canonical URL, Open Graph, Twitter card and schema.org JSON-LD for the page being rendered."""

from django import template
from wagtail.models import Page

from articles.seo import PageSeo, page_seo
from home.templatetags.home_tags import localized_home

register = template.Library()


@register.inclusion_tag("articles/includes/seo_meta.html", takes_context=True)
def seo_meta(context: template.Context) -> dict[str, PageSeo | None]:
    """Metadata for `page` as served to `request`; nothing for views that are not pages."""
    page = context.get("page")
    request = context.get("request")
    if request is None or not isinstance(page, Page):
        return {"seo": None}
    return {"seo": page_seo(page, request, site_home=localized_home(context))}
