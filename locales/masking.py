"""Placeholders that keep directive numbers, figures and glossary terms safe from an external engine.

This module owns one job: before a segment goes to an external machine-translation engine, replace
the parts the engine must not touch by placeholders it leaves alone, and after, put those parts back
**in their target form**. The translation memory (`locales.machine_translation`, step 4) uses it; it
knows nothing of engines' HTTP APIs nor of page types.

What is masked (positions in the NFC text, never inside a tag or an entity, never overlapping):

- **directive numbers**, as found by LOCALES_NUMBER_FINDER (`locales.qa.find_numbers`) → restored in
  their canonical printed form (``380 -CV/ĐU`` → ``380-CV/ĐU``), the form QA expects;
- **figures**: numbers written the source language's way with at least two digits, a decimal part or
  a ``%`` (``2.500``, ``2.500,5``, ``15%``, the ``1.000`` of ``1.000 tỷ đồng`` — the unit is left to the
  engine) → rewritten with the target language's separators (Vietnamese ``2.500,5`` → English
  ``2,500.5``, Ukrainian ``2 500,5`` with a no-break space). Separators come from Django's locale
  formats (``DECIMAL_SEPARATOR``, ``THOUSAND_SEPARATOR``), never from a list of languages; a figure is
  grouped in the target only when it was grouped in the source. What cannot be read one way only is
  not masked (Vietnamese ``1.5`` is neither a grouped thousand nor a Vietnamese decimal). Numeric dates
  (``30/4/2026``, ``2026-04-30``) are masked and come back as written;
- **glossary terms** (`locales.qa.find_terms`) → the glossary's term for the target language as the
  glossary writes it (with a capital when it opens the translation); a *do not translate* term comes
  back exactly as written. A term without a translation for the target is not masked (the
  engine translates it). With ``glossary_terms=False`` (a DeepL glossary does the terms) only *do not
  translate* terms are masked.

Two placeholder styles, chosen per engine by the caller:

- ``"xml"`` for DeepL (``tag_handling=xml`` and ``ignore_tags=x``): ``<x id="m1">380-CV/ĐU</x>``;
- ``"html"`` for engines that translate HTML (LibreTranslate's ``format=html``, Google's
  ``text/html``), which honour HTML's ``translate="no"`` (and Google's ``notranslate`` class):
  ``<span translate="no" class="notranslate" data-m="1">380-CV/ĐU</span>``.

The placeholder carries the target form as its content, so the engine sees a whole sentence; what is
put back is taken from the placeholder's number, never from what the engine returned inside it.
`unmask` returns None — the caller leaves the segment untranslated — when a placeholder was dropped,
duplicated or invented, or when a piece of one is left over.
"""

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from django.utils.formats import get_format

from locales.qa import GlossaryEntryLike, find_numbers, find_terms, target_term

Style = Literal["xml", "html"]
STYLES: tuple[Style, ...] = ("xml", "html")
XML_TAG = "x"
"""The element DeepL is told to leave alone (``ignore_tags``)."""

_SPACES = " \u00a0\u202f"
_SKIPPED = re.compile(r"<[^>]*>|https?://[^\s<>\"'”»]+", re.IGNORECASE)
_ENTITY = re.compile(r"&#?\w+;")
_DATES = re.compile(r"(?<![\w/.-])(?:\d{1,2}\s*([/.-])\s*\d{1,2}\s*\1\s*\d{4}|\d{4}-\d{1,2}-\d{1,2})(?![\w/-]|[.,]\d)")
_PLACEHOLDERS: dict[Style, re.Pattern[str]] = {
    "xml": re.compile(rf"""<{XML_TAG}\b[^>]*?\bid\s*=\s*["']?m(\d+)["']?[^>]*?(?:/>|>.*?</{XML_TAG}\s*>)""", re.S),
    "html": re.compile(r"""<span\b[^>]*?\bdata-m\s*=\s*["']?(\d+)["']?[^>]*>.*?</span\s*>""", re.S),
}
_LEFTOVERS: dict[Style, re.Pattern[str]] = {
    "xml": re.compile(rf"</?{XML_TAG}\b", re.IGNORECASE),
    "html": re.compile(r"\bdata-m\s*=|translate\s*=\s*[\"']?no", re.IGNORECASE),
}


