"""From a visitor's query string to a validated `SearchQuery`, and running it.

Every parameter goes through `SearchForm`: a bad value is reported (in the visitor's language)
and ignored, never a 500. A query that is or contains a directive number is matched through
the number key (the parser comes from the site: SEARCH_NUMBER_PARSER); a single exact directive
in the visitor's locale becomes the direct hit. When the words find nothing or very little
(`FEW_RESULTS`), the typo fallback searches again letting long words differ by one edit; its hits
give the "did you mean" suggestion, and its results are shown when the words found nothing.
"""

import re
from dataclasses import dataclass, field, replace

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from search import conf, relevance
from search.backends import get_backend
from search.backends.base import SearchHit, SearchQuery, SearchResults

MAX_QUERY_LENGTH = 500
MAX_PAGE = 1000
MAX_THEMES = 10
MAX_STATUSES = 10
FEW_RESULTS = 3
"""Fewer results than this for the words alone try the typo fallback."""
SLUG = re.compile(r"[-a-z0-9]{1,80}")
CODE = re.compile(r"[-_a-z0-9]{1,40}")
SORTS = [("relevance", _("Relevance")), ("newest", _("Newest first")), ("oldest", _("Oldest first"))]


def _language_choices() -> list[tuple[str, str]]:
    return [("all", _("All languages")), *settings.LANGUAGES]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY_LENGTH, strip=True)
    locale = forms.ChoiceField(label=_("Language"), required=False, choices=_language_choices)
    kind = forms.MultipleChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("directive", _("Directive")),
            ("infographic", _("Infographic")),
            ("podcast", _("Podcast")),
            ("video", _("Video")),
            ("article", _("Article")),
        ],
    )
    issuer = forms.CharField(required=False, max_length=20)
    type = forms.CharField(required=False, max_length=10)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)
    directive = forms.CharField(label=_("Directive number"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    per_page = forms.IntegerField(required=False, min_value=1)

    def clean_q(self) -> str:
        # Control characters carry no meaning in a query and upset some engines.
        return "".join(char for char in self.cleaned_data["q"] if char.isprintable() or char == " ")

    def clean_per_page(self) -> int | None:
        value = self.cleaned_data["per_page"]
        return min(value, conf.max_per_page()) if value else value


@dataclass
class SearchOutcome:
    query: SearchQuery
    results: SearchResults
    exact: SearchHit | None = None
    errors: list[str] = field(default_factory=list)
    suggestion: str = ""
    """The visitor's text with likely typos corrected ("did you mean"), or empty."""
    corrected: bool = False
    """The words found nothing: the results are those of the typo fallback."""


def _number_parser():
    path = getattr(settings, "SEARCH_NUMBER_PARSER", "")
    return import_string(path) if path else None


def _valid(form: SearchForm) -> dict:
    """Cleaned values of the fields that validated; the others are dropped (and reported)."""
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if value not in (None, "", [])}


def build_query(params: QueryDict, language: str) -> tuple[SearchQuery, tuple[str, ...], bool, list[str]]:
    """(query, number keys, whether the number was exact, errors) for these parameters."""
    form = SearchForm(params)
    values = _valid(form)
    errors = [f"{form.fields[name].label or name}: {' '.join(messages)}" for name, messages in form.errors.items()]
    text = values.get("q", "")
    keys: tuple[str, ...] = ()
    exact = False
    parser = _number_parser()
    if parser is not None:
        for source in (values.get("directive", ""), text):
            if not source:
                continue
            found = parser(source)
            if found.keys:
                keys, exact = keys + found.keys, exact or found.exact
                if source is text:
                    text = found.remaining_text
        if values.get("directive") and not keys:
            errors.append(
                str(_("Directive number: “%(value)s” is not a number we recognise.") % {"value": values["directive"]})
            )
    locale = values.get("locale", language)
    query = SearchQuery(
        text=text,
        locale=None if locale == "all" else locale,
        kinds=tuple(values.get("kind", ())),
        themes=tuple(slug for slug in params.getlist("theme")[:MAX_THEMES] if SLUG.fullmatch(slug)),
        issuer=values.get("issuer"),
        document_type=values.get("type"),
        statuses=tuple(code for code in params.getlist("status")[:MAX_STATUSES] if CODE.fullmatch(code)),
        year=values.get("year"),
        date_from=values.get("date_from"),
        date_to=values.get("date_to"),
        directive_keys=tuple(dict.fromkeys(keys)),
        sort=values.get("sort", "relevance"),
        page=values.get("page", 1),
        per_page=values.get("per_page", 20),
    )
    return query, query.directive_keys, exact, errors


class InvalidSearchParameters(ValueError):
    """Raised by `run_search(..., strict=True)` when a parameter does not validate."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(errors)
        self.errors = errors
        """The same messages the search page shows, in the active language."""


def run_search(params: QueryDict, language: str, *, strict: bool = False, **overrides) -> SearchOutcome:
    """Search with the visitor's parameters: the one path of the page, the API and the feeds.

    Bad parameters are reported in `SearchOutcome.errors` and ignored, or, with `strict`, refused
    with `InvalidSearchParameters` before the engine is asked. `overrides` replace fields of the
    validated `SearchQuery` (a feed fixes `sort`, `page` and `per_page`)."""
    query, keys, exact, errors = build_query(params, language)
    if strict and errors:
        raise InvalidSearchParameters(errors)
    query = replace(query, **overrides)
    backend = get_backend()
    results = backend.search(query)
    if keys and not results.total and not exact:
        # "2025 plan" looked like a number but names none: search the words instead.
        query = replace(query, directive_keys=(), text=params.get("q", "")[:MAX_QUERY_LENGTH])
        results = backend.search(query)
        keys = ()
    suggestion, corrected = "", False
    if results.total < FEW_RESULTS and _may_be_misspelt(query):
        fallback = replace(query, fuzzy=True)
        near = backend.search(fallback)
        if near.total > results.total:
            words = relevance.parse_words(query.text)
            fixes = relevance.corrections(words, (hit.document for hit in near.hits))
            if fixes:
                suggestion = relevance.corrected_text(params.get("q", "")[:MAX_QUERY_LENGTH], fixes)
            if not results.total:
                query, results, corrected = fallback, near, True
    outcome = SearchOutcome(query, results, _direct_hit(results, keys, query.locale or language), errors)
    outcome.suggestion, outcome.corrected = suggestion, corrected
    return outcome


def _may_be_misspelt(query: SearchQuery) -> bool:
    """Whether the typo fallback could find more: some typed word is long enough to be corrected."""
    if query.fuzzy or query.prefix or not query.text:
        return False
    return any(len(term) >= relevance.FUZZY_MIN_LENGTH for term in relevance.parse_words(query.text).words)


def _direct_hit(results: SearchResults, keys: tuple[str, ...], language: str) -> SearchHit | None:
    """The one directive in the visitor's language whose own number is among the keys."""
    if not keys:
        return None
    own = [hit for hit in results.hits if hit.document.directive_key in keys and hit.document.locale == language]
    return own[0] if len({hit.document.directive_key for hit in own}) == 1 else None
