"""The site's icons for browsers and home screens: ``/favicon.ico`` and the web app manifest.

- `favicon` (``/favicon.ico``, unprefixed): the emblem as a 16/32/48 px ICO, served from the file
  in ``cms/static/icons/`` (drawn once from ``cms/static/img/emblem.svg`` with Pillow and committed),
  since browsers ask for that address whatever the page links.
- `web_manifest` (``manifest.webmanifest`` under each language prefix, ``application/manifest+json``):
  the publisher's name in that language (`cms.navigation`'s frame: the publisher's identity, or the
  home page's title), a short name, ``lang``/``dir``, the language's home page as ``start_url``,
  the theme colour and the icons (SVG, 192 and 512 px, a maskable one).

``cms/templates/includes/head_icons.html`` links them with the SVG icon, the PNG fallbacks and the
Apple touch icon. No page type is known here; the manifest costs what the frame costs (nothing
once it is cached).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils.translation import get_language, get_language_bidi
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from cms.navigation import frame_for_request

ICONS = Path(__file__).resolve().parent / "static" / "icons"
MAX_AGE = 60 * 60 * 24
THEME_COLOR = "#a50e0e"
"""The emblem's red (cms/static/img/emblem.svg): the browser's toolbar on phones."""
BACKGROUND_COLOR = "#ffffff"
SHORT_NAME_LENGTH = 30
MANIFEST_CONTENT_TYPE = "application/manifest+json"


@cache
def _favicon_bytes() -> bytes:
    return (ICONS / "favicon.ico").read_bytes()


@require_GET
@cache_control(public=True, max_age=MAX_AGE)
def favicon(request: HttpRequest) -> HttpResponse:
    """The emblem as ``favicon.ico`` (16, 32 and 48 pixels)."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")


def short_name(name: str) -> str:
    """What a home screen shows under the icon: the name's first part ("Site — what it is" → "Site"),
    cut after whole words to `SHORT_NAME_LENGTH` characters, not ending on a one- or two-letter word."""
    first = name.split(" — ", 1)[0].strip() or name
    if len(first) <= SHORT_NAME_LENGTH:
        return first
    words: list[str] = []
    for word in first.split():
        if len(" ".join([*words, word])) > SHORT_NAME_LENGTH:
            break
        words.append(word)
    while len(words) > 1 and len(words[-1]) <= 2:
        words.pop()
    return " ".join(words) or first[:SHORT_NAME_LENGTH]


def manifest_data(request: HttpRequest) -> dict:
    """The web app manifest in the active language, as a dict."""
    frame = frame_for_request(request)
    name = frame.name if frame is not None else settings.WAGTAIL_SITE_NAME
    start_url = frame.home.url if frame is not None and frame.home is not None else "/"
    return {
        "name": name,
        "short_name": short_name(name),
        "lang": get_language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "id": start_url,
        "start_url": start_url,
        "display": "minimal-ui",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static("icons/icon.svg"), "type": "image/svg+xml", "sizes": "any"},
            {"src": static("icons/icon-192.png"), "type": "image/png", "sizes": "192x192"},
            {"src": static("icons/icon-512.png"), "type": "image/png", "sizes": "512x512"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "type": "image/png",
                "sizes": "512x512",
                "purpose": "maskable",
            },
        ],
    }


@require_GET
@cache_control(public=True, max_age=60 * 60)
def web_manifest(request: HttpRequest) -> HttpResponse:
    """``manifest.webmanifest`` in the language of the URL's prefix."""
    body = json.dumps(manifest_data(request), ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type=MANIFEST_CONTENT_TYPE)
