"""Translation QA: checks of one translated segment against its source, and of a whole translation.

This module owns the checks a translation must pass before it is done: directive numbers kept (same
match key), glossary terms rendered as the glossary says, figures carried over in the target locale's
formatting, links, markup and placeholders kept, nothing left empty or (likely) untranslated. Each check
is a pure function over (source text, target text, source language, target language, glossary entries)
that returns `QAProblem`s whose messages are in the active language and name the offending text;
`check_translation` runs them over every segment of a wagtail-localize `Translation` in a fixed number of
queries.

It knows nothing of page types or of how directive numbers are written: numbers come from the callable
named by the LOCALES_NUMBER_FINDER setting (for this site
``articles.directive_numbers.locate_directive_numbers``), which takes a text and returns, in order,
objects with ``start`` and ``end`` (positions in the NFC form of the text), ``key`` (the match key) and
``printed`` (the canonical printed form). Without that setting the directive-number check is skipped.
Glossary entries are plain data: any object with ``source``, ``translations`` (language code → term) and
``do_not_translate``.

Decisions:
- Segments are wagtail-localize strings: HTML with inline tags only, links reduced to ``<a id="a1">``.
  Text checks read the text without tags; the link and markup check reads the tags.
- Figures are checked when they have at least two digits or a separator (``5`` is often written out as
  a word). Digits of directive numbers, of addresses and of dates (``18/8/2025``, ``2025-08-18``,
  ``ngày 18 tháng 8 năm 2025``, ``tháng 8/2025``) are not figures: dates are rewritten with month
  names and in another order, so they are skipped rather than half-checked.
- A figure is accepted in the target's own formatting (Vietnamese ``62.569`` and ``1,5`` become English
  ``62,569`` and ``1.5`` and Ukrainian ``62 569`` — plain, no-break or narrow no-break space — and
  ``1,5``) and also as bare digits (``62569``).
- A translation identical to a source of four words or more is a warning, not an error: names and
  titles are sometimes kept on purpose.
"""

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from wagtail_localize.models import StringSegment, Translation

NUMBER_FINDER_SETTING = "LOCALES_NUMBER_FINDER"
UNTRANSLATED_MIN_WORDS = 4
QUOTE_LENGTH = 80

Severity = Literal["error", "warning"]


# --- Values --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QAProblem:
    """One problem found in a translation; `message` is in the language that was active when it was found."""

    code: str
    message: str
    severity: Severity = "error"
    segment: str | None = None
    """The segment it was found in (the wagtail-localize context path), when known."""


class GlossaryEntryLike(Protocol):
    source: str
    translations: dict[str, str]
    do_not_translate: bool


class FoundNumberLike(Protocol):
    start: int
    end: int
    key: str
    printed: str


@dataclass(frozen=True)
class TermMatch:
    """A glossary term found in a text: where, as written there, and which entry."""

    start: int
    end: int
    text: str
    entry: GlossaryEntryLike


# --- Text helpers shared with the translation memory ------------------------------------------------------

_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][\w-]*)([^>]*)>")
_BR = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)


def plain_text(segment: str) -> str:
    """The text of a segment without its inline tags, entities decoded, in NFC."""
    text = _BR.sub("\n", segment or "")
    text = _TAG.sub("", text)
    return unicodedata.normalize("NFC", html.unescape(text))


def quote(text: str) -> str:
    """Text short enough to name in a message."""
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1].rstrip() + "…"


def language_code(code: str) -> str:
    return (code or "").split("-")[0].lower()


def number_finder() -> Callable[[str], Sequence[FoundNumberLike]] | None:
    """The directive-number finder named by LOCALES_NUMBER_FINDER, or None when the site sets none."""
    path = getattr(settings, NUMBER_FINDER_SETTING, "")
    return _import(path) if path else None


@lru_cache(maxsize=8)
def _import(path: str):
    return import_string(path)


def find_numbers(text: str) -> list[FoundNumberLike]:
    """Directive numbers in `text` (positions in its NFC form); empty without a number finder."""
    finder = number_finder()
    return list(finder(text)) if finder is not None else []


@lru_cache(maxsize=4096)
def term_pattern(term: str) -> re.Pattern[str]:
    """A term as a whole word or phrase: any case, any run of spaces between its words, diacritics kept
    (``số`` does not match ``so`` nor ``sống``)."""
    words = unicodedata.normalize("NFC", term).split()
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)", re.IGNORECASE)


