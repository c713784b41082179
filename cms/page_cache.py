"""Full-page cache for anonymous visitors, invalidated through dependency tags.

A response of a page Wagtail served (the ``before_serve_page`` hook marked the request) is
*public* when it is the same for every anonymous visitor: status 200, not for a signed-in visitor,
not a preview, no cookie set, no CSRF token used (a password-protected page's form uses one), no
``Cache-Control`` of its own that forbids it. A public response gets the public headers below and
is stored when the request may use the cache (a GET or HEAD without a session cookie, a query
string under `MAX_QUERY_STRING`, not one of the dummy requests Wagtail renders previews with) and
the key decides everything it varies on. Any other page response gets ``private, no-cache,
no-store`` so no shared cache keeps it; responses that are not pages pass through untouched.

**Keys, and what bounds them.** The key is the scheme, host and path, plus only the query
parameters some page type reads: each page type lists them in ``cache_query_parameters`` (an index
its ``page``, the directive register ``page`` and its filters; default none), and the key keeps
those, sorted, the last value of each (what ``request.GET.get`` reads). Every other parameter
(``utm_*``, ``fbclid``, anything) is left out of the key, so such a request is served the stored
page of its address; when there is none, it is rendered and *not stored*, since its rendering may
reflect them (the register's pagination links repeat the query string). A response is stored only
when each parameter of its request is one its page reads, given once, and an address (scheme,
host, path) holds at most `MAX_VARIANTS` stored query variants per `PAGE_CACHE_SECONDS` (a page
number or a filter value is the visitor's: ``?page=7``, ``?page=8``, … all show the last page).
A request without a query string is always stored. So the cache holds at most ``1 +
MAX_VARIANTS`` entries per page address (most pages read no parameter: one), and Redis'
``maxmemory`` with ``volatile-lru`` bounds the whole.

**Tags.** While a page renders, every `Page` loaded from the database adds ``page:<translation
key>`` (so a response depends on each page it shows, in any language), every directive relation
adds ``directive:<number key>`` (a chain link may start pointing at a page), and the served
page adds what its listing depends on beyond the pages it loaded: ``under:<tree path>`` (its
descendants), ``theme:<id>:<locale>`` (a theme page), ``directive:<number key>`` (a directive
page). `cms.page_cache_invalidation` says which tags a change touches. Every entry also carries
the tag ``all``, touched when something every page may show changes (reference data labels,
images, documents, media, sites).

**Freshness.** A tag's value in the cache is the time it was last touched. An entry records the
time its rendering *started* and is fresh only if each of its tags exists and was touched before
that: a change committed while a page was rendering makes that rendering stale at once, and a
tag evicted from the cache makes its entries stale rather than wrongly fresh. Tags never expire
by themselves; entries do (``PAGE_CACHE_SECONDS``). On Redis use ``maxmemory-policy
volatile-lru`` so that eviction takes entries first.

Entries carry ``ETag`` and ``Last-Modified`` (the start of the rendering that produced them,
later than any change they show); a hit answers ``If-None-Match``/``If-Modified-Since`` with 304
itself (``ConditionalGetMiddleware``, inside this one, does it for everything else). ``Cache-Control: public, max-age=…,
must-revalidate`` with ``PAGE_CACHE_MAX_AGE`` (0 by default: browsers revalidate every time,
which costs a 304) and ``Vary: Cookie``.

The cache is the ``default`` alias: local memory by default (one process: fine for ``runserver``,
wrong for several workers, since invalidation would reach only one of them), Redis in
production (``CACHE_URL``/``REDIS_URL``).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.encoding import escape_uri_path
from django.utils.http import http_date, urlencode

ENTRY_PREFIX = "page-cache:entry:"
TAG_PREFIX = "page-cache:tag:"
ALL = "all"
MAX_QUERY_STRING = 512
"""Longer query strings are served but never stored, so crafted URLs cannot fill the cache."""
VARIANTS_PREFIX = "page-cache:variants:"
MAX_VARIANTS = 50
"""Stored query variants (``?page=2``, ``?type=CV``, …) per address and `PAGE_CACHE_SECONDS`; past
that, other variants are rendered for each request and not stored."""
QUERY_PARAMETERS_ATTRIBUTE = "cache_query_parameters"
"""The page-type attribute naming the query parameters its rendering reads (default: none)."""

UNSTORED_HEADERS = frozenset({"content-length", "set-cookie", "x-page-cache"})
"""A stored response repeats every header set inside this middleware but these; the headers of the
middleware before it (security headers) are added to each response anew."""

KEY_DECIDES = frozenset({"cookie", "accept-language", "accept-encoding"})
"""Vary headers a stored response may carry: only cookie-less requests are served from the cache,
the language comes from the URL (Vietnamese when unprefixed, whatever Accept-Language says), and
responses are never compressed here."""

LOCAL_ENTRIES = 256
"""Entries each process also keeps in its own memory (least recently used dropped first): a hit then
costs one round trip to the cache, for the tags' times, instead of two."""

