"""The public search page `/search/` (in each language), its JSON API and suggestions.

Views never fail on visitor input: parameters are validated in search/query.py; an engine
outage gives a clear page (503) and a logged event, not a stack trace.
"""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.utils.translation import get_language, get_language_from_request, get_supported_language_variant
from django.utils.translation import gettext as _

from search.backends import get_backend
from search.backends.base import SearchHit, SearchUnavailable
from search.query import SearchForm, SearchOutcome, run_search

logger = logging.getLogger(__name__)
SUGGEST_LIMIT = 8


def _facet_labels(facet: str, values: list[str], language: str) -> dict[str, str]:
    if facet == "locale":
        return dict(settings.LANGUAGES)
    if facet == "kind":
        return dict(SearchForm.base_fields["kind"].choices)
    path = getattr(settings, "SEARCH_FACET_LABELS", "")
    return import_string(path)(facet, values, language) if path else {}


# Facets are named like their query parameters; the multi-valued ones toggle a value in or out, the others replace it.
MULTI_VALUED = {"theme", "kind"}


def _toggle_url(params: QueryDict, parameter: str, value: str) -> tuple[str, bool]:
    """Query string with `value` toggled for `parameter` (page reset), and whether it was active."""
    params = params.copy()
    params.pop("page", None)
    current = params.getlist(parameter)
    active = value in current
    if parameter in MULTI_VALUED:
        params.setlist(parameter, [v for v in current if v != value] if active else [*current, value])
    elif active:
        params.pop(parameter)
    else:
        params[parameter] = value
    return "?" + params.urlencode(), active


def facets_for_display(outcome: SearchOutcome, language: str, params: QueryDict | None = None) -> dict[str, list[dict]]:
    shown = {}
    for facet, counts in outcome.results.facets.items():
        labels = _facet_labels(facet, [count.value for count in counts], language)
        shown[facet] = []
        for count in counts:
            entry = {"value": count.value, "label": str(labels.get(count.value, count.value)), "count": count.count}
            if params is not None:
                entry["url"], entry["active"] = _toggle_url(params, facet, count.value)
            shown[facet].append(entry)
    return shown


def _hit_json(hit: SearchHit, language: str) -> dict:
    document = hit.document
    return {
        "title": document.title,
        "url": document.url,
        "kind": document.kind,
        "locale": document.locale,
        "snippet": hit.snippet,
        "directive_number": document.directive_number,
        "directive_numbers": list(document.cited_numbers),
        "themes": [{"slug": t.value, "label": t.label(language)} for t in document.themes],
        "date": document.date.isoformat() if document.date else None,
    }


def search_page(request: HttpRequest) -> HttpResponse:
    language = get_language()
    context = {"form": SearchForm(request.GET or None), "searched": bool(request.GET)}
    if request.GET:
        try:
            outcome = run_search(request.GET, language)
        except SearchUnavailable as error:
            logger.error("search unavailable: %s", error)
            return render(request, "search/unavailable.html", status=503)
        context.update(
            outcome=outcome,
            facets=facets_for_display(outcome, language, request.GET),
            has_next=outcome.query.page * outcome.query.per_page < outcome.results.total,
        )
    return render(request, "search/search.html", context)


def _api_language(request: HttpRequest) -> str:
    """The API is not under a language prefix: the client's Accept-Language (or cookie) decides."""
    return get_supported_language_variant(get_language_from_request(request, check_path=False))


def search_api(request: HttpRequest) -> JsonResponse:
    language = _api_language(request)
    try:
        outcome = run_search(request.GET, language)
    except SearchUnavailable as error:
        logger.error("search unavailable: %s", error)
        return JsonResponse({"error": _("Search is temporarily unavailable. Please try again shortly.")}, status=503)
    return JsonResponse(
        {
            "total": outcome.results.total,
            "page": outcome.query.page,
            "results": [_hit_json(hit, language) for hit in outcome.results.hits],
            "facets": facets_for_display(outcome, language),
            "exact": _hit_json(outcome.exact, language) if outcome.exact else None,
            "errors": outcome.errors,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def openapi_view(request: HttpRequest) -> JsonResponse:
    from search.openapi import openapi_description

    return JsonResponse(openapi_description(), json_dumps_params={"ensure_ascii": False})


def suggest_api(request: HttpRequest) -> JsonResponse:
    prefix = request.GET.get("q", "")[:100]
    if not prefix.strip():
        return JsonResponse({"suggestions": []})
    try:
        locale = request.GET.get("locale")
        language = locale if locale in dict(settings.LANGUAGES) else _api_language(request)
        suggestions = get_backend().suggest(prefix, language, SUGGEST_LIMIT)
    except SearchUnavailable as error:
        logger.error("search unavailable: %s", error)
        suggestions = []
    return JsonResponse({"suggestions": suggestions})