_UK_ENDINGS = re.compile(r"[аяоеєиіїуюйь]{1,2}$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def rendered_term_pattern(term: str, language: str) -> re.Pattern[str]:
    """A glossary term as it may appear in a text of `language`: English plurals and possessives, and
    Ukrainian case endings (``цифрова трансформація`` → ``цифрової трансформації``) are accepted."""
    words = unicodedata.normalize("NFC", term).split()
    code = language_code(language)
    if code == "uk":
        stems = [_UK_ENDINGS.sub("", word) for word in words]
        parts = [
            re.escape(stem if len(stem) >= 3 else word) + r"\w{0,3}" for stem, word in zip(stems, words, strict=True)
        ]
    elif code == "en":
        parts = [re.escape(word) for word in words]
        parts[-1] += r"(?:s|es|['’]s)?"
    else:
        parts = [re.escape(word) for word in words]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)


def target_term(entry: GlossaryEntryLike, language: str) -> str | None:
    """What a glossary entry becomes in `language`: the source itself when it is not translated."""
    if entry.do_not_translate:
        return entry.source.strip() or None
    translations = entry.translations or {}
    term = translations.get(language) or translations.get(language_code(language)) or ""
    return term.strip() or None


def find_terms(text: str, glossary: Iterable[GlossaryEntryLike]) -> list[TermMatch]:
    """Glossary terms in `text`, in order; the longest term wins where two overlap."""
    matches: list[TermMatch] = []
    taken: list[tuple[int, int]] = []
    for entry in sorted(glossary, key=lambda entry: len(entry.source or ""), reverse=True):
        if not (entry.source or "").strip():
            continue
        for match in term_pattern(entry.source).finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append(match.span())
            matches.append(TermMatch(match.start(), match.end(), match.group(), entry))
    return sorted(matches, key=lambda found: found.start)


# --- 1. Directive numbers ------------------------------------------------------------------------------------


def check_directive_numbers(
    source: str,
    target: str,
    source_language: str,
    target_language: str,
    glossary: Iterable[GlossaryEntryLike] = (),
    *,
    segment: str | None = None,
) -> list[QAProblem]:
    """Every directive number of the source is in the target with the same key (``380-CV/DU`` is fine)."""
    if number_finder() is None:
        return []
    source_text, target_text = plain_text(source), plain_text(target)
    source_numbers = {found.key: found.printed for found in find_numbers(source_text)}
    target_numbers: dict[str, str] = {}
    for found in find_numbers(target_text):
        target_numbers.setdefault(found.key, target_text[found.start : found.end])
    missing = [printed for key, printed in source_numbers.items() if key not in target_numbers]
    extra = [written for key, written in target_numbers.items() if key not in source_numbers]
    problems = []
    for printed in missing:
        if extra:
            message = _(
                "The directive number “%(number)s” is missing from the translation, which has “%(found)s” instead."
            )
            params = {"number": printed, "found": "”, “".join(extra)}
        else:
            message = _("The directive number “%(number)s” is missing from the translation.")
            params = {"number": printed}
        problems.append(QAProblem("directive_number", message % params, "error", segment))
    if extra and not missing:
        for written in extra:
            message = _("The translation has the directive number “%(number)s”, which is not in the source.")
            problems.append(QAProblem("directive_number_extra", message % {"number": written}, "warning", segment))
    return problems


# --- 2. Glossary ---------------------------------------------------------------------------------------------


def check_glossary(
    source: str,
    target: str,
    source_language: str,
    target_language: str,
    glossary: Iterable[GlossaryEntryLike] = (),
    *,
    segment: str | None = None,
) -> list[QAProblem]:
    """A glossary term of the source appears in the target as the glossary says (or unchanged)."""
    glossary = list(glossary)
    if not glossary:
        return []
    target_text = plain_text(target)
    problems = []
    seen: set[int] = set()
    for match in find_terms(plain_text(source), glossary):
        if id(match.entry) in seen:
            continue
        seen.add(id(match.entry))
        expected = target_term(match.entry, target_language)
        if expected is None or rendered_term_pattern(expected, target_language).search(target_text):
            continue
        if match.entry.do_not_translate:
            message = _("The glossary term “%(term)s” must be kept as it is, untranslated.") % {"term": match.text}
        else:
            message = _("The glossary term “%(term)s” should be translated as “%(expected)s”.") % {
                "term": match.text,
                "expected": expected,
            }
        problems.append(QAProblem("glossary", message, "error", segment))
    return problems


