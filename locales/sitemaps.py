"""Sitemaps in every language, with hreflang alternates, and the robots.txt that points to them.

`/sitemap.xml` is an index of one sitemap per content language (`/sitemap-<code>.xml`, split into
numbered parts past `URLS_PER_SITEMAP`). Each lists every live, public page of that language once
(never a draft, an alias copy, or a page under a view restriction, its own or an ancestor's), with
`<xhtml:link rel="alternate" hreflang>` for each live public translation and `x-default` for the
source-language version — Wagtail's own sitemap lists only the default locale. A sitemap costs a
fixed number of queries whatever the number of pages (a part after the first, one more to count the
parts: a part number past the last is a 404, whatever its size). When the site has a URL named
`sitemap_stylesheet` (an XSLT page for people who open a sitemap in a browser), the sitemaps point
to it in their own language; without one they are plain XML.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from locales import conf

URLS_PER_SITEMAP = 10_000


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: str | None
    alternates: list[tuple[str, str]]
    """(hreflang, absolute URL), the page's own language included, then x-default when there is one."""


def visible_pages(site: Site):
    """Pages a visitor of `site` may see: live, public, not alias copies, under one of the site's roots."""
    roots = Page.objects.filter(translation_key=site.root_page.translation_key)
    paths = list(roots.values_list("path", flat=True))
    pages = Page.objects.live().public().filter(alias_of__isnull=True, depth__gt=1)
    if not paths:
        return pages.none()
    under_roots = Q()
    for path in paths:
        under_roots |= Q(path__startswith=path)
    return pages.filter(under_roots)


def _content_languages() -> list[str]:
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def _site(request: HttpRequest) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is configured for this host.")
    return site


def _absolute(request: HttpRequest, page: Page) -> str | None:
    url = page.get_url(request)
    return request.build_absolute_uri(url) if url else None


def sitemap_entries(request: HttpRequest, language: str, part: int = 1) -> list[SitemapEntry]:
    """One part of the sitemap of `language`: its pages in tree order, each with its alternates."""
    site = _site(request)
    visible = (
        visible_pages(site)
        .select_related("locale")
        .only("pk", "url_path", "path", "depth", "translation_key", "locale__language_code", "last_published_at")
    )
    start = (part - 1) * URLS_PER_SITEMAP
    pages = list(visible.filter(locale__language_code=language).order_by("path")[start : start + URLS_PER_SITEMAP])
    translations: dict[object, dict[str, Page]] = defaultdict(dict)
    for translated in visible.filter(translation_key__in=[page.translation_key for page in pages]):
        translations[translated.translation_key][translated.locale.language_code] = translated
    source = conf.source_language()
    entries = []
    for page in pages:
        url = _absolute(request, page)
        if url is None:
            continue
        versions = translations[page.translation_key]
        alternates = [
            (code, href)
            for code in _content_languages()
            if code in versions and (href := _absolute(request, versions[code]))
        ]
        default = dict(alternates).get(source)
        if len(alternates) > 1 and default:
            alternates.append(("x-default", default))
        lastmod = page.last_published_at.date().isoformat() if page.last_published_at else None
        entries.append(SitemapEntry(url, lastmod, alternates if len(alternates) > 1 else []))
    return entries


def _parts(site: Site, language: str) -> int:
    count = visible_pages(site).filter(locale__language_code=language).count()
    return max(1, -(-count // URLS_PER_SITEMAP))


@require_GET
def sitemap_index(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    sitemaps = []
    for code in _content_languages():
        for part in range(1, _parts(site, code) + 1):
            args = [code] if part == 1 else [code, part]
            name = "sitemap_language" if part == 1 else "sitemap_language_part"
            sitemaps.append(request.build_absolute_uri(reverse(name, args=args)))
    return TemplateResponse(
        request, "locales/sitemap_index.xml", {"sitemaps": sitemaps}, content_type="application/xml; charset=utf-8"
    )


@require_GET
def sitemap(request: HttpRequest, language: str, part: int = 1) -> HttpResponse:
    """One part of a language's sitemap; a part past the last one is a 404 before any listing query
    (the part number is the visitor's: it must never reach the database as an offset)."""
    if language not in _content_languages() or part < 1:
        raise Http404("No sitemap for this language.")
    if part > 1 and part > _parts(_site(request), language):
        raise Http404("No such sitemap part.")
    entries = sitemap_entries(request, language, part)
    return TemplateResponse(
        request, "locales/sitemap.xml", {"entries": entries}, content_type="application/xml; charset=utf-8"
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('wagtailadmin_home')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
