"""Hostile input on every surface a visitor reaches: whatever the query string, path or headers, no 5xx.

This module owns the request generator shared with `bench/fuzz_requests.py` (which sends 100,000 of
them at the demo site) and a fast fixed-seed run of it over the test site (one page of every type in
every language, tests/articles/site_builder.py, indexed for search).

- `Catalogue.from_database()` collects the real values visitors could name: page addresses in every
  language, page/image/document ids, theme slugs, directive numbers and keys, issuers, document
  types, page types and their API fields, podcast show feeds, the site's language codes.
- `generate_requests(rng, catalogue, count)` yields `FuzzRequest`s over every parameter class, each
  tagged with its surface (`SURFACES`): pages (with pagination and the register's filters, plus
  tracking and unknown parameters), the search page, the search API, suggestions, feeds (latest,
  theme, directive, podcast) and search feeds, sitemaps and robots.txt, and the API v2 (pages
  listing with every filter, detail, find; images; documents). Values mix real ones with edge
  cases: huge and negative integers, dates that do not exist, control characters, invalid UTF-8
  as raw percent-escapes, repeated parameters, very long values, markup and SQL-looking text.
- `send(client, request)` sends one through Django's test client (no exception raised: a 500 comes
  back as a response); `ServerErrors` collects the exception behind each 500.

The generator is deterministic for a given `random.Random` seed and catalogue.
"""

from __future__ import annotations

import random
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.signals import got_request_exception
from django.db import transaction
from django.http import HttpRequest, HttpResponseBase
from django.test import Client
from django.urls import reverse
from django.utils import translation

SEED = 20261211
SURFACES = (
    "pages",
    "search page",
    "search API",
    "suggest",
    "feeds",
    "search feeds",
    "sitemaps",
    "API pages listing",
    "API pages detail",
    "API pages find",
    "API images",
    "API documents",
)

EDGE_INTEGERS = [
    "0",
    "1",
    "2",
    "-1",
    "01",
    "+1",
    " 3",
    "1.5",
    "1e3",
    "0x10",
    "NaN",
    "inf",
    "²",
    "١٢",
    "2147483647",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "-9223372036854775809",
    "9" * 26,
    "9" * 400,
    "1" * 4500,
]
GARBAGE = [
    "",
    " ",
    "'",
    '"',
    "' OR '1'='1",
    "1; DROP TABLE wagtailcore_page",
    "%",
    "\\",
    "../../etc/passwd",
    "/",
    "//evil.example",
    "<script>alert(1)</script>",
    "\x00",
    "a\x00b",
    "\t",
    "\r\n",
    "\x1b[31m",
    "\u200b",
    "\u202e",
    "\ufeff",
    "😀",
    "chuyển đổi số",
    "Đảng ủy",
    "цифрова трансформація",
    "Резолюція 57-NQ/TW",
    "380-CV/ĐU",
    "380 cv du",
    "57NQ-TW",
    "NQ 57",
    "30-nd-cp-2020",
    "Số 380-CV/ĐU",
    "2025-01-01",
    "2025-02-30",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "2025-13-01",
    "1929",
    "2100",
    "2101",
    "true",
    "null",
    "[]",
    "{}",
    "a,b,c",
    ",,,",
    "*",
    "_",
    "-",
    "-title",
    "title(",
    "title(id)",
    "_,title",
    "-id,-id",
    "random",
    "all",
    "x" * 300,
    "ĐĐĐ" * 200,
    "%s%s%s%n",
    "{{ 7*7 }}",
    "${7*7}",
]
RAW_ESCAPES = ["%FF", "%C0%80", "%ED%A0%80", "%00", "%E2%80", "%25", "%2F", "%0A", "%F0%9F%98"]
"""Raw bytes a browser never sends: invalid UTF-8, an encoded surrogate, NUL, a truncated sequence."""

TRACKING = ["utm_source", "utm_medium", "utm_campaign", "utm_x", "fbclid", "gclid", "ref", "_", "callback"]
PAGE_PARAMETERS = ["page", "type", "issuer", "theme", "year", "sort"]
SEARCH_PARAMETERS = [
    "q",
    "locale",
    "kind",
    "theme",
    "issuer",
    "type",
    "year",
    "date_from",
    "date_to",
    "directive",
    "sort",
    "page",
    "per_page",
]
API_PAGE_PARAMETERS = [
    "type",
    "locale",
    "theme",
    "directive",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "site",
    "order",
    "offset",
    "limit",
    "fields",
    "rich_text_format",
    "search",
    "search_operator",
    "format",
    "id",
    "title",
    "slug",
    "show_in_menus",
    "first_published_at",
]
KINDS = ["directive", "infographic", "podcast", "video", "article"]
SORTS = ["relevance", "newest", "oldest"]
ACCEPT_LANGUAGES = ["", "*", "de", "zh-Hant-TW", "xx-YY;q=0.5", "en;q=abc", ",,;;", "a" * 200]
ACCEPTS = ["text/html", "application/atom+xml", "application/rss+xml", "*/*", "", "text/html;q=x", "garbage/"]


