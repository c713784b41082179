"""Search and sharing metadata for public pages: canonical URL, Open Graph, Twitter cards, schema.org JSON-LD.

What a page type says about itself lives here, not on the models: `SEO_PROFILES` maps a page class
to its Open Graph type, its main image and a builder of its schema.org description (a plain dict).
A page takes the profile of the nearest class in its MRO, so subclasses inherit it; a page type
nobody registered is described as a plain `WebPage`.

Everything is computed from what the page template loads anyway (foreign keys are cached on the
page instance the template then reuses) plus a bounded number of queries: at most one per image
rendition (none once the rendition cache is warm), the podcast show of an episode, a video's
caption tracks, and the restricted collections (once per request). Nothing grows with the number
of items on the site.

Files of restricted collections (articles.public_files) are left out of everything here: no
og:image, no JSON-LD `contentUrl`, `encoding` or caption of a file the visitor may not fetch.

A public page without a public image of its own gets a generated card (articles.og_images: the
title, the kind and the directive number on 1200×630); a private, restricted or unpublished page
or a preview never does, since the card would carry its title. Whether the page is public comes
from the alternates already fetched (no query); an item citing directives reads the number of the
first one (one query, on those pages only, as the number is part of the card's name).

`share_links` gives the share targets (Facebook, Zalo, X, e-mail) of content pages, built from
the canonical URL, for ``cms/templates/includes/share_links.html``.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, SourceImageIOError
from wagtail.models import Page, PageViewRestriction

from articles import og_images, public_files
from articles.directive_status import status_of
from articles.eli import eli_path
from articles.models import (
    ArticlePage,
    DirectiveIndexPage,
    DirectivePage,
    ExplainerPage,
    InfographicPage,
    PodcastEpisodePage,
    PodcastIndexPage,
    SectionIndexPage,
    ThemePage,
    VideoClipPage,
)
from home.models import HomePage
from locales.alternates import LanguageAlternate, language_alternates

DESCRIPTION_LENGTH = 200
SHARE_IMAGE_FILTER = "fill-1200x630"
"""The 1200×630 crop that Facebook, LinkedIn and X show in link previews."""
INFOGRAPHIC_FILTER = "width-1200"
"""The uncropped infographic, as the page shows it: the `contentUrl` of its ImageObject."""

OG_LOCALES = {"vi": "vi_VN", "en": "en_GB", "uk": "uk_UA"}

# The characters that could end a <script> element or open a comment in it, as JSON escapes;
# the same table as django.utils.html.json_script, which only writes type="application/json".
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class ShareImage:
    """An image for link previews, already rendered to an absolute URL."""

    url: str
    width: int
    height: int
    alt: str = ""
    generated: bool = False
    """A card drawn by articles.og_images (title and number), not a picture of the page's own."""


@dataclass(frozen=True)
class SeoSubject:
    """What a structured-data builder gets: the page and what has been worked out about it."""

    page: Page
    request: HttpRequest
    language: str
    """The page's content language code (vi, en, uk): schema.org `inLanguage`."""
    url: str | None
    """The canonical absolute URL."""
    description: str
    site_name: str
    site_url: str | None
    image: ShareImage | None

    def public(self, file: Any) -> Any:
        """`file` when the public may fetch it, else None (articles.public_files)."""
        return public_files.public(file, self.request)

    def absolute(self, url: str) -> str:
        """An absolute URL for a path such as a media or document URL (absolute ones are kept)."""
        return self.request.build_absolute_uri(url)

    def website(self) -> dict[str, Any]:
        return {"@type": "WebSite", "name": self.site_name, "url": self.site_url}

    def common(self, schema_type: str, name: str | None = None) -> dict[str, Any]:
        """The properties every page's description starts with."""
        return {
            "@context": "https://schema.org",
            "@type": schema_type,
            "name": name if name is not None else self.page.title,
            "description": self.description,
            "url": self.url,
            "inLanguage": self.language,
        }


StructuredDataBuilder = Callable[[SeoSubject], dict[str, Any]]
ImageChooser = Callable[[Page], tuple[AbstractImage | None, str] | None]
"""The page's main image and its alternative text, or None when the page type has none."""


def _no_image(page: Page) -> None:
    return None


