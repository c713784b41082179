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
file of a restricted collection. It answers like Django's `static.serve` (Last-Modified, 304 for
If-Modified-Since, the type guessed from the name) and also answers byte ranges, so audio and video
players can seek (`django.views.static.serve` ignores `Range`): one range (``bytes=N-M``,
``bytes=N-``, ``bytes=-N``) gets 206 with `Content-Range` and just those bytes, streamed from the
file seeked to the offset (gunicorn sends them with sendfile, bounded by Content-Length); a range
past the end gets 416 with ``Content-Range: bytes */size``; several ranges, a malformed header or
an `If-Range` that no longer matches get the whole file (200), as RFC 9110 allows. `HEAD` gets the
same headers without opening the file. Ours rather than a dependency: WhiteNoise ranges only static
files, and django-ranged-response is a small, rarely updated package for the same few lines.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponseServerError,
)
from django.template import loader
from django.utils import translation
from django.utils._os import safe_join
from django.utils.http import http_date, parse_http_date_safe
from django.views import static
from django.views.decorators.http import require_safe

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


# --- Uploaded files, with byte ranges -------------------------------------------------------------

_SINGLE_RANGE = re.compile(r"bytes=(\d{0,19})-(\d{0,19})")
"""One byte range as a `Range` header gives it; a list (a comma) or any other unit is not one."""


class Unsatisfiable(Exception):
    """The range asked for starts past the end of the file (answered 416)."""


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte, inclusive, of the single range `header` asks for in a file of `size` bytes;
    None when the whole file is the answer (no header, several ranges, another unit, bad syntax).
    Raises `Unsatisfiable` when no byte of the file is in the range."""
    if not header:
        return None
    match = _SINGLE_RANGE.fullmatch(header.strip().replace(" ", ""))
    if match is None or match.group(1) == match.group(2) == "":
        return None
    first, last = match.group(1), match.group(2)
    if first == "":  # bytes=-N: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - length), size - 1
    start = int(first)
    if last != "" and int(last) < start:
        return None  # syntactically invalid (RFC 9110 14.1.1): ignore the header
    if start >= size:
        raise Unsatisfiable
    return start, size - 1 if last == "" else min(int(last), size - 1)


def range_still_valid(request: HttpRequest, last_modified: str) -> bool:
    """An `If-Range` date must be the file's Last-Modified; an entity tag never matches (none is sent)."""
    condition = request.META.get("HTTP_IF_RANGE")
    if condition is None:
        return True
    date = parse_http_date_safe(condition)
    return date is not None and http_date(date) == last_modified


class FileSlice:
    """At most `length` bytes of an open file from where it stands, for a `FileResponse`: `read`
    stops at the bound; `fileno` lets gunicorn send it with sendfile (it sends Content-Length bytes
    from the file's position)."""

    def __init__(self, file, length: int) -> None:
        self.file = file
        self.remaining = length
        self.name = getattr(file, "name", "")

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self.file.read(size)
        self.remaining -= len(data)
        return data

    def fileno(self) -> int:
        return self.file.fileno()

    def close(self) -> None:
        self.file.close()


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """A file from MEDIA_ROOT, when Django is asked to serve uploads and the public may fetch it; else 404.

    Whole (200), a byte range (206) or nothing (304, 416), as the module says."""
    if not (settings.DEBUG or settings.SERVE_MEDIA) or not may_serve_media(path):
        raise Http404("No such file.")
    name = posixpath.normpath(path).lstrip("/")
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, name))
        stat = full_path.stat()
    except (OSError, ValueError, SuspiciousFileOperation) as error:  # outside MEDIA_ROOT, missing, unreadable
        raise Http404("No such file.") from error
    if full_path.is_dir():
        raise Http404("No such file.")
    if not static.was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        return HttpResponseNotModified()

    size = stat.st_size
    last_modified = http_date(stat.st_mtime)
    content_type, encoding = mimetypes.guess_type(str(full_path))
    headers = {"Last-Modified": last_modified, "Accept-Ranges": "bytes"}
    if encoding:
        headers["Content-Encoding"] = encoding
    content_type = content_type or "application/octet-stream"

    try:
        wanted = byte_range(request.META.get("HTTP_RANGE"), size) if range_still_valid(request, last_modified) else None
    except Unsatisfiable:
        response = HttpResponse(status=416, content_type=content_type, headers=headers)
        response["Content-Range"] = f"bytes */{size}"
        return response
    first, last = wanted if wanted is not None else (0, size - 1)
    length = last - first + 1 if size else 0
    status = 206 if wanted is not None else 200
    if wanted is not None:
        headers["Content-Range"] = f"bytes {first}-{last}/{size}"

    if request.method == "HEAD":
        response = HttpResponse(status=status, content_type=content_type, headers=headers)
    else:
        file = full_path.open("rb")
        file.seek(first)
        response = FileResponse(FileSlice(file, length), status=status, content_type=content_type, headers=headers)
    response["Content-Length"] = str(length)
    return response
