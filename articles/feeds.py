"""The RSS feed of a podcast show, one per locale, as podcast apps and Apple Podcasts read it.

`PodcastIndexPage` serves it at its ``feed/`` route: ``/<show>/feed/`` for the Vietnamese show,
``/en/<show>/feed/`` and ``/uk/<show>/feed/`` for its translations. Each feed lists only the live,
public episodes of that show in that locale that have an audio file the public may fetch (not in a
restricted collection: articles.public_files), newest first; a restricted cover is left out.

The feed is RSS 2.0 with Apple's podcast namespace (``itunes:``) and an ``atom:link rel="self"``,
with the site's XSLT stylesheet instruction (search.feeds.FeedStylesheetMixin) for browsers, and
each episode's date as people write it in the show's language for that stylesheet
(articles.syndication.HumanDates).
Every text in it comes from the pages (title, description, summaries), so it adds no strings of its
own to translate. Links, the cover image and the enclosures are absolute URLs on the host the feed
was requested from. The guid of an episode is `PodcastEpisodePage.guid`: stable, and distinct per
locale, so a translation is a separate episode to a podcast app subscribed to that locale's feed.
"""

import copy
import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Rss201rev2Feed, SyndicationFeed
from django.utils.xmlutils import SimplerXMLGenerator

from articles import public_files
from articles.models import PodcastEpisodePage, PodcastIndexPage
from articles.syndication import HumanDates, html_text, human_date
from search.feeds import FeedStylesheetMixin, dated

ITUNES_NAMESPACE = "http://www.itunes.com/dtds/podcast-1.0.dtd"

COVER_RENDITION = "fill-1400x1400"
"""Apple Podcasts wants a square cover of 1400×1400 to 3000×3000 pixels."""


def _itunes_bool(value: bool) -> str:
    return "true" if value else "false"


class PodcastRssFeed(HumanDates, Rss201rev2Feed):
    """RSS 2.0 with the ``itunes:`` elements podcast directories read, on the channel and each item.

    Channel extras (given as keyword arguments when the feed is made): ``itunes_image``,
    ``itunes_category``, ``itunes_explicit``, ``itunes_author``, ``itunes_owner_name``,
    ``itunes_owner_email``. Item extras (keyword arguments of `add_item`): ``itunes_duration``,
    ``itunes_episode``, ``itunes_explicit``, ``itunes_summary``.
    """

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES_NAMESPACE}

    def add_root_elements(self, handler: SimplerXMLGenerator) -> None:
        super().add_root_elements(handler)
        feed = self.feed
        if feed.get("itunes_image"):
            handler.addQuickElement("itunes:image", None, {"href": feed["itunes_image"]})
        if feed.get("itunes_category"):
            handler.addQuickElement("itunes:category", None, {"text": feed["itunes_category"]})
        handler.addQuickElement("itunes:explicit", _itunes_bool(bool(feed.get("itunes_explicit"))))
        if feed.get("itunes_author"):
            handler.addQuickElement("itunes:author", feed["itunes_author"])
        if feed.get("itunes_owner_name") or feed.get("itunes_owner_email"):
            handler.startElement("itunes:owner", {})
            if feed.get("itunes_owner_name"):
                handler.addQuickElement("itunes:name", feed["itunes_owner_name"])
            if feed.get("itunes_owner_email"):
                handler.addQuickElement("itunes:email", feed["itunes_owner_email"])
            handler.endElement("itunes:owner")
        handler.addQuickElement("itunes:type", "episodic")

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("itunes_duration"):
            handler.addQuickElement("itunes:duration", item["itunes_duration"])
        if item.get("itunes_episode") is not None:
            handler.addQuickElement("itunes:episode", str(item["itunes_episode"]))
        handler.addQuickElement("itunes:explicit", _itunes_bool(bool(item.get("itunes_explicit"))))
        if item.get("itunes_summary"):
            handler.addQuickElement("itunes:summary", item["itunes_summary"])