# --- 3. Figures ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Format:
    groups: str  # thousands separators accepted when reading
    decimal: str
    group: str  # thousands separator when writing
    min_grouped: int  # digits from which grouping is written


_SPACES = " \u00a0\u202f"
FORMATS: dict[str, _Format] = {
    "vi": _Format(groups=".", decimal=",", group=".", min_grouped=4),
    "en": _Format(groups=",", decimal=".", group=",", min_grouped=4),
    "uk": _Format(groups=_SPACES, decimal=",", group="\u00a0", min_grouped=5),
}


def _format(language: str) -> _Format:
    return FORMATS.get(language_code(language), FORMATS["en"])


@lru_cache(maxsize=16)
def _figure_pattern(language: str) -> re.Pattern[str]:
    spec = _format(language)
    groups, decimal = re.escape(spec.groups), re.escape(spec.decimal)
    return re.compile(
        rf"(?<![\w.,])(?P<int>\d{{1,3}}(?:[{groups}]\d{{3}})+|\d+)(?:{decimal}(?P<frac>\d+))?(?!\w|[.,]\d)",
    )


_DATES = [
    re.compile(r"(?<!\d)\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}(?!\d)"),  # 18/8/2025, 18.08.2025
    re.compile(r"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)"),  # 2025-08-18
    re.compile(r"(?<!\w)ngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2}(?:\s*(?:năm\s+|/\s*)\d{4})?)?", re.IGNORECASE),
    re.compile(r"(?<!\w)tháng\s+\d{1,2}(?:\s*(?:năm\s+|/\s*)\d{4})?", re.IGNORECASE),
]
_URL = re.compile(r"https?://[^\s<>\"'”»]+", re.IGNORECASE)


@dataclass(frozen=True)
class _Figure:
    written: str
    digits: str  # integer part, bare
    fraction: str
    grouped: bool

    def spellings(self, language: str) -> list[str]:
        """How the figure may be written in `language`, the preferred spelling first."""
        spec = _format(language)
        fraction = f"{spec.decimal}{self.fraction}" if self.fraction else ""
        grouped = [_group(self.digits, separator) + fraction for separator in dict.fromkeys(spec.group + spec.groups)]
        plain = self.digits + fraction
        if self.grouped and len(self.digits) >= spec.min_grouped:
            return [*grouped, plain]
        return [plain, *grouped]


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    return separator.join([digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))])


def _skipped_spans(text: str) -> list[tuple[int, int]]:
    spans = [(found.start, found.end) for found in find_numbers(text)]
    for pattern in (*_DATES, _URL):
        spans.extend(match.span() for match in pattern.finditer(text))
    return spans


def _figures(text: str, language: str) -> list[_Figure]:
    skipped = _skipped_spans(text)
    spec = _format(language)
    figures: dict[tuple[str, str], _Figure] = {}
    for match in _figure_pattern(language).finditer(text):
        if any(match.start() < end and start < match.end() for start, end in skipped):
            continue
        written_int = match["int"]
        digits = re.sub(r"\D", "", written_int)
        fraction = match["frac"] or ""
        if len(digits) + len(fraction) < 2:
            continue
        grouped = any(char in spec.groups for char in written_int)
        figures.setdefault((digits, fraction), _Figure(match.group(), digits, fraction, grouped))
    return list(figures.values())


def check_figures(
    source: str,
    target: str,
    source_language: str,
    target_language: str,
    glossary: Iterable[GlossaryEntryLike] = (),
    *,
    segment: str | None = None,
) -> list[QAProblem]:
    """Every figure of the source is in the target, written the target locale's way (or as bare digits)."""
    source_text, target_text = plain_text(source), plain_text(target)
    problems = []
    for figure in _figures(source_text, source_language):
        spellings = figure.spellings(target_language)
        if any(_has_figure(target_text, spelling) for spelling in spellings):
            continue
        expected = spellings[0]
        if expected == figure.written:
            message = _("The figure “%(figure)s” is missing from the translation.") % {"figure": figure.written}
        else:
            message = _("The figure “%(figure)s” is missing from the translation; write it as “%(expected)s”.") % {
                "figure": figure.written,
                "expected": expected,
            }
        problems.append(QAProblem("figure", message, "error", segment))
    return problems