@dataclass(frozen=True)
class FuzzRequest:
    surface: str
    path: str
    """Percent-encoded path, with the query string after `?` (ASCII only)."""
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Catalogue:
    """Real values of the site under test, the material the generator mixes with garbage."""

    languages: list[str]
    page_urls: list[str]
    listing_urls: list[str]
    page_ids: list[int]
    image_ids: list[int]
    document_ids: list[int]
    theme_slugs: list[str]
    directive_numbers: list[str]
    directive_keys: list[str]
    issuer_ids: list[str]
    issuer_codes: list[str]
    type_codes: list[str]
    page_types: list[str]
    api_fields: list[str]
    show_feeds: list[str]

    @classmethod
    def from_database(cls) -> Catalogue:
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Page, get_page_models

        from articles.models import DirectiveIndexPage, DirectivePage, IssuingBody, PodcastIndexPage, Theme, ThemePage
        from articles.models.indexes import SectionIndexPage
        from articles.models.taxonomy import DocumentType

        pages = list(Page.objects.live().filter(depth__gt=1).specific())
        urls = sorted({url for page in pages if (url := page.get_url())})
        listings = sorted(
            {
                url
                for page in pages
                if isinstance(page, SectionIndexPage | ThemePage | DirectiveIndexPage) and (url := page.get_url())
            }
        )
        directives = list(DirectivePage.objects.values_list("number", "number_key"))
        fields: set[str] = set()
        for model in get_page_models():
            fields.update(getattr(field, "name", str(field)) for field in getattr(model, "api_fields", []))
        return cls(
            languages=[code for code, _name in django_settings.LANGUAGES],
            page_urls=urls or ["/"],
            listing_urls=listings or urls or ["/"],
            page_ids=sorted(Page.objects.values_list("pk", flat=True)),
            image_ids=sorted(get_image_model().objects.values_list("pk", flat=True)),
            document_ids=sorted(get_document_model().objects.values_list("pk", flat=True)),
            theme_slugs=sorted(Theme.objects.values_list("slug", flat=True)),
            directive_numbers=[number for number, _key in directives],
            directive_keys=[key for _number, key in directives],
            issuer_ids=[str(pk) for pk in IssuingBody.objects.values_list("pk", flat=True)],
            issuer_codes=list(IssuingBody.objects.values_list("abbreviation", flat=True)),
            type_codes=list(DocumentType.objects.values_list("code", flat=True)),
            page_types=sorted(f"{model._meta.app_label}.{model.__name__}" for model in get_page_models()),
            api_fields=sorted(fields),
            show_feeds=sorted(f"{page.get_url()}feed/" for page in pages if isinstance(page, PodcastIndexPage)),
        )


