"""XSL stylesheets that let a browser show the site's feeds and sitemaps as readable pages.

A feed or a sitemap opened in a browser would otherwise show as a tree of XML. Each carries an
``<?xml-stylesheet type="text/xsl"?>`` instruction pointing here; the browser turns it into an
HTML page in the visitor's language that says what the document is (a feed: copy its address
into a reader; a sitemap: a list of pages for search engines) and lists its items as links.
Feed readers, podcast apps and crawlers ignore the instruction and read the XML as before.

- `feed_stylesheet` (``feeds/style.xsl`` in each language): RSS 2.0 and Atom 1.0 alike; an
  entry's date as people write it in the feed's language when the feed carries one (XSLT 1.0
  cannot format dates: articles.syndication.HumanDates writes it into the feed).
- `sitemap_stylesheet` (``sitemap.xsl`` in each language): the sitemap index and the sitemaps.

The stylesheets are templates only so that their words go through gettext and the site's CSS
link through `static`; they hold no data of their own and may be cached like static files.
They know nothing of page types or of which feeds exist.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from articles.syndication import HUMAN_DATE_NAMESPACE

XSL_CONTENT_TYPE = "text/xsl; charset=utf-8"
MAX_AGE = 60 * 60


@require_GET
@cache_control(public=True, max_age=MAX_AGE)
def feed_stylesheet(request: HttpRequest) -> HttpResponse:
    """The XSLT stylesheet that shows an RSS 2.0 or Atom 1.0 feed as a page in the active language."""
    context = {"human_date_namespace": HUMAN_DATE_NAMESPACE}
    return render(request, "xsl/feed.xsl", context, content_type=XSL_CONTENT_TYPE)


@require_GET
@cache_control(public=True, max_age=MAX_AGE)
def sitemap_stylesheet(request: HttpRequest) -> HttpResponse:
    """The XSLT stylesheet that shows a sitemap index or a sitemap as a page in the active language."""
    home_url = reverse("wagtail_serve", args=[""])
    return render(request, "xsl/sitemap.xsl", {"home_url": home_url}, content_type=XSL_CONTENT_TYPE)