def _text(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip()


def default_description(page: Page) -> str:
    """The first of the promote tab's description, the summary, the subject and the introduction."""
    for attribute in ("search_description", "summary", "subject", "intro", "description"):
        text = _text(getattr(page, attribute, ""))
        if text:
            return text
    return ""


@dataclass(frozen=True)
class SeoProfile:
    """How one page type describes itself."""

    og_type: str
    structured_data: StructuredDataBuilder
    image: ImageChooser = _no_image
    description: Callable[[Page], str] = default_description


SEO_PROFILES: dict[type[Page], SeoProfile] = {}


def register(
    *models: type[Page],
    og_type: str,
    image: ImageChooser = _no_image,
    description: Callable[[Page], str] = default_description,
) -> Callable[[StructuredDataBuilder], StructuredDataBuilder]:
    """Decorator: `builder` describes pages of `models` (and of their subclasses) in schema.org terms."""

    def decorator(builder: StructuredDataBuilder) -> StructuredDataBuilder:
        for model in models:
            SEO_PROFILES[model] = SeoProfile(og_type, builder, image, description)
        return builder

    return decorator


def profile_for(page: Page) -> SeoProfile:
    """The profile registered for the page's class or its nearest registered ancestor class."""
    for cls in type(page).__mro__:
        profile = SEO_PROFILES.get(cls)
        if profile is not None:
            return profile
    return DEFAULT_PROFILE


@dataclass(frozen=True)
class PageSeo:
    """Everything `{% seo_meta %}` prints for one page."""

    canonical_url: str | None
    title: str
    description: str
    og_type: str
    og_locale: str
    og_locale_alternates: list[str]
    site_name: str
    image: ShareImage | None
    published: date | None
    structured_data: dict[str, Any] = field(default_factory=dict)

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image else "summary"

    @property
    def json_ld(self) -> SafeString:
        """The structured data as JSON that is safe between <script> tags."""
        return json_for_script(self.structured_data)


def json_for_script(data: Any) -> SafeString:
    """JSON (non-ASCII kept as is) with `<`, `>` and `&` escaped, so no value can close the script element."""
    return mark_safe(json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES))


def page_seo(page: Page, request: HttpRequest, site_home: Page | None = None) -> PageSeo:
    """The metadata of `page` as served to `request`; `site_home` is the home page in its language."""
    profile = profile_for(page)
    alternates = language_alternates(request, page)
    language = _current_language(page, alternates)
    url = _absolute_page_url(page, request)
    description = Truncator(profile.description(page)).chars(DESCRIPTION_LENGTH)
    site_name = site_home.title if site_home is not None else settings.WAGTAIL_SITE_NAME
    site_url = _absolute_page_url(site_home, request) if site_home is not None else None
    image = _share_image(profile.image(page), request)
    if image is None and _may_have_card(page, request, alternates):
        image = _card(page, request, language, site_name)
    subject = SeoSubject(page, request, language, url, description, site_name, site_url, image)
    return PageSeo(
        canonical_url=url,
        title=page.seo_title or page.title,
        description=description,
        og_type=profile.og_type,
        og_locale=og_locale(language),
        og_locale_alternates=[
            og_locale(alternate.language_code)
            for alternate in alternates
            if alternate.is_available and not alternate.is_current
        ],
        site_name=site_name,
        image=image,
        published=_published(page),
        structured_data=_compact(profile.structured_data(subject)),
    )


def og_locale(language_code: str) -> str:
    """`vi` → `vi_VN`: the language_TERRITORY form Open Graph expects."""
    return OG_LOCALES.get(language_code, language_code.replace("-", "_"))


def iso_duration(seconds: float | None) -> str | None:
    """95 → `PT95S`, rounded to the second; None for an unknown (zero) duration."""
    if not seconds or seconds <= 0:
        return None
    return f"PT{round(seconds)}S"


def _current_language(page: Page, alternates: list[LanguageAlternate]) -> str:
    """The page's language, from the alternates the hreflang links already fetched (no query)."""
    for alternate in alternates:
        if alternate.is_current:
            return alternate.language_code
    return page.locale.language_code


def _absolute_page_url(page: Page, request: HttpRequest) -> str | None:
    """The page's public URL in its own language: never a preview URL, never a query string."""
    path = page.get_url(request)
    return request.build_absolute_uri(path) if path else None


