"""The public search page `/search/` (in each language), its JSON API and suggestions.

Views never fail on visitor input: parameters are validated in search/query.py; an engine
outage gives a clear page (503) and a logged event, not a stack trace.
"""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.utils.translation import (
    get_language,
    get_language_from_request,
    get_supported_language_variant,
    gettext_lazy,
)
from django.utils.translation import gettext as _

from search.analysis import fold
from search.backends import get_backend
from search.backends.base import SearchHit, SearchQuery, SearchUnavailable
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


FACET_TITLES = {
    "theme": gettext_lazy("Theme"),
    "kind": gettext_lazy("Kind"),
    "year": gettext_lazy("Year"),
    "issuer": gettext_lazy("Issuing body"),
    "type": gettext_lazy("Document type"),
    "status": gettext_lazy("Legal status"),
    "locale": gettext_lazy("Language"),
}
"""The heading of each facet (search.backends.base.FACETS) on the search page."""

# Facets are named like their query parameters; the multi-valued ones toggle a value in or out, the others replace it.
MULTI_VALUED = {"theme", "kind", "status"}


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
        "status": document.status or None,
        "date": document.date.isoformat() if document.date else None,
    }


def _suggestion_url(params: QueryDict, suggestion: str) -> str:
    """The same search (filters kept, first page) with the suggested words."""
    params = params.copy()
    params.pop("page", None)
    params["q"] = suggestion
    return "?" + params.urlencode()


FILTER_PARAMETERS = ("locale", "kind", "theme", "issuer", "type", "status", "year", "date_from", "date_to", "directive")


def _displayed_hits(outcome: SearchOutcome, language: str) -> list[dict]:
    """Each hit with its kind, status and themes labelled in the page's language."""
    kinds = _facet_labels("kind", [], language)
    statuses = _facet_labels("status", sorted({hit.document.status for hit in outcome.results.hits} - {""}), language)
    return [
        {
            "hit": hit,
            "kind": str(kinds.get(hit.document.kind, hit.document.kind)),
            "status": str(statuses.get(hit.document.status, "")),
            "themes": [theme.label(language) for theme in hit.document.themes],
        }
        for hit in outcome.results.hits
    ]


def _zero_result_help(params: QueryDict, outcome: SearchOutcome, language: str) -> dict:
    """What to try when nothing matched: the words without the filters, the words without tone
    marks, and the themes of the visitor's language to browse."""
    text = params.get("q", "")
    without_filters = QueryDict(mutable=True)
    if text:
        without_filters["q"] = text
    folded = fold(text)
    themes: list[dict] = []
    try:
        everything = get_backend().search(SearchQuery(locale=outcome.query.locale or language, per_page=1))
    except SearchUnavailable:
        everything = None
    if everything is not None:
        counts = everything.facets.get("theme", [])
        labels = _facet_labels("theme", [count.value for count in counts], language)
        themes = [{"value": count.value, "label": str(labels.get(count.value, count.value))} for count in counts]
    return {
        "without_filters": "?" + without_filters.urlencode()
        if any(params.getlist(name) for name in FILTER_PARAMETERS)
        else "",
        "without_tones": _suggestion_url(params, folded) if folded != text else "",
        "without_tones_text": folded,
        "themes": themes,
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
        facets = facets_for_display(outcome, language, request.GET)
        context.update(
            outcome=outcome,
            hits=_displayed_hits(outcome, language),
            suggestion_url=_suggestion_url(request.GET, outcome.suggestion) if outcome.suggestion else "",
            facet_sections=[
                {"name": name, "title": FACET_TITLES[name], "values": values} for name, values in facets.items()
            ],
            active_filters=sum(1 for values in facets.values() for value in values if value.get("active")),
            has_next=outcome.query.page * outcome.query.per_page < outcome.results.total,
        )
        if not outcome.results.total:
            context["help"] = _zero_result_help(request.GET, outcome, language)
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
            "suggestion": outcome.suggestion or None,
            "corrected": outcome.corrected,
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
