"""What the frame around every page shows, built in a few queries and cached per site and language.

The frame (cms/templates/includes/: header, primary navigation, footer) shows the publisher's
identity (`cms.models.PublisherSettings`), the sections (live, public, in-menu children of the
localized home page), the theme pages of the visitor's locale, the accessibility statement and the
home page in every language. `frame_for_request` builds that once per site and language (about ten
queries on a cold cache, however many sections and themes) and keeps it as plain values in Django's
cache: a warm page costs no query for its frame. Breadcrumbs (`breadcrumbs_for`) cost no query for
a page whose ancestors are children of the home page (the frame knows them), else one.

The cached frame is dropped (for every site and language) when something it shows changes: a page
that is a home, a section, a theme page or an information page is published, unpublished,
renamed, moved or deleted; the publisher settings, sites, locales, view restrictions or images
change. At the same time the full-page cache's tag ``frame`` is touched: every stored page
depends on it (`cms.page_cache`), since a warm frame loads no page the page cache could see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms import page_cache

CACHE_PREFIX = "frame:"
CACHE_SECONDS = 60 * 60 * 24
PAGE_CACHE_TAG = "frame"
"""The full-page cache's tag for everything the frame shows (touched whenever the frame is dropped)."""
SECTION_DEPTH = 3
"""Home pages live right under the tree's root (HomePage.parent_page_types), so their children,
the sections of the primary navigation, are at depth 3."""
LOGO_RENDITION = "height-96"


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    path: str = ""
    """The page's place in the tree (sections and themes): breadcrumbs find their ancestors here."""


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool


@dataclass(frozen=True)
class Logo:
    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class Frame:
    """Everything the header, the navigation and the footer show, as plain picklable values."""

    home: Link | None
    name: str
    tagline: str = ""
    address: str = ""
    contact: str = ""
    phone: str = ""
    email: str = ""
    logo: Logo | None = None
    sections: tuple[Link, ...] = ()
    themes: tuple[Link, ...] = ()
    other_children: tuple[Link, ...] = ()
    """The home page's children that are in no menu (for breadcrumbs)."""
    accessibility: Link | None = None
    languages: tuple[LanguageLink, ...] = field(default_factory=tuple)


# --- Building ----------------------------------------------------------------------------------------


def _cache_key(site_id: int, language: str) -> str:
    return f"{CACHE_PREFIX}{site_id}:{language}"


def _localized_home(site: Site, request: HttpRequest) -> Page | None:
    from home.templatetags.home_tags import localized_home_for

    return localized_home_for(request, site)


def _menu_pages(home: Page) -> tuple[list[Page], list[Page], list[Page]]:
    """The sections, the theme pages and every other child of `home` (breadcrumbs use them):
    one query, plus one for view restrictions."""
    from django.contrib.contenttypes.models import ContentType

    from articles.models import ThemePage

    theme_type = ContentType.objects.get_for_model(ThemePage)  # Django caches content types
    pages = (
        Page.objects.live()
        .public()
        .filter(locale_id=home.locale_id, path__startswith=home.path, alias_of__isnull=True)
        .filter(Q(depth=home.depth + 1) | Q(content_type=theme_type))
        .only("id", "title", "url_path", "path", "depth", "content_type", "locale", "translation_key", "show_in_menus")
        .order_by("path")
    )
    sections, themes, others = [], [], []
    for page in pages:
        if page.content_type_id == theme_type.pk:
            themes.append(page)
        elif page.show_in_menus:
            sections.append(page)
        else:
            others.append(page)
    return sections, themes, others


def _links(pages: list[Page], request: HttpRequest) -> tuple[Link, ...]:
    return tuple(Link(page.title, url, page.path) for page in pages if (url := page.get_url(request)))


def _languages(home: Page, request: HttpRequest) -> tuple[LanguageLink, ...]:
    """The home page in every language of the site that has a live one, in settings order."""
    homes = {
        page.locale.language_code: page
        for page in home.get_translations(inclusive=True).live().filter(alias_of__isnull=True).select_related("locale")
    }
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        page = homes.get(code)
        url = page.get_url(request) if page is not None else None
        if url:
            links.append(LanguageLink(code=code, name=name, url=url, is_current=code == current))
    return tuple(links)


def _logo(publisher: Any, request: HttpRequest) -> Logo | None:
    from articles.public_files import is_public

    image = publisher.logo
    if image is None or not is_public(image, request):
        return None
    rendition = image.get_rendition(LOGO_RENDITION)
    return Logo(url=rendition.url, width=rendition.width, height=rendition.height, alt=image.default_alt_text or "")


def _accessibility(publisher: Any, request: HttpRequest) -> Link | None:
    page = publisher.accessibility_page
    if page is None:
        return None
    page = page.localized  # the live translation in the active language, else the page itself
    if not page.live:
        return None
    if page.get_view_restrictions().exists():
        return None
    url = page.get_url(request)
    return Link(page.title, url) if url else None