@dataclass(frozen=True)
class Mask:
    """One masked part: its placeholder number, what it was, and what goes back (as HTML)."""

    number: int
    kind: Literal["number", "figure", "term"]
    source: str
    target: str


@dataclass(frozen=True)
class Masked:
    """A segment ready for the engine (`text`) and what `unmask` needs to restore it."""

    text: str
    masks: tuple[Mask, ...]
    style: Style


# --- Figures in a language's own format -------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberFormat:
    decimal: str
    thousands: str  # as written when grouping
    accepted_thousands: str  # accepted when reading (all spaces when the locale groups with a space)


@lru_cache(maxsize=32)
def number_format(language: str) -> NumberFormat:
    """A language's separators, from Django's locale formats."""
    decimal = str(get_format("DECIMAL_SEPARATOR", language) or ".")
    thousands = str(get_format("THOUSAND_SEPARATOR", language) or "")
    accepted = _SPACES if thousands and thousands.isspace() else thousands
    return NumberFormat(decimal, thousands, accepted)


@lru_cache(maxsize=32)
def _figure_pattern(language: str) -> re.Pattern[str] | None:
    spec = number_format(language)
    if not spec.decimal or spec.decimal in spec.accepted_thousands:
        return None
    grouped = rf"\d{{1,3}}(?:[{re.escape(spec.accepted_thousands)}]\d{{3}})+|" if spec.accepted_thousands else ""
    return re.compile(
        rf"(?<![\w.,/-])(?P<int>{grouped}\d+)(?:{re.escape(spec.decimal)}(?P<frac>\d+))?"
        r"(?P<percent>[ \u00a0\u202f]?%)?(?!\w|[.,]\d|[/-]\d)"
    )


def convert_figure(digits: str, fraction: str, grouped: bool, language: str) -> str:
    """A figure written `language`'s way: `digits` (integer part, bare) and `fraction` (may be empty)."""
    spec = number_format(language)
    integer = digits
    if grouped and spec.thousands and len(digits) > 3:
        head = len(digits) % 3 or 3
        integer = spec.thousands.join([digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))])
    return integer + (spec.decimal + fraction if fraction else "")


def _figures(text: str, source_language: str, target_language: str, taken: list[tuple[int, int]]):
    """(start, end, target form) of the figures and numeric dates of `text`."""
    found = []
    for match in _DATES.finditer(text):
        if not _overlaps(match.span(), taken):
            found.append((match.start(), match.end(), match.group()))
            taken.append(match.span())
    pattern = _figure_pattern(source_language)
    if pattern is None:
        return found
    spec = number_format(source_language)
    for match in pattern.finditer(text):
        if _overlaps(match.span(), taken):
            continue
        digits = re.sub(r"\D", "", match["int"])
        fraction = match["frac"] or ""
        if len(digits) + len(fraction) < 2 and not match["percent"]:
            continue
        grouped = any(char in spec.accepted_thousands for char in match["int"])
        target = convert_figure(digits, fraction, grouped, target_language) + (match["percent"] or "")
        found.append((match.start(), match.end(), target))
        taken.append(match.span())
    return found


# --- Mask and unmask ---------------------------------------------------------------------------------------------