class _Generator:
    def __init__(self, rng: random.Random, catalogue: Catalogue) -> None:
        self.rng = rng
        self.c = catalogue
        self.real_share = 0.5
        """How often a value is a real one; set per request, so that some requests reach deep
        (every value valid) and others are all edge cases."""
        self.prefixes: dict[str, str] = {}
        for code in catalogue.languages:
            with translation.override(code):
                self.prefixes[code] = reverse("search").removesuffix("search/")

    # --- values ---------------------------------------------------------------------------------

    def pick(self, values):
        return self.rng.choice(values) if values else ""

    def integer(self, real: list | None = None) -> str:
        if real and self.rng.random() < self.real_share:
            return str(self.pick(real))
        if self.rng.random() < 0.3:
            return str(self.rng.randint(-5, 60))
        return self.pick(EDGE_INTEGERS)

    def value(self, *real: list) -> str:
        """A real value from one of `real` (`real_share` of the time), otherwise an edge integer or garbage."""
        roll = self.rng.random()
        pools = [pool for pool in real if pool]
        if pools and roll < self.real_share:
            return str(self.pick(self.pick(pools)))
        if roll < self.real_share + (1 - self.real_share) * 0.3:
            return self.integer()
        text = self.pick(GARBAGE)
        if self.rng.random() < 0.15 and pools:  # a real value with something stuck to it
            text = str(self.pick(self.pick(pools))) + self.pick(GARBAGE[:20])
        return text

    def encode(self, text: str) -> str:
        """Percent-encoded as a browser would, sometimes with raw bytes no browser sends."""
        encoded = quote(text, safe="") if self.rng.random() < 0.9 else quote(text, safe="/,:*()'")
        if self.rng.random() < 0.08:
            cut = self.rng.randint(0, len(encoded))
            encoded = encoded[:cut] + self.pick(RAW_ESCAPES) + encoded[cut:]
        return encoded

    def query(self, pairs: list[tuple[str, str]]) -> str:
        parts = []
        for name, value in pairs:
            if self.rng.random() < 0.03:
                parts.append(self.encode(name))  # a name without "="
            else:
                parts.append(f"{self.encode(name)}={self.encode(value)}")
        if self.rng.random() < 0.03:
            parts.append(self.pick(["&", "=", "==", "&&", "%", "+", ";"]))
        return "&".join(parts)

    def pairs(self, names: list[str], values, *, most: int = 4) -> list[tuple[str, str]]:
        chosen = [self.pick(names) for _ in range(self.rng.randint(0, most))]
        if self.rng.random() < 0.15:
            chosen.append(self.pick(TRACKING))
        if self.rng.random() < 0.05:
            chosen.append(self.pick(GARBAGE[:25]) or "x")
        return [(name, values(name)) for name in chosen]

    def headers(self, *, accept: bool = False) -> dict[str, str]:
        headers = {}
        if self.rng.random() < 0.4:
            headers["HTTP_ACCEPT_LANGUAGE"] = self.pick([*self.c.languages, *ACCEPT_LANGUAGES])
        if accept and self.rng.random() < 0.5:
            headers["HTTP_ACCEPT"] = self.pick(ACCEPTS)
        if self.rng.random() < 0.05:
            headers["HTTP_IF_NONE_MATCH"] = self.pick(['"x"', "*", "W/", ""])
        if self.rng.random() < 0.03:
            headers["HTTP_IF_MODIFIED_SINCE"] = self.pick(["yesterday", "Thu, 01 Jan 1970 00:00:00 GMT", "9" * 30])
        return headers

    def method(self) -> str:
        return "HEAD" if self.rng.random() < 0.1 else "GET"

    def url(self, path: str, pairs: list[tuple[str, str]]) -> str:
        query = self.query(pairs)
        return f"{path}?{query}" if query or self.rng.random() < 0.05 else path

    def prefix(self) -> str:
        return self.prefixes[self.pick(self.c.languages)]

    # --- surfaces -------------------------------------------------------------------------------

    def page(self) -> FuzzRequest:
        path = self.pick(self.c.listing_urls if self.rng.random() < 0.6 else self.c.page_urls)
        if self.rng.random() < 0.05:
            path = path.rstrip("/") + "/" + self.encode(self.pick(GARBAGE) or "x") + "/"

        def values(name: str) -> str:
            return {
                "page": lambda: self.integer([1, 2, 3]),
                "type": lambda: self.value(self.c.type_codes),
                "issuer": lambda: self.value(self.c.issuer_ids),
                "theme": lambda: self.value(self.c.theme_slugs),
                "year": lambda: self.value(["2024", "2025", "1930", "2100"]),
                "sort": lambda: self.value(["newest", "oldest"]),
            }.get(name, lambda: self.value())()

        return FuzzRequest("pages", self.url(path, self.pairs(PAGE_PARAMETERS, values)), self.method(), self.headers())

    def search_values(self, name: str) -> str:
        return {
            "q": lambda: self.value(self.c.directive_numbers, ["chuyển đổi số", "digital", "цифрова", "podcast"]),
            "locale": lambda: self.value(self.c.languages, ["all"]),
            "kind": lambda: self.value(KINDS),
            "theme": lambda: self.value(self.c.theme_slugs),
            "issuer": lambda: self.value(self.c.issuer_codes),
            "type": lambda: self.value(self.c.type_codes),
            "year": lambda: self.value(["2024", "2025", "1900", "2100"]),
            "date_from": lambda: self.value(["2025-01-01", "2024-12-31"]),
            "date_to": lambda: self.value(["2025-12-31"]),
            "directive": lambda: self.value(self.c.directive_numbers, self.c.directive_keys),
            "sort": lambda: self.value(SORTS),
            "page": lambda: self.integer([1, 2, 100]),
            "per_page": lambda: self.integer([10, 20, 50]),
        }.get(name, lambda: self.value())()

    def search_page(self) -> FuzzRequest:
        path = self.prefix() + "search/"
        pairs = self.pairs(SEARCH_PARAMETERS, self.search_values, most=6)
        return FuzzRequest("search page", self.url(path, pairs), self.method(), self.headers())

    def search_api(self) -> FuzzRequest:
        pairs = self.pairs(SEARCH_PARAMETERS, self.search_values, most=6)
        return FuzzRequest("search API", self.url("/api/search/", pairs), self.method(), self.headers())

    def suggest(self) -> FuzzRequest:
        pairs = self.pairs(["q", "locale"], self.search_values, most=3)
        return FuzzRequest("suggest", self.url("/api/search/suggest/", pairs), self.method(), self.headers())

    def feed(self) -> FuzzRequest:
        extension = self.pick([".atom", ".rss", ".atom", ".xml", ""])
        roll = self.rng.random()
        if roll < 0.25:
            path = self.prefix() + "feeds/latest" + extension
        elif roll < 0.5:
            path = self.prefix() + "feeds/themes/" + self.encode(self.value(self.c.theme_slugs)) + extension
        elif roll < 0.8:
            key = self.value(self.c.directive_keys, self.c.directive_numbers)
            path = self.prefix() + "feeds/directives/" + self.encode(key) + extension
        elif self.c.show_feeds:
            path = self.pick(self.c.show_feeds)
        else:
            path = self.prefix() + "feeds/style.xsl"
        pairs = self.pairs(["page", "q", "format"], lambda name: self.value(), most=2)
        return FuzzRequest("feeds", self.url(path, pairs), self.method(), self.headers(accept=True))

    def search_feed(self) -> FuzzRequest:
        path = self.prefix() + "search/feed" + self.pick([".atom", ".rss"])
        pairs = self.pairs(SEARCH_PARAMETERS, self.search_values, most=6)
        return FuzzRequest("search feeds", self.url(path, pairs), self.method(), self.headers(accept=True))

    def sitemap(self) -> FuzzRequest:
        roll = self.rng.random()
        language = self.value(self.c.languages)
        if roll < 0.15:
            path = "/sitemap.xml"
        elif roll < 0.4:
            path = f"/sitemap-{self.encode(language)}.xml"
        elif roll < 0.8:
            path = f"/sitemap-{self.encode(language)}-{self.encode(self.integer([1, 2]))}.xml"
        elif roll < 0.9:
            path = "/robots.txt"
        else:
            path = self.prefix() + "sitemap.xsl"
        pairs = self.pairs(["page", "p", "lang"], lambda name: self.value(), most=2)
        return FuzzRequest("sitemaps", self.url(path, pairs), self.method(), self.headers())

    def api_values(self, name: str) -> str:
        ids = self.c.page_ids
        return {
            "type": lambda: (
                ",".join(self.pick(self.c.page_types) for _ in range(self.rng.randint(1, 3)))
                if self.rng.random() < 0.5
                else self.value(self.c.page_types, ["wagtailcore.Page", "auth.User", "articles.Theme"])
            ),
            "locale": lambda: self.value(self.c.languages),
            "theme": lambda: self.value(self.c.theme_slugs, [",".join(self.c.theme_slugs)]),
            "directive": lambda: self.value(self.c.directive_numbers, self.c.directive_keys),
            "child_of": lambda: self.integer(ids),
            "descendant_of": lambda: self.integer(ids),
            "ancestor_of": lambda: self.integer(ids),
            "translation_of": lambda: self.integer(ids),
            "site": lambda: self.value(["localhost", "localhost:80", "testserver", "127.0.0.1:8000"]),
            "order": lambda: self.value(self.c.api_fields, ["id", "-id", "title", "random", "-first_published_at"]),
            "offset": lambda: self.integer([0, 1, 20, 1000000]),
            "limit": lambda: self.integer([1, 10, 20, 21]),
            "fields": lambda: (
                ",".join(
                    self.pick(["", "-", "_"]) + self.pick([*self.c.api_fields, "*", "_", "owner", "title(x)"])
                    for _ in range(self.rng.randint(1, 4))
                )
                if self.rng.random() < 0.6
                else self.value()
            ),
            "rich_text_format": lambda: self.value(["html", "markdown", "pdf"]),
            "id": lambda: self.integer(ids),
            "html_path": lambda: self.value(self.c.page_urls),
        }.get(name, lambda: self.value(self.c.page_urls, ids))()

    def api_pages(self, surface: str) -> FuzzRequest:
        names = [*API_PAGE_PARAMETERS, *self.c.api_fields]
        if surface == "API pages listing":
            path = "/api/v2/pages/"
            pairs = self.pairs(names, self.api_values, most=5)
        elif surface == "API pages detail":
            path = f"/api/v2/pages/{self.encode(self.integer(self.c.page_ids))}/"
            pairs = self.pairs(["type", "fields", "rich_text_format", "locale"], self.api_values, most=3)
        else:
            path = "/api/v2/pages/find/"
            pairs = self.pairs(["id", "html_path", "type", "locale", "fields"], self.api_values, most=3)
        return FuzzRequest(surface, self.url(path, pairs), self.method(), self.headers())

    def api_files(self, surface: str, endpoint: str, ids: list[int]) -> FuzzRequest:
        roll = self.rng.random()
        names = ["limit", "offset", "order", "fields", "id", "title", "search", "width", "tags", "collection"]
        if roll < 0.5:
            path = f"/api/v2/{endpoint}/"
        elif roll < 0.85:
            path = f"/api/v2/{endpoint}/{self.encode(self.integer(ids))}/"
        else:
            path = f"/api/v2/{endpoint}/find/"
        pairs = self.pairs(names, lambda name: self.integer(ids) if name == "id" else self.api_values(name), most=4)
        return FuzzRequest(surface, self.url(path, pairs), self.method(), self.headers())

    def one(self, surface: str) -> FuzzRequest:
        self.real_share = self.pick([0.2, 0.5, 0.9])
        return {
            "pages": self.page,
            "search page": self.search_page,
            "search API": self.search_api,
            "suggest": self.suggest,
            "feeds": self.feed,
            "search feeds": self.search_feed,
            "sitemaps": self.sitemap,
            "API pages listing": lambda: self.api_pages("API pages listing"),
            "API pages detail": lambda: self.api_pages("API pages detail"),
            "API pages find": lambda: self.api_pages("API pages find"),
            "API images": lambda: self.api_files("API images", "images", self.c.image_ids),
            "API documents": lambda: self.api_files("API documents", "documents", self.c.document_ids),
        }[surface]()