_collected: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("page_cache_tags", default=None)


def add_tag(tag: str) -> None:
    """Make the response being rendered depend on `tag` (no-op outside a cacheable request)."""
    collected = _collected.get()
    if collected is not None:
        collected.add(tag)


def add_tags(tags: Iterable[str]) -> None:
    """Make the response being rendered depend on each of `tags` (a kept fragment's, cms.fragment_cache)."""
    collected = _collected.get()
    if collected is not None:
        collected.update(tags)


def touch(tags: Iterable[str]) -> None:
    """Mark every entry that depends on one of `tags` stale."""
    now = time.time()
    cache.set_many({TAG_PREFIX + tag: now for tag in set(tags)}, timeout=None)


def touch_all() -> None:
    touch([ALL])


def mark_cacheable(request: HttpRequest, tags: Iterable[str], parameters: Iterable[str] = ()) -> None:
    """Called for a page Wagtail is about to serve: its response may be stored, with these tags, when
    the request carries no query parameter but `parameters` (those the page reads)."""
    request._page_cache_tags = set(tags)
    request._page_cache_parameters = frozenset(parameters)


@functools.cache
def key_parameters() -> frozenset[str]:
    """Every query parameter some page type reads (`QUERY_PARAMETERS_ATTRIBUTE`): the only ones a key
    keeps, since the page is not known before it is served."""
    from wagtail.models import get_page_models

    return frozenset(name for model in get_page_models() for name in getattr(model, QUERY_PARAMETERS_ATTRIBUTE, ()))


def _address(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}"


def _entry_key(request: HttpRequest) -> str:
    kept = sorted((name, request.GET[name]) for name in key_parameters() if name in request.GET)
    address = _address(request) + ("?" + urlencode(kept) if kept else "")
    return ENTRY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def _query_is_read(request: HttpRequest) -> bool:
    """Whether each query parameter is one the served page reads, given once: then the key holds the
    whole query, and the rendering may be stored."""
    read = getattr(request, "_page_cache_parameters", frozenset())
    return all(name in read and len(values) == 1 for name, values in request.GET.lists())


def _admit_variant(request: HttpRequest, key: str) -> bool:
    """Whether a response for this query may be stored: a variant already stored, or room for a new
    one among the address's `MAX_VARIANTS`."""
    if not request.GET or cache.get(key) is not None:
        return True
    counter = VARIANTS_PREFIX + hashlib.sha256(_address(request).encode()).hexdigest()
    cache.add(counter, 0, timeout=settings.PAGE_CACHE_SECONDS)
    try:
        return cache.incr(counter) <= MAX_VARIANTS
    except ValueError:  # the counter expired in between: a new period starts
        return True


def _may_use_cache(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and not getattr(request, "is_dummy", False)  # Wagtail's preview and moderation renderings
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING
    )


def _is_fresh(entry: dict[str, Any]) -> bool:
    keys = [TAG_PREFIX + tag for tag in entry["tags"]]
    touched = cache.get_many(keys)
    return len(touched) == len(keys) and all(value < entry["started"] for value in touched.values())


