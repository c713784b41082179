"""The same content in the other languages: what the language switcher and hreflang links show.

For a page, an alternate is its live, public translation in each content language (alias copies do
not count: they show untranslated source content; a translation under a view restriction is not
advertised to anyone). When a language has no live translation,
the alternate says so and points at that language's home page instead. For views that are
not pages (search, errors) the alternate is the same URL under the other language prefix.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction, Site


@dataclass(frozen=True)
class LanguageAlternate:
    """One content language as seen from the current page or view."""

    language_code: str
    language_name: str
    is_current: bool
    url: str | None
    """Absolute URL of the same content in this language; None when it is not translated."""
    fallback_url: str | None = None
    """Where to send a visitor when `url` is None: the home page in this language."""
    is_public: bool = True
    """False for the current page when it is live but under a view restriction (seen from inside):
    it is linked for the visitor who may see it, but nothing public (a share card) may describe it."""

    @property
    def is_available(self) -> bool:
        return self.url is not None


def _restrictions_over(path) -> QuerySet:
    """View restrictions on the page at `path` or on one of its ancestors (inside the same query,
    where Wagtail's `public()` would run one more)."""
    return PageViewRestriction.objects.filter(page__path=Substr(path, 1, Length("page__path")))


def _live_translations_by_language(page: Page) -> dict[str, Page]:
    """Live, public translations (a restricted one is never advertised), and the page itself when live
    (marked `_seen_inside` when it is restricted)."""
    pages = (
        Page.objects.live()
        .filter(translation_key=page.translation_key, alias_of__isnull=True)
        .exclude(Exists(_restrictions_over(OuterRef("path"))))
        .select_related("locale")
    )
    translations = {translated.locale.language_code: translated for translated in pages}
    listed = {translated.locale_id for translated in translations.values()}
    if page.live and page.alias_of_id is None and page.locale_id not in listed:  # a restricted page, seen inside
        page._seen_inside = True
        translations[page.locale.language_code] = page
    return translations


def _home_urls_by_language(request: HttpRequest) -> dict[str, str]:
    site = Site.find_for_request(request)
    if site is None:
        return {}
    return {
        code: request.build_absolute_uri(home.get_url(request))
        for code, home in _live_translations_by_language(site.root_page).items()
    }


def page_alternates(page: Page, request: HttpRequest) -> list[LanguageAlternate]:
    """The page in every content language, current one included, in settings order."""
    translations = _live_translations_by_language(page)
    current = (
        next(
            (code for code, translated in translations.items() if translated.locale_id == page.locale_id),
            None,
        )
        or page.locale.language_code
    )  # a draft being previewed is not among the live translations
    home_urls = None
    alternates = []
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
        translated = translations.get(code)
        if translated is not None:
            url = request.build_absolute_uri(translated.get_url(request))
            public = not getattr(translated, "_seen_inside", False)
            alternates.append(LanguageAlternate(code, name, code == current, url, is_public=public))
            continue
        if home_urls is None:
            home_urls = _home_urls_by_language(request)
        alternates.append(LanguageAlternate(code, name, code == current, None, home_urls.get(code)))
    return alternates


def view_alternates(request: HttpRequest) -> list[LanguageAlternate]:
    """For a view that is not a page: the same path under each language prefix."""
    current = get_language()
    here = request.build_absolute_uri()
    return [
        LanguageAlternate(code, name, code == current, translate_url(here, code)) for code, name in settings.LANGUAGES
    ]


def language_alternates(request: HttpRequest, page: Page | None = None) -> list[LanguageAlternate]:
    """Alternates for `page` if given, else for the current view; memoised on the request."""
    cache = request.__dict__.setdefault("_language_alternates", {})
    key = page.pk if page is not None else None
    if key not in cache:
        cache[key] = page_alternates(page, request) if page is not None else view_alternates(request)
    return cache[key]


def x_default_url(alternates: list[LanguageAlternate]) -> str | None:
    """The hreflang x-default target: the source-language version when it is live."""
    for alternate in alternates:
        if alternate.language_code == settings.LANGUAGE_CODE:
            return alternate.url
    return None
