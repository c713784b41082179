"""Site-wide views: the 500 page in the visitor's language, and uploads under SERVE_MEDIA.

`server_error` (the project's `handler500`) runs when something is already broken, so it
touches nothing that could be the cause: no database, no session, no context processor. It
renders `500.html` with a plain context in the language of the URL prefix (`/en/…` English,
`/uk/…` Ukrainian, anything else Vietnamese) and, if even that fails, serves the static
trilingual `500_static.html` as it is on disk. The 404 page needs none of this: Django's own
`page_not_found` renders `404.html` through `base.html` in the active language.

`serve_media` hands out files from MEDIA_ROOT when DEBUG or SERVE_MEDIA is on (read on each
request), and only those `articles.public_files.may_serve_media` allows: never a document (Wagtail's
document view serves those, checking their collection), never an image, rendition or audio/video
file of a restricted collection.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.views import static

from articles.public_files import may_serve_media

logger = logging.getLogger(__name__)

STATIC_ERROR_PAGE = Path(__file__).resolve().parent / "templates" / "500_static.html"
LAST_RESORT = "<!DOCTYPE html><title>500</title><h1>Lỗi máy chủ — Server error — Помилка сервера</h1>"


def language_of(path: str) -> str:
    """The language a URL is in: its /en/ or /uk/ prefix, else the default (Vietnamese)."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def home_url(language: str) -> str:
    """The home page of a language, without asking the database (i18n_patterns' prefixes)."""
    return "/" if language == settings.LANGUAGE_CODE else f"/{language}/"


def static_error_page() -> str:
    try:
        return STATIC_ERROR_PAGE.read_text(encoding="utf-8")
    except OSError:
        return LAST_RESORT


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponseServerError:
    """The 500 page in the language of the URL, falling back to the static trilingual page."""
    language = language_of(request.path_info)
    try:
        with translation.override(language):
            body = loader.get_template(template_name).render({"language": language, "home_url": home_url(language)})
    except Exception:
        logger.exception("The translated 500 page could not be rendered; serving the static one")
        response = HttpResponseServerError(static_error_page())
    else:
        response = HttpResponseServerError(body)
        response["Content-Language"] = language
    return response


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """A file from MEDIA_ROOT, when Django is asked to serve uploads and the public may fetch it; else 404."""
    if not (settings.DEBUG or settings.SERVE_MEDIA) or not may_serve_media(path):
        raise Http404("No such file.")
    return static.serve(request, path, document_root=settings.MEDIA_ROOT)