def _overlaps(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


@dataclass(frozen=True)
class _HtmlEntry:
    source: str
    translations: dict[str, str]
    do_not_translate: bool


def _as_html(glossary: Iterable[GlossaryEntryLike]) -> list[GlossaryEntryLike]:
    """The glossary, plus the HTML-escaped form of each term that has ``&``, ``<`` or ``>`` (a segment is HTML)."""
    entries: list[GlossaryEntryLike] = []
    for entry in glossary:
        entries.append(entry)
        escaped = html.escape(entry.source or "", quote=False)
        if escaped != entry.source:
            entries.append(_HtmlEntry(escaped, dict(entry.translations or {}), entry.do_not_translate))
    return entries


def _term_target(written: str, entry: GlossaryEntryLike, language: str) -> str | None:
    """A term's target form as HTML: as written for a *do not translate* term, else the glossary's."""
    if entry.do_not_translate:
        return written
    term = target_term(entry, language)
    return html.escape(term, quote=False) if term else None


def placeholder(mask: Mask, style: Style) -> str:
    """The placeholder of one mask in `style`, its content the target form."""
    if style == "xml":
        return f'<{XML_TAG} id="m{mask.number}">{mask.target}</{XML_TAG}>'
    return f'<span translate="no" class="notranslate" data-m="{mask.number}">{mask.target}</span>'


def mask(
    text: str,
    source_language: str,
    target_language: str,
    glossary: Iterable[GlossaryEntryLike] = (),
    *,
    style: Style,
    glossary_terms: bool = True,
) -> Masked:
    """`text` (a wagtail-localize segment: HTML with inline tags) with its numbers, figures and glossary
    terms replaced by placeholders of `style`; targets are HTML, like the segment."""
    if style not in STYLES:
        raise ValueError(f"Unknown placeholder style {style!r}; use one of {STYLES}")
    text = unicodedata.normalize("NFC", text)
    taken = [match.span() for match in _SKIPPED.finditer(text)]
    entities = [match.span() for match in _ENTITY.finditer(text)]  # no number in one; a term may hold one
    taken += entities
    parts: list[tuple[int, int, str, str]] = []  # start, end, kind, target
    for found in find_numbers(text):
        span = (found.start, found.end)
        if not _overlaps(span, taken):
            parts.append((*span, "number", html.escape(found.printed, quote=False)))
            taken.append(span)
    parts += [
        (start, end, "figure", target) for start, end, target in _figures(text, source_language, target_language, taken)
    ]
    taken = [span for span in taken if span not in entities]
    for term in find_terms(text, _as_html(glossary)):
        span = (term.start, term.end)
        if _overlaps(span, taken) or not (glossary_terms or term.entry.do_not_translate):
            continue
        target = _term_target(term.text, term.entry, target_language)
        if target:
            parts.append((*span, "term", target))
            taken.append(span)

    masks, pieces, position = [], [], 0
    for number, (start, end, kind, target) in enumerate(sorted(parts), start=1):
        item = Mask(number, kind, text[start:end], target)
        masks.append(item)
        pieces += [text[position:start], placeholder(item, style)]
        position = end
    pieces.append(text[position:])
    return Masked("".join(pieces), tuple(masks), style)


def unmask(translated: str, masked: Masked) -> str | None:
    """The engine's `translated` text with every placeholder replaced by its target form; None when a
    placeholder is missing, duplicated or unknown, or a piece of one is left over."""
    pattern = _PLACEHOLDERS[masked.style]
    by_number = {item.number: item for item in masked.masks}
    seen = Counter(int(match[1]) for match in pattern.finditer(translated))
    if seen != Counter(list(by_number)):
        return None

    def restored(match: re.Match[str]) -> str:
        item = by_number[int(match[1])]
        if item.kind == "term" and match.start() == _text_start(translated) and item.target[:1].islower():
            return item.target[:1].upper() + item.target[1:]
        return item.target

    result = pattern.sub(restored, translated)
    leftover = pattern.sub("", translated)
    if _LEFTOVERS[masked.style].search(leftover):
        return None
    return result


def _text_start(text: str) -> int:
    """Where the text of a segment begins, after leading tags and spaces."""
    match = re.match(r"(?:\s|<(?!x\b|span\b)[^>]*>)*", text)
    return match.end() if match else 0
