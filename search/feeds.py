"""Feeds of search results, and the pieces every feed of the site is built from.

**The search feed.** Every `/search/` address has a feed twin: ``search/feed.atom`` and
``search/feed.rss`` under the same language prefix take exactly the same query string, validated by
the same code (`search.query.run_search`). A parameter the page would report and ignore is refused
here with 400 and the page's message, since a subscription that silently drops part of its query
would follow the wrong items for ever. The feed lists the newest `FEED_SIZE` matching items, newest
first whatever ``sort`` says (a feed reader wants what is new; ``page`` and ``per_page`` are
validated and ignored likewise). No parameters at all is the latest items of the language. An
engine outage answers 503. Entries come from the search documents alone (title, URL, summary, date,
themes, issuer): this module imports no page class.

**Shared pieces**, page-agnostic, also used by `articles.syndication` and the podcast feed:

- `SiteFeed`: a Django `Feed` in the active language whose every call works on a copy bound to
  its request (absolute URLs on the requested host); `SiteFeed(Atom1Feed)` or `SiteFeed(RSS)`.
- `FeedStylesheetMixin`: writes ``<?xml-stylesheet type="text/xsl" href="…"?>`` right after the
  XML declaration, pointing at the URL named ``feed_stylesheet`` when the site has one (browsers
  then show the feed as a readable page; readers ignore it).
- `Atom1Feed`: Django's Atom 1.0 writer, which leaves stylesheets out, with them written.
- `entry_id`: the id of an item in a feed, stable per (item, language) across databases.
- `feed_urls`: the ``.atom`` and ``.rss`` URL patterns of one feed.
"""

import copy
import datetime
import logging
import unicodedata
import uuid
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import feedgenerator, timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator
from wagtail.models import Locale, Page, Site

from search.backends.base import SearchHit, SearchUnavailable
from search.query import InvalidSearchParameters, SearchOutcome, run_search

logger = logging.getLogger(__name__)

FEED_SIZE = 50
"""Items in every feed of the site."""

RSS = feedgenerator.Rss201rev2Feed

PUBLICATION_TIME = datetime.time(9, 0)
"""Items carry a date only; feeds date them at 09:00 in the site's time zone."""

ENTRY_NAMESPACE = uuid.UUID("9b1f6c7e-3d2a-4f5b-8e0c-2a7d4c6b1e93")
STYLESHEET_URL_NAME = "feed_stylesheet"
RETRY_AFTER_SECONDS = 60


# --- Shared pieces --------------------------------------------------------------------------------


class Atom1Feed(feedgenerator.Atom1Feed):
    """Atom 1.0 that writes its stylesheets after the XML declaration, as Django's RSS writer does.

    Entries may carry ``language`` (an item keyword argument): written as ``xml:lang`` when it
    differs from the feed's, for a search over every language."""

    def write(self, outfile: Any, encoding: str) -> None:
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        self.add_stylesheets(handler)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_stylesheets(self, handler: SimplerXMLGenerator) -> None:
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", str(stylesheet))

    def item_attributes(self, item: dict[str, Any]) -> dict[str, str]:
        language = item.get("language")
        return {"xml:lang": language} if language and language != self.feed["language"] else {}


class FeedStylesheetMixin:
    """Points a feed at the site's XSLT stylesheet (URL name ``feed_stylesheet``), in the active
    language, when the site has one; no instruction at all when it has none.

    A browser opening a feed (it asks for ``text/html``) gets it as ``application/xml``: Chromium
    shows ``application/rss+xml`` and ``application/atom+xml`` as plain text and never applies the
    stylesheet. Feed readers get the feed's own type. Hence ``Vary: Accept``."""

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        if "text/html" in request.headers.get("Accept", ""):
            response["Content-Type"] = "application/xml; charset=utf-8"
        patch_vary_headers(response, ["Accept"])
        return response

    def stylesheets(self, obj: Any) -> list[feedgenerator.Stylesheet]:
        try:
            url = reverse(STYLESHEET_URL_NAME)
        except NoReverseMatch:
            return []
        return [feedgenerator.Stylesheet(url, mimetype="text/xsl")]


def entry_id(translation_key: str, language: str) -> str:
    """The id of an item in every feed of one language: the same item in two feeds has one id, its
    translation another (a reader subscribed to both languages sees two entries)."""
    return f"urn:uuid:{uuid.uuid5(ENTRY_NAMESPACE, f'{translation_key}/{language}')}"


def dated(day: datetime.date) -> datetime.datetime:
    """An item's date as an aware time for a feed (09:00 local time)."""
    return timezone.make_aware(datetime.datetime.combine(day, PUBLICATION_TIME), timezone.get_default_timezone())


def active_locale() -> Locale | None:
    try:
        return Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        return None