def _has_figure(text: str, spelling: str) -> bool:
    return re.search(rf"(?<![\d.,]){re.escape(spelling)}(?!\d|[.,]\d)", text) is not None


# --- 4. Links, markup and placeholders ---------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{[A-Za-z_][\w.]*\}|\{\d*\}|%\([A-Za-z_]\w*\)[sdifr]|(?<!%)%[sdif](?!\w)")
_ATTRIBUTE = r"""\b{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"""


def _attribute(attributes: str, name: str) -> str | None:
    match = re.search(_ATTRIBUTE.format(name=name), attributes, re.IGNORECASE)
    return next((group for group in match.groups() if group is not None), None) if match else None


def _links(segment: str) -> dict[str, str]:
    """Link ids of a segment (``<a id="a1">``) → the link text."""
    links = {}
    for match in re.finditer(r"<a\b([^>]*)>(.*?)</a\s*>", segment or "", re.IGNORECASE | re.DOTALL):
        link_id = _attribute(match[1], "id")
        if link_id:
            links[link_id] = plain_text(match[2])
    return links


def _addresses(segment: str) -> list[str]:
    """Addresses of a segment: href attributes and bare http(s) URLs in the text."""
    found = [_attribute(match[3], "href") for match in _TAG.finditer(segment or "") if match[2].lower() == "a"]
    found += [url.rstrip(".,;:!?)") for url in _URL.findall(plain_text(segment))]
    return list(dict.fromkeys(address for address in found if address))


def _tag_counts(segment: str) -> Counter[str]:
    return Counter(match[2].lower() for match in _TAG.finditer(segment or "") if not match[1])


def check_links_and_placeholders(
    source: str,
    target: str,
    source_language: str,
    target_language: str,
    glossary: Iterable[GlossaryEntryLike] = (),
    *,
    segment: str | None = None,
) -> list[QAProblem]:
    """Links (same ``<a id>``), addresses, ``{name}``/``%(name)s``/``%s`` placeholders and tags are kept."""
    problems = []
    source_links, target_links = _links(source), _links(target)
    for link_id, text in source_links.items():
        if link_id not in target_links:
            message = _("The link “%(text)s” is missing from the translation.") % {"text": quote(text) or link_id}
            problems.append(QAProblem("link", message, "error", segment))
    for link_id, text in target_links.items():
        if link_id not in source_links:
            message = _("The link “%(text)s” of the translation is not in the source.") % {
                "text": quote(text) or link_id
            }
            problems.append(QAProblem("link_extra", message, "error", segment))
    target_addresses = set(_addresses(target))
    for address in _addresses(source):
        if address not in target_addresses:
            message = _("The address %(url)s is missing from the translation.") % {"url": address}
            problems.append(QAProblem("address", message, "error", segment))
    source_placeholders = Counter(_PLACEHOLDER.findall(plain_text(source)))
    target_placeholders = Counter(_PLACEHOLDER.findall(plain_text(target)))
    for placeholder in source_placeholders - target_placeholders:
        message = _("The placeholder %(placeholder)s is missing from the translation.") % {"placeholder": placeholder}
        problems.append(QAProblem("placeholder", message, "error", segment))
    for placeholder in target_placeholders - source_placeholders:
        message = _("The translation has the placeholder %(placeholder)s, which is not in the source.") % {
            "placeholder": placeholder
        }
        problems.append(QAProblem("placeholder_extra", message, "error", segment))
    source_tags, target_tags = _tag_counts(source), _tag_counts(target)
    for tag in sorted(set(source_tags) | set(target_tags)):
        if tag == "a" or source_tags[tag] == target_tags[tag]:
            continue
        message = _(
            "Formatting differs: <%(tag)s> appears %(source)d× in the source and %(target)d× in the translation."
        )
        params = {"tag": tag, "source": source_tags[tag], "target": target_tags[tag]}
        problems.append(QAProblem("markup", message % params, "warning", segment))
    return problems


