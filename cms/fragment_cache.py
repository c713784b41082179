"""Rendered fragments of public pages, kept with the page cache's dependency tags (cms.page_cache).

A page the full-page cache cannot serve (it changed, or the cache is off) is rendered whole; the
parts of it that are costly and did not change need not be. `{% cached_fragment "name" part … %}…
{% endcached_fragment %}` (`{% load fragment_tags %}`) keeps the rendered body under the name, the
parts given, the active language and the host, and serves it while it is fresh in exactly the page
cache's sense: every tag collected while it rendered (each page and directive relation it loaded,
and the `tag=` ones it names) was last touched before its rendering started, and `all` too. A hit
adds those tags to the page being rendered, so a stored page depends on what its fragments show.

Only for parts that are the same for every visitor who may see the page: they must read neither the
user nor the request beyond its language and host. Never used for Wagtail's preview and moderation
renderings (dummy requests), nor when `FRAGMENT_CACHE_ENABLED` is false (the test settings, so that
query counts measure rendering). Entries live in the default cache for `PAGE_CACHE_SECONDS`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from cms import page_cache

FRAGMENT_PREFIX = "page-cache:fragment:"


def _key(name: str, parts: Iterable[object], request: HttpRequest | None) -> str:
    host = request.get_host() if request is not None else ""
    raw = "\x1f".join([name, get_language() or "", host, *(str(part) for part in parts)])
    return FRAGMENT_PREFIX + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def enabled(request: HttpRequest | None) -> bool:
    return bool(
        getattr(settings, "FRAGMENT_CACHE_ENABLED", True)
        and request is not None
        and not getattr(request, "is_dummy", False)
        and not getattr(request, "is_preview", False)
    )


def render(
    name: str, parts: Iterable[object], request: HttpRequest | None, render_body: Callable[[], str], tags: set[str]
) -> str:
    """The fragment's HTML: stored and fresh, else rendered by `render_body()` and stored."""
    if not enabled(request):
        return render_body()
    key = _key(name, parts, request)
    entry = page_cache.fresh_entry(key)
    if entry is not None:
        page_cache.add_tags(entry["tags"])
        return entry["content"]
    started = time.time()
    with page_cache.collecting() as collected:
        collected |= tags
        content = render_body()
    page_cache.store_entry(key, {"content": content}, collected, started)
    return content