def build_frame(site: Site, request: HttpRequest) -> Frame:
    """The frame of `site` in the active language, from the database."""
    from cms.models import PublisherSettings

    home = _localized_home(site, request)
    # Read, never created here: a row written while a page renders would drop the frame it is building.
    publisher = PublisherSettings.base_queryset().select_related("logo", "accessibility_page").filter(
        site=site
    ).first() or PublisherSettings(site=site)
    home_link = Link(home.title, home.get_url(request) or "/") if home is not None else None
    sections, themes, others = _menu_pages(home) if home is not None else ([], [], [])
    return Frame(
        home=home_link,
        name=publisher.name or (home.title if home is not None else settings.WAGTAIL_SITE_NAME),
        tagline=publisher.tagline,
        address=publisher.address,
        contact=publisher.contact,
        phone=publisher.phone,
        email=publisher.email,
        logo=_logo(publisher, request),
        sections=_links(sections, request),
        themes=_links(themes, request),
        other_children=_links(others, request),
        accessibility=_accessibility(publisher, request),
        languages=_languages(home, request) if home is not None else (),
    )


def frame_for_request(request: HttpRequest | None) -> Frame | None:
    """The frame for this request's site and language: from the request, else Django's cache, else built.

    The response being rendered depends on it (the full-page cache's tag ``frame``).
    """
    if request is None:
        return None
    memo = getattr(request, "_frame", None)
    if memo is not None:
        return memo
    page_cache.add_tag(PAGE_CACHE_TAG)
    site = Site.find_for_request(request)
    if site is None:
        return None
    key = _cache_key(site.pk, translation.get_language())
    frame = cache.get(key)
    if frame is None:
        frame = build_frame(site, request)
        cache.set(key, frame, timeout=CACHE_SECONDS)
    request._frame = frame
    return frame


# --- Breadcrumbs -------------------------------------------------------------------------------------


def breadcrumbs_for(page: Page, request: HttpRequest, home: Page | None, frame: Frame | None = None) -> list[Link]:
    """The trail between the home page and `page`: its ancestors below the home page, each a link
    (an empty URL for one that is not live). Empty for a home page or a page above it.

    No query when every ancestor is a child of the home page, all of which the cached `frame` knows
    (an item in a section, a section itself); else one (`get_ancestors`)."""
    if home is None or page.depth <= home.depth:
        return []
    paths = [page.path[:end] for end in range(len(home.path) + Page.steplen, len(page.path), Page.steplen)]
    known = {link.path: link for link in (*frame.sections, *frame.themes, *frame.other_children)} if frame else {}
    if all(path in known for path in paths):
        return [known[path] for path in paths]
    ancestors = page.get_ancestors().filter(depth__gt=home.depth).only("id", "title", "url_path", "live", "path")
    return [Link(ancestor.title, (ancestor.get_url(request) or "") if ancestor.live else "") for ancestor in ancestors]


# --- Invalidation ------------------------------------------------------------------------------------


def drop_cached_frames() -> None:
    """Forget the frame of every site in every language (now and when the transaction commits)."""

    def drop() -> None:
        site_ids = Site.objects.values_list("pk", flat=True)
        cache.delete_many([_cache_key(site_id, code) for site_id in site_ids for code, _name in settings.LANGUAGES])
        page_cache.touch([PAGE_CACHE_TAG])

    drop()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(drop)


def _is_in_frame(page: Page) -> bool:
    """Whether the frame may show `page`: a home page, a section, a theme page, an information page."""
    from articles.models import ThemePage
    from cms.models import InformationPage

    return page.depth <= SECTION_DEPTH or issubclass(page.specific_class or Page, (ThemePage, InformationPage))


def _page_changed(sender: type, instance: Page, **kwargs: Any) -> None:
    if isinstance(instance, Page) and _is_in_frame(instance):
        drop_cached_frames()


BOOKKEEPING_FIELDS = frozenset({"file_hash", "file_size"})
"""Fields Wagtail fills in lazily on images while pages render: no visible change."""


def _anything_changed(sender: type, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is not None and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    drop_cached_frames()


def connect() -> None:
    """Connect the handlers that drop the cached frame (once, from cms.models)."""
    from wagtail.images import get_image_model
    from wagtail.models import Locale, PageViewRestriction

    from cms.models import PublisherSettings

    for name, signal in {
        "published": page_published,
        "unpublished": page_unpublished,
        "slug_changed": page_slug_changed,
        "deleted": post_delete,
    }.items():
        signal.connect(_page_changed, dispatch_uid=f"frame_page_{name}")
    post_page_move.connect(_anything_changed, dispatch_uid="frame_page_moved")
    for model in (PublisherSettings, Site, Locale, PageViewRestriction, get_image_model()):
        post_save.connect(_anything_changed, sender=model, dispatch_uid=f"frame_saved_{model._meta.label}")
        post_delete.connect(_anything_changed, sender=model, dispatch_uid=f"frame_deleted_{model._meta.label}")