def _published(page: Page) -> date | None:
    value = getattr(page, "date", None)
    return value if isinstance(value, date) else None


def _rendition(image: AbstractImage, spec: str) -> AbstractRendition | None:
    """A rendition, or None when the original file is missing or unreadable (a page must still render)."""
    try:
        return image.get_rendition(spec)
    except (SourceImageIOError, OSError):
        return None


def _share_image(chosen: tuple[AbstractImage | None, str] | None, request: HttpRequest) -> ShareImage | None:
    if chosen is None or not public_files.is_public(chosen[0], request):
        return None
    image, alt = chosen
    rendition = _rendition(image, SHARE_IMAGE_FILTER)
    if rendition is None:
        return None
    return ShareImage(request.build_absolute_uri(rendition.url), rendition.width, rendition.height, _text(alt))


def _may_have_card(page: Page, request: HttpRequest, alternates: list[LanguageAlternate]) -> bool:
    """Only a live, public page that is not an alias copy, seen outside a preview: a card carries the title."""
    if getattr(request, "is_preview", False) or not page.live or page.alias_of_id is not None:
        return False
    current = next((alternate for alternate in alternates if alternate.is_current), None)
    return current is not None and current.is_available and current.is_public


def _card_kind(page: Page) -> str:
    """What the card calls the page: the directive's document type, else the page type's name."""
    if isinstance(page, DirectivePage) and page.document_type is not None:
        return page.document_type.name
    if isinstance(page, HomePage):
        return ""
    return capfirst(str(page._meta.verbose_name))


def _card_number(page: Page) -> str:
    """A directive's number, or the number of the newest directive an item cites that the public may
    see (articles.directive_visibility: a private directive's number is never named), in one query."""
    if isinstance(page, DirectivePage):
        return page.number
    if isinstance(page, ExplainerPage):
        restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
        numbers = (
            page.related_directives.filter(live=True, alias_of__isnull=True)
            .exclude(Exists(restricted))
            .order_by("-issue_date", "pk")
            .values_list("number", flat=True)
        )
        return numbers.first() or ""
    return ""


def _card(page: Page, request: HttpRequest, language: str, site_name: str) -> ShareImage | None:
    text = og_images.CardText(
        title=page.seo_title or page.title, publisher=site_name, kind=_card_kind(page), number=_card_number(page)
    )
    url = og_images.card_url(page.pk, language, text)
    if url is None:
        return None
    return ShareImage(
        request.build_absolute_uri(url), og_images.WIDTH, og_images.HEIGHT, _text(text.title), generated=True
    )


# --- share links -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShareLink:
    """One place to share a page: a plain link, no script of the network's."""

    network: str
    """A short machine name, also the CSS modifier (``share-links__link--zalo``)."""
    label: str
    """The accessible name, in the page's language."""
    url: str


CRLF = "\r\n"

SHARED_PAGE_TYPES: tuple[type[Page], ...] = (DirectivePage, ExplainerPage)
"""Content pages offer sharing; the home page, listings, theme pages and search do not."""


def share_links(page: Page, request: HttpRequest) -> list[ShareLink]:
    """Share targets of a content page, built from its canonical URL, URL-encoded; none for other pages.

    The last one, ``copy``, carries the canonical URL itself: a button that share.js enhances."""
    if not isinstance(page, SHARED_PAGE_TYPES) or getattr(request, "is_preview", False):
        return []
    url = _absolute_page_url(page, request)
    if not url:
        return []
    title = page.seo_title or page.title
    return [
        ShareLink(
            "facebook",
            str(_("Share on Facebook")),
            f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url})}",
        ),
        ShareLink("zalo", str(_("Share on Zalo")), f"https://sp.zalo.me/share_to?{urlencode({'url': url})}"),
        ShareLink(
            "x", str(_("Share on X")), f"https://twitter.com/intent/tweet?{urlencode({'url': url, 'text': title})}"
        ),
        ShareLink(
            "email",
            str(_("Share by e-mail")),
            # RFC 6068: a line break in a body is written %0D%0A.
            f"mailto:?subject={quote(title, safe='')}&body={quote(f'{title}{CRLF}{url}', safe='')}",
        ),
        ShareLink("copy", str(_("Copy link")), url),
    ]


