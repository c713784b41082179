"""Atom 1.0 and RSS 2.0 feeds of directives and media items, in each language.

Three feeds, each in both formats, under every language prefix (``/feeds/…`` is Vietnamese,
``/en/feeds/…`` English, ``/uk/feeds/…`` Ukrainian); `feed_urlpatterns` is mounted by cms/urls.py:

- ``feeds/latest.atom|rss`` (``feed_latest_atom``/``_rss``): the newest directives and media items;
- ``feeds/themes/<slug>.atom|rss`` (``feed_theme_…``): everything filed under a theme;
- ``feeds/directives/<key>.atom|rss`` (``feed_directive_…``): a directive, the directives whose
  relations name its number (implements, is based on, deploys, …) and the media that explain it.
  The key is the number's match key (``380-cv-du``); a number as printed (``380-CV/ĐU``, URL-encoded)
  is redirected to it. A number no live directive of that language carries gives 404.

Every feed lists `FEED_SIZE` items, newest first, through articles.listings: live pages of the
feed's language only, never drafts, alias copies or pages under a view restriction (their own or
an ancestor's). Entries have an absolute link, the summary, the item's date (published) and its
last publication (updated), an id stable per item and language (`search.feeds.entry_id`), the
themes (and a directive's legal status: articles.directive_status) as categories and the
issuing body (directives) or source (articles) as author, all in the feed's language. The query
count depends on the number of page types, never on the number of items.

The feed machinery shared with the search feed and the podcast feed (request-bound copies, the
XSLT stylesheet instruction, Atom with stylesheets) is in search.feeds, which knows no page type.

**For people reading a feed in a browser** (the XSLT stylesheet, cms/templates/xsl/feed.xsl, which
cannot format dates): every entry also carries its date as people write it in the feed's language
(``DATE_FORMAT`` of cms/formats/<language>), ``<site:date datetime="2025-08-25">25 August
2025</site:date>`` in our own namespace (`HUMAN_DATE_NAMESPACE`), which feed readers ignore
(`HumanDates`, also used by the podcast feed). Descriptions are HTML made from plain-text
summaries: only ``&``, ``<`` and ``>`` are escaped (`html_text`), so an apostrophe is never turned
into ``&#x27;`` and then escaped again by the XML writer.
"""

import datetime
import html
import re
from typing import Any

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import feedgenerator, formats, timezone
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator
from wagtail.models import Page

from articles.directive_numbers import InvalidDirectiveNumber, parse_directive_number
from articles.directive_status import with_status
from articles.listings import items_for_directive, items_for_theme, latest_items
from articles.models import ArticlePage, DirectivePage, LegalStatus, Theme, ThemePage
from search.feeds import FEED_SIZE, RSS, Atom1Feed, SiteFeed, dated, entry_id, feed_urls

KEY = re.compile(r"[0-9a-z]{1,12}(?:-[0-9a-z]{1,12}){2,3}")
"""A number's match key as stored (``380-cv-du``, ``30-nd-cp-2020``)."""

HUMAN_DATE_NAMESPACE = "urn:x-cms:feed-extensions:1"
"""Our namespace for what only the browser stylesheet reads (prefix ``site``)."""


def html_text(text: str) -> str:
    """Plain text as HTML (feed descriptions are HTML): ``&``, ``<``, ``>`` escaped, quotes kept as they are."""
    return html.escape(text, quote=False)


def human_date(day: datetime.date | datetime.datetime) -> dict[str, str]:
    """An entry's date as people write it in the active language, with its ISO form."""
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
    return {"text": formats.date_format(day, "DATE_FORMAT"), "datetime": day.isoformat()}


class HumanDates:
    """A feed writer mixin: ``<site:date datetime="…">…</site:date>`` in each entry given ``human_date``."""

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:site": HUMAN_DATE_NAMESPACE}

    def root_attributes(self) -> dict[str, str]:
        attributes = super().root_attributes()
        if isinstance(self, feedgenerator.RssFeed):  # RSS declares it on <rss>, not again on <channel>
            return attributes
        return {**attributes, "xmlns:site": HUMAN_DATE_NAMESPACE}

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        date = item.get("human_date")
        if date:
            handler.addQuickElement("site:date", date["text"], {"datetime": date["datetime"]})


class HumanDatedAtom1Feed(HumanDates, Atom1Feed):
    """Atom 1.0 with stylesheets (search.feeds) and human dates."""


class HumanDatedRssFeed(HumanDates, RSS):
    """RSS 2.0 with human dates."""


HUMAN_DATED: dict[type[feedgenerator.SyndicationFeed], type[feedgenerator.SyndicationFeed]] = {
    Atom1Feed: HumanDatedAtom1Feed,
    RSS: HumanDatedRssFeed,
}