class PodcastFeed(FeedStylesheetMixin, Feed):
    """The feed of one show, called as ``PodcastFeed()(request, show=show_page)``.

    Each call works on a copy of the instance that knows its request (for absolute URLs), so one
    instance may also be shared, e.g. in a URLconf.
    """

    feed_type = PodcastRssFeed
    item_guid_is_permalink = False
    request: HttpRequest

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        bound = copy.copy(self)
        bound.request = request
        return super(PodcastFeed, bound).__call__(request, *args, **kwargs)

    def _absolute(self, url: str) -> str:
        return self.request.build_absolute_uri(url)

    def get_object(self, request: HttpRequest, show: PodcastIndexPage) -> PodcastIndexPage:
        return show.specific

    def get_feed(self, obj: PodcastIndexPage, request: HttpRequest) -> SyndicationFeed:
        feed = super().get_feed(obj, request)
        # Django gives the feed the active language; the feed's language is its show's locale.
        feed.feed["language"] = obj.locale.language_code
        return feed

    # --- Channel --------------------------------------------------------------------------------

    def title(self, obj: PodcastIndexPage) -> str:
        return obj.title

    def link(self, obj: PodcastIndexPage) -> str:
        return self._absolute(obj.get_url(self.request))

    def feed_url(self, obj: PodcastIndexPage) -> str:
        return self._absolute(obj.get_url(self.request) + obj.reverse_subpage("feed"))

    def description(self, obj: PodcastIndexPage) -> str:
        return obj.description

    def cover_url(self, obj: PodcastIndexPage) -> str | None:
        """Absolute URL of the 1400×1400 cover, or None when the show has no cover the public may fetch."""
        if not public_files.is_public(obj.cover_image, self.request):
            return None
        return self._absolute(obj.cover_image.get_rendition(COVER_RENDITION).url)

    def feed_extra_kwargs(self, obj: PodcastIndexPage) -> dict[str, Any]:
        return {
            "itunes_image": self.cover_url(obj),
            "itunes_category": obj.itunes_category,
            "itunes_explicit": obj.explicit,
            "itunes_author": obj.author,
            "itunes_owner_name": obj.author,
            "itunes_owner_email": obj.owner_email,
        }

    # --- Items ----------------------------------------------------------------------------------

    def items(self, obj: PodcastIndexPage) -> QuerySet[PodcastEpisodePage]:
        """Live, public episodes of the show in its locale with audio the public may fetch, newest
        first (one query)."""
        episodes = obj.episodes().filter(locale_id=obj.locale_id, audio__isnull=False)
        return public_files.exclude_restricted(episodes, "audio")

    def item_title(self, item: PodcastEpisodePage) -> str:
        return item.title

    def item_link(self, item: PodcastEpisodePage) -> str:
        return self._absolute(item.get_url(self.request))

    def item_description(self, item: PodcastEpisodePage) -> str:
        return html_text(item.summary)  # an RSS description is HTML; itunes:summary stays plain text

    def item_guid(self, item: PodcastEpisodePage) -> str:
        return item.guid

    def item_pubdate(self, item: PodcastEpisodePage) -> datetime.datetime:
        return dated(item.date)  # episodes carry a date only: 09:00 in the site's time zone

    def item_enclosure_url(self, item: PodcastEpisodePage) -> str:
        return self._absolute(item.audio.file.url)

    def item_enclosure_length(self, item: PodcastEpisodePage) -> int:
        return item.size_bytes

    def item_enclosure_mime_type(self, item: PodcastEpisodePage) -> str:
        return item.mime_type

    def item_extra_kwargs(self, item: PodcastEpisodePage) -> dict[str, Any]:
        return {
            "itunes_duration": item.duration_display,
            "itunes_episode": item.episode_number,
            "itunes_explicit": item.explicit,
            "itunes_summary": item.summary,
            "human_date": human_date(item.date),
        }