class _LocalEntries:
    """The process's own copy of recently served entries; only ever used after a freshness check."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def drop(self, key: str) -> None:
        with self.lock:
            self.entries.pop(key, None)


_local = _LocalEntries(LOCAL_ENTRIES)


def fresh_entry(key: str) -> dict[str, Any] | None:
    """The entry stored under `key` (a response, or a fragment) if it is still fresh: from this
    process's memory, else the cache."""
    entry = _local.get(key)
    if entry is not None:
        if _is_fresh(entry):
            return entry
        _local.drop(key)
    entry = cache.get(key)
    if entry is not None and _is_fresh(entry):
        _local.put(key, entry)
        return entry
    return None


def _response_from(entry: dict[str, Any], request: HttpRequest) -> HttpResponseBase:
    """The stored response, or a 304 when the client's copy (ETag or date) is still good."""
    response = HttpResponse(b"" if request.method == "HEAD" else entry["content"], status=200)
    for name, value in entry["headers"]:
        response[name] = value
    if request.method == "HEAD":
        response["Content-Length"] = str(len(entry["content"]))
    response["X-Page-Cache"] = "hit"
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=int(entry["started"]), response=response
    )


def _is_public(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether a page's response is the same for every anonymous visitor (storable, and sent as
    public), whether or not this request may use the cache."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def _key_holds(response: HttpResponseBase) -> bool:
    """Whether the cache key (the address) decides everything the response varies on; a feed, which
    varies on Accept, is public but not stored."""
    varies = {header.strip().lower() for header in response.get("Vary", "").split(",") if header.strip()}
    return not varies - KEY_DECIDES


def _prepare_public(response: HttpResponseBase, started: float) -> None:
    patch_vary_headers(response, ["Cookie"])
    patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE, must_revalidate=True)
    response["Last-Modified"] = http_date(int(started))
    if not response.has_header("ETag"):  # ConditionalGetMiddleware, inside, usually set it already
        set_response_etag(response)


def store_entry(key: str, entry: dict[str, Any], tags: set[str], started: float) -> None:
    """Keep `entry` under `key`, fresh until one of `tags` (and `all`) is touched after `started`."""
    tags = tags | {ALL}
    tag_keys = [TAG_PREFIX + tag for tag in tags]
    # A tag nobody touched yet starts at "long ago". `add` writes only where the tag is still
    # missing, so a touch by another process in the meantime is never overwritten.
    existing = cache.get_many(tag_keys)
    for tag_key in tag_keys:
        if tag_key not in existing:
            cache.add(tag_key, 0.0, timeout=None)
    entry = {**entry, "tags": sorted(tags), "started": started}
    cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
    _local.put(key, entry)


def _store(key: str, response: HttpResponse, tags: set[str], started: float) -> None:
    headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
    store_entry(key, {"content": response.content, "headers": headers}, tags, started)


@contextlib.contextmanager
def collecting() -> Iterator[set[str]]:
    """Collect into a set of its own (yielded) the tags of what the block loads or adds; the response
    being rendered, if it collects, depends on them too (cms.fragment_cache)."""
    outer = _collected.get()
    tags: set[str] = set()
    token = _collected.set(tags)
    try:
        yield tags
    finally:
        _collected.reset(token)
        if outer is not None:
            outer |= tags


class PageCacheMiddleware:
    """Serve stored pages to anonymous visitors; store the pages Wagtail marked cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        usable = _may_use_cache(request)
        key = _entry_key(request) if usable else None
        entry = fresh_entry(key) if usable else None
        if entry is not None:
            return _response_from(entry, request)

        started = time.time()
        token = _collected.set(set()) if usable else None
        try:
            response = self.get_response(request)
            loaded = _collected.get()
        finally:
            if token is not None:
                _collected.reset(token)

        served_tags = getattr(request, "_page_cache_tags", None)
        if served_tags is None:  # not a page Wagtail served: left as it is
            return response
        if not _is_public(request, response):
            add_never_cache_headers(response)
            return response
        _prepare_public(response, started)
        if usable and _key_holds(response) and _query_is_read(request) and _admit_variant(request, key):
            _store(key, response, loaded | served_tags, started)
            response["X-Page-Cache"] = "miss"
        return response