class PageFeed(SiteFeed):
    """Pages of the feed's locale as entries; subclasses say which (`get_object`, `items`) and title them."""

    def __init__(self, feed_type: type[feedgenerator.SyndicationFeed] = RSS) -> None:
        super().__init__(HUMAN_DATED.get(feed_type, feed_type))

    def bind(self, request: HttpRequest) -> None:
        super().bind(request)
        if self.locale is None:
            raise Http404("No content locale for this language.")

    def page_items(self, pages: list[Page]) -> list[Page]:
        """`pages` with what their entries show fetched in one query per page type."""
        by_class: dict[type, list[Page]] = {}
        for page in pages:
            by_class.setdefault(type(page), []).append(page)
        for model, group in by_class.items():
            prefetch_related_objects(group, "themes")
            if model is DirectivePage:
                prefetch_related_objects(group, "issuing_body")
                statuses = dict(
                    with_status(DirectivePage.objects.filter(pk__in=[page.pk for page in group])).values_list(
                        "pk", "status_code"
                    )
                )
                for page in group:
                    page.legal_status = statuses.get(page.pk, LegalStatus.IN_FORCE)
        return pages

    def description(self, obj: Any) -> str:
        return self.subtitle(obj)

    # --- Items ----------------------------------------------------------------------------------

    def item_title(self, page: Page) -> str:
        return page.title

    def item_link(self, page: Page) -> str:
        return self.absolute(page.get_url(self.request))

    def item_description(self, page: Page) -> str:
        return html_text(page.summary or getattr(page, "subject", ""))  # descriptions are HTML, summaries text

    def item_guid(self, page: Page) -> str:
        return entry_id(str(page.translation_key), self.language)

    def item_pubdate(self, page: Page) -> datetime.datetime:
        return dated(page.date)

    def item_updateddate(self, page: Page) -> datetime.datetime:
        published = dated(page.date)
        return max(published, page.last_published_at) if page.last_published_at else published

    def item_extra_kwargs(self, page: Page) -> dict[str, Any]:
        return {"human_date": human_date(page.date)}

    def item_categories(self, page: Page) -> list[str]:
        """The themes, and for a directive its legal status, labelled in the feed's (active) language."""
        categories = [theme.name for theme in page.themes.all()]
        if isinstance(page, DirectivePage) and hasattr(page, "legal_status"):
            categories.append(str(LegalStatus(page.legal_status).label))
        return categories

    def item_author_name(self, page: Page) -> str | None:
        if isinstance(page, DirectivePage) and page.issuing_body is not None:
            return page.issuing_body.name
        if isinstance(page, ArticlePage) and page.source_name:
            return page.source_name
        return None

    def _home_url(self) -> str:
        return self.absolute(self.home.get_url(self.request) if self.home is not None else "/")


class LatestFeed(PageFeed):
    """The newest directives and media items of the feed's language."""

    def get_object(self, request: HttpRequest) -> None:
        return None

    def items(self) -> list[Page]:
        return self.page_items(latest_items(self.locale.pk, FEED_SIZE, with_directives=True))

    def title(self) -> str:
        return self.titled(_("Latest"))

    def subtitle(self) -> str:
        return _("The newest directives and the media that explain them.")

    def description(self) -> str:
        return self.subtitle()

    def link(self) -> str:
        return self._home_url()


class ThemeFeed(PageFeed):
    """Everything filed under one theme (``Theme.slug``) in the feed's language."""

    def get_object(self, request: HttpRequest, slug: str) -> Theme:
        theme = Theme.objects.filter(slug=slug).first()
        if theme is None:
            raise Http404("No theme has this slug.")
        return theme

    def items(self, theme: Theme) -> list[Page]:
        return self.page_items(items_for_theme(theme.pk, self.locale.pk).page(1, FEED_SIZE).object_list)

    def title(self, theme: Theme) -> str:
        return self.titled(theme.name)

    def subtitle(self, theme: Theme) -> str:
        return _("Directives and media filed under “%(theme)s”, newest first.") % {"theme": theme.name}

    def link(self, theme: Theme) -> str:
        """The theme's page in the feed's language, or the home page when it has none."""
        page = ThemePage.objects.live().public().filter(theme=theme, locale=self.locale, alias_of__isnull=True).first()
        return self.absolute(page.get_url(self.request)) if page is not None else self._home_url()


def directive_key(value: str) -> str | None:
    """The match key that a feed address names: a key as stored, or a number as printed; None for garbage."""
    try:
        return parse_directive_number(value).key
    except InvalidDirectiveNumber:
        return value if KEY.fullmatch(value) else None  # a key that does not parse back, e.g. 30-nd-cp-2020


class DirectiveFeed(PageFeed):
    """A directive and everything tied to it in the feed's language (see the module docstring)."""

    def __call__(self, request: HttpRequest, *args: Any, key: str, **kwargs: Any) -> HttpResponse:
        canonical = directive_key(key)
        if canonical is None:
            raise Http404("Not a directive number.")
        if canonical != key:  # one address per feed: the printed number's key
            return HttpResponsePermanentRedirect(reverse(request.resolver_match.url_name, kwargs={"key": canonical}))
        return super().__call__(request, *args, key=key, **kwargs)

    def get_object(self, request: HttpRequest, key: str) -> DirectivePage:
        directive = (
            DirectivePage.objects.live()
            .public()
            .filter(number_key=key, locale=self.locale, alias_of__isnull=True)
            .order_by("-issue_date", "-pk")
            .first()
        )
        if directive is None:
            raise Http404("No live directive with this number in this language.")
        return directive

    def items(self, directive: DirectivePage) -> list[Page]:
        return self.page_items(items_for_directive(directive, FEED_SIZE))

    def title(self, directive: DirectivePage) -> str:
        return self.titled(_("%(number)s: how it is carried out and explained") % {"number": directive.number})

    def subtitle(self, directive: DirectivePage) -> str:
        return _(
            "“%(title)s”, the directives that implement or cite it, and the media that explain it, newest first."
        ) % {"title": directive.title}

    def link(self, directive: DirectivePage) -> str:
        return self.absolute(directive.get_url(self.request))


feed_urlpatterns = [
    *feed_urls("feeds/latest", LatestFeed, "feed_latest"),
    *feed_urls("feeds/themes/<slug:slug>", ThemeFeed, "feed_theme"),
    # <path:…> so that a printed number whose slash came URL-encoded (380-CV%2FĐU) still arrives.
    *feed_urls("feeds/directives/<path:key>", DirectiveFeed, "feed_directive"),
]
"""Mounted under i18n_patterns by cms/urls.py."""