def _compact(value: Any) -> Any:
    """Drop keys whose value is None, an empty string, list or dict, at every level."""
    if isinstance(value, dict):
        compacted = {key: _compact(item) for key, item in value.items()}
        return {key: item for key, item in compacted.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [item for item in (_compact(item) for item in value) if item not in (None, "", [], {})]
    return value


def _organization(name: str, url: str | None = None) -> dict[str, Any] | None:
    return {"@type": "Organization", "name": name, "url": url} if name else None


# --- the site and its listings -------------------------------------------------------------------


@register(HomePage, og_type="website")
def website_data(subject: SeoSubject) -> dict[str, Any]:
    return subject.common("WebSite")


@register(DirectiveIndexPage, SectionIndexPage, og_type="website")
def collection_page_data(subject: SeoSubject) -> dict[str, Any]:
    return {**subject.common("CollectionPage"), "isPartOf": subject.website()}


def _theme_page_description(page: ThemePage) -> str:
    return default_description(page) or _text(page.theme.description)


@register(ThemePage, og_type="website", description=_theme_page_description)
def theme_page_data(subject: SeoSubject) -> dict[str, Any]:
    page: ThemePage = subject.page
    return {**collection_page_data(subject), "about": {"@type": "Thing", "name": page.theme.name}}


# --- directives ----------------------------------------------------------------------------------


@register(DirectivePage, og_type="article")
def legislation_data(subject: SeoSubject) -> dict[str, Any]:
    page: DirectivePage = subject.page
    document = subject.public(page.original_document)
    status = status_of(page)
    eli = eli_path(page)
    return {
        **subject.common("Legislation"),
        # The stable identifier (articles.eli) first, then the number as printed.
        "legislationIdentifier": [subject.absolute(eli), page.number] if eli else page.number,
        "legislationDate": page.issue_date,
        "legislationLegalForce": status.schema_legal_force,
        # The status above is as of today: the day this description of the directive holds for.
        "legislationDateVersion": timezone.localdate(),
        "temporalCoverage": _in_force_interval(page),
        "legislationType": page.document_type.name if page.document_type else None,
        "legislationPassedBy": _organization(page.issuing_body.name) if page.issuing_body else None,
        "legislationResponsible": {"@type": "Person", "name": page.signer_name} if page.signer_name else None,
        "abstract": _text(page.summary) or _text(page.subject),
        "encoding": (
            {
                "@type": "MediaObject",
                "name": document.title,
                "contentUrl": subject.absolute(document.url),
                "encodingFormat": document.content_type,
            }
            if document is not None
            else None
        ),
        "isPartOf": subject.website(),
    }


def _in_force_interval(page: DirectivePage) -> str | None:
    """ISO 8601 interval of the dates the directive is in force, `2025-09-01/..` when open-ended."""
    if not page.effective_date and not page.expiry_date:
        return None
    start = page.effective_date or page.issue_date
    return f"{start.isoformat()}/{page.expiry_date.isoformat() if page.expiry_date else '..'}"


# --- media ---------------------------------------------------------------------------------------


def _infographic_image(page: InfographicPage) -> tuple[AbstractImage | None, str]:
    return page.image, page.alt_text


def _infographic_description(page: InfographicPage) -> str:
    return default_description(page) or _text(page.alt_text)


@register(InfographicPage, og_type="article", image=_infographic_image, description=_infographic_description)
def image_object_data(subject: SeoSubject) -> dict[str, Any]:
    page: InfographicPage = subject.page
    image = subject.public(page.image)
    rendition = _rendition(image, INFOGRAPHIC_FILTER) if image is not None else None
    return {
        **subject.common("ImageObject"),
        "caption": _text(page.alt_text),
        "contentUrl": subject.absolute(rendition.url) if rendition else None,
        "width": rendition.width if rendition else None,
        "height": rendition.height if rendition else None,
        # A thumbnail of the infographic itself, never the generated card that stands in for it.
        "thumbnailUrl": subject.image.url if subject.image and not subject.image.generated else None,
        "datePublished": page.date,
        "isPartOf": subject.website(),
    }


def _show_of(episode: PodcastEpisodePage) -> PodcastIndexPage | None:
    """The episode's show with its cover, in one query, remembered on the episode."""
    if "_seo_show" not in episode.__dict__:
        episode.__dict__["_seo_show"] = (
            PodcastIndexPage.objects.select_related("cover_image").filter(path=episode.path[: -episode.steplen]).first()
        )
    return episode.__dict__["_seo_show"]


def _show_cover(page: PodcastIndexPage) -> tuple[AbstractImage | None, str]:
    return page.cover_image, ""


def _episode_cover(page: PodcastEpisodePage) -> tuple[AbstractImage | None, str] | None:
    show = _show_of(page)
    return _show_cover(show) if show is not None else None


@register(PodcastIndexPage, og_type="website", image=_show_cover)
def podcast_series_data(subject: SeoSubject) -> dict[str, Any]:
    page: PodcastIndexPage = subject.page
    return {
        **subject.common("PodcastSeries"),
        "image": subject.image.url if subject.image else None,
        "author": _organization(page.author),
        "webFeed": f"{subject.url}{page.reverse_subpage('feed')}" if subject.url else None,
        "isPartOf": subject.website(),
    }


@register(PodcastEpisodePage, og_type="article", image=_episode_cover)
def podcast_episode_data(subject: SeoSubject) -> dict[str, Any]:
    page: PodcastEpisodePage = subject.page
    show = _show_of(page)
    audio = subject.public(page.audio)
    duration = iso_duration(page.duration_seconds)
    return {
        **subject.common("PodcastEpisode"),
        "datePublished": page.date,
        "episodeNumber": page.episode_number,
        "duration": duration,
        "image": subject.image.url if subject.image else None,
        "associatedMedia": (
            {
                "@type": "AudioObject",
                "contentUrl": subject.absolute(audio.file.url),
                "encodingFormat": page.mime_type,
                "contentSize": f"{page.size_bytes} B" if page.size_bytes else None,
                "duration": duration,
                "transcript": _text(page.transcript),
                "inLanguage": subject.language,
            }
            if audio is not None
            else None
        ),
        "partOfSeries": (
            {"@type": "PodcastSeries", "name": show.title, "url": _absolute_page_url(show, subject.request)}
            if show is not None
            else None
        ),
    }


def _video_poster(page: VideoClipPage) -> tuple[AbstractImage | None, str]:
    return page.poster, ""


@register(VideoClipPage, og_type="video.other", image=_video_poster)
def video_object_data(subject: SeoSubject) -> dict[str, Any]:
    page: VideoClipPage = subject.page
    tracks = page.caption_tracks.select_related("file")  # one query, whatever the number of tracks
    video = subject.public(page.video)
    return {
        **subject.common("VideoObject"),
        "description": subject.description or page.title,  # required for a VideoObject
        "thumbnailUrl": subject.image.url if subject.image else None,
        "uploadDate": page.date,
        "duration": iso_duration(page.duration_seconds),
        "embedUrl": page.embed_url,
        "contentUrl": subject.absolute(video.file.url) if video is not None else None,
        "transcript": _text(page.transcript),
        "caption": [
            {
                "@type": "MediaObject",
                "contentUrl": subject.absolute(track.file.url),
                "encodingFormat": "text/vtt",
                "inLanguage": track.language,
            }
            for track in tracks
            if subject.public(track.file) is not None
        ],
        "isPartOf": subject.website(),
    }


@register(ArticlePage, og_type="article")
def news_article_data(subject: SeoSubject) -> dict[str, Any]:
    page: ArticlePage = subject.page
    publisher = _organization(page.source_name, page.source_url or None) or _organization(
        subject.site_name, subject.site_url
    )
    return {
        **subject.common("NewsArticle"),
        "headline": Truncator(page.title).chars(110),
        "datePublished": page.date,
        "dateModified": page.last_published_at,
        "mainEntityOfPage": subject.url,
        "author": publisher,
        "publisher": publisher,
        "isBasedOn": page.source_url,
        "isPartOf": subject.website(),
    }


def web_page_data(subject: SeoSubject) -> dict[str, Any]:
    """Any page type without a profile of its own."""
    return {**subject.common("WebPage"), "isPartOf": subject.website()}


DEFAULT_PROFILE = SeoProfile("website", web_page_data)
