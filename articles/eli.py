"""Stable, language-independent identifiers for directives: ELI-style paths and their redirects.

A directive's identifier is `/eli/{issuer}/{type}/{year}/{number}/`, every part lower-case ASCII
(Đ written d):

- issuer: the issuing body's Vietnamese (official) name as a slug, `dang-uy-chinh-phu`; a
  directive without an issuing body uses the issuer code of its number (`du`). Abbreviations
  alone are not used: many committees share `ĐU`.
- type: the type code of its number, `cv`, `nq`, `qd`.
- year: the year of its issue date.
- number: the digits of its number as printed, `380`, `02`.

Nothing in it depends on a language, a title or the page tree, so it survives translation, renames
of a page and moves in the tree. `/eli/…/` answers 301 to the directive's page in the visitor's
language (the language prefix `/en/eli/…`, else the `Accept-Language` header or language cookie),
falling back to the page in the default (source) language; `/eli/…/{language}/` names the language.
A path no visible directive (articles.directive_visibility) carries is a 404, so the identifier of
a private or unpublished directive tells the public nothing. Two visible directives with one
identifier (a committee's numbering restarting within a year) resolve to the newest.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from modeltranslation.settings import DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Locale

from articles.directive_numbers import InvalidDirectiveNumber, parse_directive_number
from articles.directive_visibility import visible_directives
from articles.models.directives import DirectivePage

_NOT_SLUG = re.compile(r"[^a-z0-9-]")


def _ascii_slug(text: str) -> str:
    return _NOT_SLUG.sub("", slugify(text.replace("Đ", "D").replace("đ", "d")))


def eli_parts(page: DirectivePage) -> tuple[str, str, int, str] | None:
    """(issuer, type, year, number) of `page`'s identifier; None when its number does not parse."""
    try:
        parsed = parse_directive_number(page.number)
    except InvalidDirectiveNumber:
        return None
    official_name = build_localized_fieldname("name", DEFAULT_LANGUAGE)  # the source language's
    issuer = _ascii_slug(getattr(page.issuing_body, official_name)) if page.issuing_body_id else ""
    return (
        issuer or _ascii_slug(parsed.issuer_code),
        _ascii_slug(parsed.type_code),
        page.issue_date.year,
        parsed.number,
    )


def eli_path(page: DirectivePage) -> str | None:
    """`/eli/dang-uy-chinh-phu/cv/2025/380/`, the same for every translation of the directive."""
    parts = eli_parts(page)
    if parts is None:
        return None
    issuer, type_code, year, number = parts
    return reverse("eli", kwargs={"issuer": issuer, "type_code": type_code, "year": year, "number": number})


def eli_url(page: DirectivePage, request: HttpRequest | None) -> str | None:
    """The identifier as an absolute URL on the host of `request` (as given when there is none)."""
    relative = eli_path(page)
    if relative is None or request is None:
        return relative
    return request.build_absolute_uri(relative)


def _language(request: HttpRequest, named: str | None) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    if named is not None:
        if named not in codes:
            raise Http404("Unknown language.")
        return named
    prefixed = translation.get_language_from_path(request.path_info)
    return prefixed or translation.get_language_from_request(request, check_path=False)


def resolve(
    request: HttpRequest, issuer: str, type_code: str, year: int, number: str, language: str | None = None
) -> HttpResponsePermanentRedirect:
    """301 to the directive's page in the visitor's language (module docstring); 404 when none is visible."""
    wanted = (issuer, type_code, year, number)
    candidates = (
        visible_directives()
        .filter(issue_date__year=year, number_key__startswith=f"{number}-")
        .select_related("issuing_body", "locale")
        .order_by("-issue_date", "-pk")
    )
    pages = [page for page in candidates if eli_parts(page) == wanted]
    if not pages:
        raise Http404("No public directive has this identifier.")
    key = pages[0].translation_key
    by_language = {page.locale.language_code: page for page in reversed(pages) if page.translation_key == key}
    code = _language(request, language)
    page = by_language.get(code) or by_language.get(Locale.get_default().language_code) or pages[0]
    response = HttpResponsePermanentRedirect(page.get_url(request))
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


_ELI = "eli/<slug:issuer>/<slug:type_code>/<int:year>/<slug:number>/"

eli_urlpatterns = [
    path(_ELI, resolve, name="eli"),
    path(f"{_ELI}<slug:language>/", resolve, name="eli_language"),
]
"""Mounted by cms/urls.py before the language-prefixed patterns (the language comes from the visitor)."""

eli_prefixed_urlpatterns = [path(_ELI, resolve, name="eli_prefixed")]
"""Mounted under i18n_patterns by cms/urls.py: `/en/eli/…` is the English page."""