def site_home(request: HttpRequest, locale: Locale | None) -> Page | None:
    """The requested site's home page in `locale`, or its source page where that has no live translation."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    if locale is None or root.locale_id == locale.pk:
        return root
    translation = root.get_translation_or_none(locale)
    return translation if translation is not None and translation.live else root


class SiteFeed(FeedStylesheetMixin, Feed):
    """A feed of the site, made as ``SiteFeed(Atom1Feed)`` or ``SiteFeed(RSS)``.

    Each call works on a copy that knows its request (for absolute URLs), its language and
    locale (the active ones: the URL's prefix) and the site's home page in that language, so one
    instance serves every request from a URLconf."""

    item_guid_is_permalink = False
    request: HttpRequest
    locale: Locale | None
    home: Page | None

    def __init__(self, feed_type: type[feedgenerator.SyndicationFeed] = RSS) -> None:
        self.feed_type = feed_type

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        bound = copy.copy(self)
        bound.bind(request)
        return super(SiteFeed, bound).__call__(request, *args, **kwargs)

    def bind(self, request: HttpRequest) -> None:
        """Called on the copy that serves `request`; subclasses add what they need per request."""
        self.request = request
        self.language = get_language()
        self.locale = active_locale()
        self.home = site_home(request, self.locale)

    def absolute(self, url: str) -> str:
        return self.request.build_absolute_uri(url)

    @property
    def site_name(self) -> str:
        return self.home.title if self.home is not None else settings.WAGTAIL_SITE_NAME

    def titled(self, what: str) -> str:
        """A feed title: what it follows, then the site's name (``Latest — Site``)."""
        return f"{what} — {self.site_name}"

    def author_name(self) -> str:
        """Atom needs an author for the feed when entries have none: the site."""
        return self.site_name

    def feed_guid(self) -> str:
        """The feed's own address (Django would take its link, which two feeds may share)."""
        return self.absolute(self.request.get_full_path())


def feed_urls(route: str, feed_class: type[SiteFeed], name: str) -> list[URLPattern]:
    """``<route>.atom`` named ``<name>_atom`` and ``<route>.rss`` named ``<name>_rss``."""
    return [
        path(f"{route}.atom", feed_class(Atom1Feed), name=f"{name}_atom"),
        path(f"{route}.rss", feed_class(RSS), name=f"{name}_rss"),
    ]


# --- The feed twin of the search page -----------------------------------------------------------------


def _plain(message: str, status: int, **headers: str) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8", headers=headers)


class SearchFeed(SiteFeed):
    """The newest items matching a `/search/` query string (see the module docstring)."""

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidSearchParameters as error:
            lines = [_("This feed’s address has parameters that were not understood:"), *error.errors]
            return _plain("\n".join(lines) + "\n", 400)
        except SearchUnavailable as error:
            logger.error("search unavailable: %s", error)
            message = _("Search is temporarily unavailable. Please try again shortly.")
            return _plain(message + "\n", 503, **{"Retry-After": str(RETRY_AFTER_SECONDS)})

    def get_object(self, request: HttpRequest) -> SearchOutcome:
        return run_search(request.GET, self.language, strict=True, sort="newest", page=1, per_page=FEED_SIZE)

    # --- Channel --------------------------------------------------------------------------------

    def title(self, outcome: SearchOutcome) -> str:
        # The visitor's words, minus what XML 1.0 cannot carry (control characters, lone surrogates).
        typed = self.request.GET.get("q", "")
        words = " ".join("".join(char for char in typed if unicodedata.category(char) not in ("Cc", "Cs")).split())
        if words:
            return self.titled(_("Search results for “%(query)s”") % {"query": words})
        return self.titled(_("Search results"))

    def subtitle(self, outcome: SearchOutcome) -> str:
        return _("The newest items that match this search.")

    def description(self, outcome: SearchOutcome) -> str:
        return self.subtitle(outcome)

    def link(self, outcome: SearchOutcome) -> str:
        query = self.request.GET.urlencode()
        return self.absolute(reverse("search") + (f"?{query}" if query else ""))

    def feed_url(self, outcome: SearchOutcome) -> str:
        return self.absolute(self.request.get_full_path())

    # --- Items ----------------------------------------------------------------------------------

    def items(self, outcome: SearchOutcome) -> list[SearchHit]:
        return outcome.results.hits

    def item_title(self, hit: SearchHit) -> str:
        return hit.document.title

    def item_link(self, hit: SearchHit) -> str:
        return self.absolute(hit.document.url)

    def item_description(self, hit: SearchHit) -> str:
        return escape(hit.document.summary)  # feed descriptions are HTML; summaries are plain text

    def item_guid(self, hit: SearchHit) -> str:
        return entry_id(hit.document.translation_key, hit.document.locale)

    def item_pubdate(self, hit: SearchHit) -> datetime.datetime | None:
        document = hit.document
        return dated(document.date) if document.date else document.first_published_at

    def item_updateddate(self, hit: SearchHit) -> datetime.datetime | None:
        published = self.item_pubdate(hit)
        first = hit.document.first_published_at
        return max(published, first) if published and first else published or first

    def item_categories(self, hit: SearchHit) -> list[str]:
        return [theme.label(self.language) for theme in hit.document.themes]

    def item_author_name(self, hit: SearchHit) -> str | None:
        issuer = hit.document.issuer
        return issuer.label(self.language) if issuer else None

    def item_extra_kwargs(self, hit: SearchHit) -> dict[str, Any]:
        return {"language": hit.document.locale}