def generate_requests(rng: random.Random, catalogue: Catalogue, count: int) -> Iterator[FuzzRequest]:
    """`count` requests spread evenly over `SURFACES` (round robin), deterministic for a seeded `rng`."""
    generator = _Generator(rng, catalogue)
    for number in range(count):
        yield generator.one(SURFACES[number % len(SURFACES)])


def send(client: Client, request: FuzzRequest) -> HttpResponseBase:
    """The response to `request` sent through `client` (built with ``raise_request_exception=False``,
    so that a 500 comes back as a response)."""
    return client.generic(request.method, request.path, **request.headers)


class ServerErrors:
    """While active, the exception behind each 500 (Django's `got_request_exception`), by address."""

    def __init__(self) -> None:
        self.tracebacks: list[tuple[str, str]] = []

    def __enter__(self) -> ServerErrors:
        got_request_exception.connect(self._record)
        return self

    def __exit__(self, *exc_info: object) -> None:
        got_request_exception.disconnect(self._record)

    def _record(self, sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
        path = request.get_full_path() if request is not None else "?"
        self.tracebacks.append((path, traceback.format_exc(limit=-6)))


# --- The test ---------------------------------------------------------------------------------------

FAST_COUNT = 960
"""Requests in the test run (80 per surface, half with the page cache off, half on);
bench/fuzz_requests.py sends 100,000."""


@pytest.fixture(scope="module")
def fuzz_site(django_db_setup, django_db_blocker) -> Iterator[Catalogue]:
    """The shared test site (every page type, three languages), indexed; rolled back and the index
    emptied at the end."""
    from articles.models import Theme
    from search.backends import get_backend
    from search.indexing import iter_documents
    from tests.articles.site_builder import build_every_page_type

    with django_db_blocker.unblock(), transaction.atomic():
        theme = Theme.objects.create(slug="chuyen-doi-so", name_vi="Chuyển đổi số", name_en="Digital")
        build_every_page_type(theme)
        get_backend().rebuild(list(iter_documents()))
        yield Catalogue.from_database()
        transaction.set_rollback(True)
    get_backend().clear()


@pytest.mark.parametrize("cached", [False, True], ids=["page cache off", "page cache on"])
def test_no_visitor_controlled_input_gives_a_server_error(db, fuzz_site, settings, cached):
    settings.PAGE_CACHE_ENABLED = cached
    client = Client(raise_request_exception=False)
    failures = []
    seen = dict.fromkeys(SURFACES, 0)
    with ServerErrors() as errors:
        for request in generate_requests(random.Random(SEED + cached), fuzz_site, FAST_COUNT // 2):
            seen[request.surface] += 1
            if send(client, request).status_code >= 500:
                failures.append(f"{request.method} {request.path}")
    assert all(seen.values()), seen
    assert not failures, "\n".join(failures[:30] + [text for _path, text in errors.tracebacks[:3]])