# --- 5. Nothing empty ------------------------------------------------------------------------------------------


def check_not_empty(
    source: str,
    target: str,
    source_language: str,
    target_language: str,
    glossary: Iterable[GlossaryEntryLike] = (),
    *,
    segment: str | None = None,
) -> list[QAProblem]:
    """The target has text when the source has; a long target identical to its source is a warning."""
    source_text, target_text = plain_text(source).strip(), plain_text(target).strip()
    if not source_text:
        return []
    if not target_text:
        message = _("The translation of “%(text)s” is empty.") % {"text": quote(source_text)}
        return [QAProblem("empty", message, "error", segment)]
    if (
        " ".join(source_text.split()) == " ".join(target_text.split())
        and language_code(source_language) != language_code(target_language)
        and len(re.findall(r"[^\W\d_]+", source_text)) >= UNTRANSLATED_MIN_WORDS
    ):
        message = _("The translation is the same as the source “%(text)s”; it may not be translated yet.") % {
            "text": quote(source_text)
        }
        return [QAProblem("untranslated", message, "warning", segment)]
    return []


# --- All checks --------------------------------------------------------------------------------------------------

CHECKS = (check_not_empty, check_directive_numbers, check_glossary, check_figures, check_links_and_placeholders)


def check_segment(
    source: str,
    target: str,
    source_language: str,
    target_language: str,
    glossary: Iterable[GlossaryEntryLike] = (),
    *,
    segment: str | None = None,
) -> list[QAProblem]:
    """Every check over one segment. An empty target is reported once, not again by the other checks."""
    glossary = list(glossary)
    empty = check_not_empty(source, target, source_language, target_language, glossary, segment=segment)
    if any(problem.code == "empty" for problem in empty):
        return empty
    problems = list(empty)
    for check in CHECKS[1:]:
        problems += check(source, target, source_language, target_language, glossary, segment=segment)
    return problems


def check_translation(
    translation: "Translation",
    glossary: Iterable[GlossaryEntryLike] = (),
    *,
    include_missing: bool = False,
) -> list[QAProblem]:
    """Every check over every translated string segment of a wagtail-localize `Translation`, in segment order.

    Segments not translated yet are skipped (the translation's progress counts them) unless
    `include_missing`, which reports each as an error. Four queries, whatever the number of segments.
    """
    return [
        problem
        for _segment, problems in checks_by_segment(translation, glossary, include_missing=include_missing)
        for problem in problems
    ]


def checks_by_segment(
    translation: "Translation",
    glossary: Iterable[GlossaryEntryLike] = (),
    *,
    include_missing: bool = False,
) -> Iterator[tuple["StringSegment", list[QAProblem]]]:
    """`check_translation`'s problems segment by segment: (the `StringSegment`, its problems)."""
    from wagtail.models import Locale
    from wagtail_localize.models import StringSegment, StringTranslation

    source = translation.source
    languages = dict(
        Locale.objects.filter(pk__in=(source.locale_id, translation.target_locale_id)).values_list(
            "pk", "language_code"
        )
    )
    source_language, target_language = languages[source.locale_id], languages[translation.target_locale_id]
    segments = list(
        StringSegment.objects.filter(source_id=source.pk).select_related("string", "context").order_by("order")
    )
    segment_ids = StringSegment.objects.filter(source_id=source.pk)
    translated = {
        (string_id, context_id): data
        for string_id, context_id, data in StringTranslation.objects.filter(
            locale_id=translation.target_locale_id,
            translation_of_id__in=segment_ids.values("string_id"),
            context_id__in=segment_ids.values("context_id"),
        ).values_list("translation_of_id", "context_id", "data")
    }
    glossary = list(glossary)
    for string_segment in segments:
        path = string_segment.context.path if string_segment.context_id else None
        target = translated.get((string_segment.string_id, string_segment.context_id))
        if target is None:
            if include_missing and plain_text(string_segment.string.data).strip():
                message = _("“%(text)s” is not translated yet.") % {
                    "text": quote(plain_text(string_segment.string.data))
                }
                yield string_segment, [QAProblem("missing", message, "error", path)]
            continue
        yield (
            string_segment,
            check_segment(string_segment.string.data, target, source_language, target_language, glossary, segment=path),
        )
