"""Translation memory: a wagtail-localize machine translator that fills segments from earlier translations.

This module owns `TranslationMemoryTranslator`, plugged in through wagtail-localize's own setting::

    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "locales.machine_translation.TranslationMemoryTranslator",
        "OPTIONS": {
            # optional: an external engine for what the memory cannot fill
            "FALLBACK": {
                "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
                "OPTIONS": {"LIBRETRANSLATE_URL": "https://libretranslate.example", "API_KEY": "…"},
            },
            "PARTIAL": True,  # default; see step 5 below
        },
    }

It works offline, on wagtail-localize's own tables (`String`, `StringTranslation`), and knows no page
type. For each string it is asked for, in this order:

1. **Exact match** — the same source string already translated into the target locale anywhere (any
   page, any field): manual translations before machine ones, the most recent first.
2. **Same sentence, other numbers or terms** — an earlier translation of a string that differs only in its
   directive numbers and glossary terms (``Thực hiện Công văn 380-CV/ĐU`` after ``Thực hiện Nghị quyết
   57-NQ/TW`` was translated): that translation, with the numbers and glossary terms swapped.
3. **Nothing but numbers and terms** — a string made only of directive numbers, glossary terms, figures
   and punctuation is translated by substitution alone.
4. **Fallback engine** (option ``FALLBACK``) — what is still missing goes to the external engine, masked
   (`locales.masking`): directive numbers, figures and glossary terms travel as placeholders the engine
   leaves alone and come back in their target form — the number in its canonical printed form, the
   figure with the target language's separators (Vietnamese ``2.500,5`` → English ``2,500.5``), the
   term as the glossary translates it (a *do not translate* term as written). A segment whose
   placeholders the engine dropped, duplicated or invented is left out of the answer (one log line),
   never returned corrupted. When the engine fails (network, quota), the error is logged and the
   memory's own results are still returned.

   Placeholders per engine (FALLBACK ``OPTIONS["PLACEHOLDERS"]``, chosen from the class by default):
   ``"xml"`` for wagtail-localize's DeepL translator (or a subclass) — ``<x id="m1">…</x>``, sent
   with DeepL's ``tag_handling=xml`` (wagtail-localize's) and ``ignore_tags=x`` (added here);
   ``"html"`` for any other engine — ``<span translate="no" class="notranslate" data-m="1">…</span>``,
   which LibreTranslate (``format=html``, as wagtail-localize sends it) and Google (``text/html``) leave
   untranslated.

   DeepL glossaries: with ``"DEEPL_GLOSSARY": True`` in the FALLBACK's options, a DeepL glossary is
   made from ours for each language pair DeepL supports and passed as ``glossary_id``
   (`locales.deepl_glossary`: recreated when the entries change, the id cached); a ``GLOSSARY_IDS``
   map (wagtail-localize's own option, ``{("VI", "EN"): "…"}``) is used as given. Where a glossary is
   used, translated terms are left to it — DeepL inflects them (Ukrainian cases, English plurals) —
   and only numbers, figures and *do not translate* terms are masked; a segment whose terms did not
   come out as our glossary says (QA's test) is asked again with its terms masked.
5. **Partial substitution** (option ``PARTIAL``, default on) — without an answer from a fallback, a string
   holding at least one glossary term that has a translation is returned with its terms translated and
   its directive numbers in their canonical printed form, the rest left as it is, as a draft for the
   translator (it is stored as a machine translation, so the editor marks it).

A string none of these can fill is left out of the answer, so wagtail-localize leaves it untranslated
and the translator sees it is missing. Translations this translator made itself are never used as
memory (so partial drafts do not come back as if they were translations).

Directive numbers come from LOCALES_NUMBER_FINDER (see `locales.qa`); glossary entries from the callable
named by LOCALES_GLOSSARY_PROVIDER (default ``locales.glossary.entries``), called without arguments and
returning objects with ``source``, ``translations`` and ``do_not_translate``.
"""

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.module_loading import import_string
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.machine_translators.deepl import DeepLTranslator
from wagtail_localize.machine_translators.deepl import language_code as deepl_language_code
from wagtail_localize.models import String, StringTranslation
from wagtail_localize.strings import StringValue

from locales import deepl_glossary
from locales.masking import STYLES, XML_TAG, Style, mask, unmask
from locales.qa import (
    GlossaryEntryLike,
    find_numbers,
    find_terms,
    language_code,
    plain_text,
    quote,
    rendered_term_pattern,
    target_term,
)

logger = logging.getLogger(__name__)

GLOSSARY_PROVIDER_SETTING = "LOCALES_GLOSSARY_PROVIDER"
DEFAULT_GLOSSARY_PROVIDER = "locales.glossary.entries"
TOOL_NAME = "Translation memory"
"""The tool's name, stored by wagtail-localize on every string it fills (`tool_name`): a fixed name, like
"DeepL", never translated, so the memory recognises its own work whatever language the user had."""
MIN_FIXED_CHARACTERS = 8
"""Step 2 needs this much text besides the numbers and terms, or any short string would match."""
MAX_CANDIDATES = 500

_TAG = re.compile(r"<[^>]*>")


def glossary_entries() -> list[GlossaryEntryLike]:
    """The glossary, from LOCALES_GLOSSARY_PROVIDER; empty when the default provider is not installed."""
    path = getattr(settings, GLOSSARY_PROVIDER_SETTING, None)
    if path is None:
        try:
            provider = import_string(DEFAULT_GLOSSARY_PROVIDER)
        except ImportError:
            return []
    elif not path:
        return []
    else:
        provider = import_string(path)
    return list(provider())


# --- Placeables: the parts of a string that can be swapped without understanding it ----------------------------


@dataclass(frozen=True)
class _Placeable:
    start: int
    end: int
    kind: str  # "number" or "term"
    text: str  # as written in the string
    key: str  # the number's match key, or the glossary source term folded
    printed: str = ""  # the number's canonical printed form
    entry: GlossaryEntryLike | None = None


def _placeables(text: str, glossary: Sequence[GlossaryEntryLike]) -> list[_Placeable]:
    """Directive numbers and glossary terms of `text` (NFC), in order, not overlapping."""
    found = [
        _Placeable(number.start, number.end, "number", text[number.start : number.end], number.key, number.printed)
        for number in find_numbers(text)
    ]
    for term in find_terms(text, glossary):
        if not any(term.start < other.end and other.start < term.end for other in found):
            found.append(
                _Placeable(term.start, term.end, "term", term.text, term.entry.source.casefold(), "", term.entry)
            )
    return sorted(found, key=lambda placeable: placeable.start)


def _template(text: str, placeables: Sequence[_Placeable]) -> tuple[str, list[str]]:
    """The string with each placeable replaced by a marker of its kind, and the fixed text between them."""
    pieces, position = [], 0
    for placeable in placeables:
        pieces.append(text[position : placeable.start])
        position = placeable.end
    pieces.append(text[position:])
    markers = ["\x00" + placeable.kind + "\x00" for placeable in placeables]
    template = "".join(piece + marker for piece, marker in zip(pieces, [*markers, ""], strict=True))
    return template, pieces


def _rendered(placeable: _Placeable, language: str) -> str | None:
    """A placeable as it is written in `language`: the canonical number, or the glossary's term."""
    if placeable.kind == "number":
        return placeable.printed
    if placeable.entry.do_not_translate:
        return placeable.text
    term = target_term(placeable.entry, language)
    if term and placeable.text[:1].isupper() and term[:1].islower():
        term = term[:1].upper() + term[1:]
    return term


def _substitute(text: str, placeables: Sequence[_Placeable], language: str) -> tuple[str, bool]:
    """`text` with its numbers and terms written for `language`, and whether every term had a translation."""
    complete = True
    for placeable in reversed(placeables):
        rendered = _rendered(placeable, language)
        if rendered is None:
            complete = False
            continue
        text = text[: placeable.start] + rendered + text[placeable.end :]
    return text, complete


def _only_placeables(text: str, placeables: Sequence[_Placeable]) -> bool:
    """True when nothing but placeables, figures, punctuation and markup is left to translate."""
    for placeable in reversed(placeables):
        text = text[: placeable.start] + " " + text[placeable.end :]
    return re.search(r"[^\W\d_]", plain_text(_TAG.sub(" ", text))) is None


def _swap(
    source_placeables: Sequence[_Placeable], translation: str, new_placeables: Sequence[_Placeable], language: str
) -> str | None:
    """An earlier `translation` of a string whose placeables were `source_placeables`, adapted to a string
    with `new_placeables` in their place; None when a placeable cannot be found in the translation."""
    numbers = find_numbers(translation)
    replacements: list[tuple[int, int, str]] = []
    for old, new in zip(source_placeables, new_placeables, strict=True):
        if old.key == new.key:
            continue
        rendered = _rendered(new, language)
        if rendered is None:
            return None
        if old.kind == "number":
            spans = [(number.start, number.end) for number in numbers if number.key == old.key]
        else:
            written = _rendered(old, language)
            if not written:
                return None
            spans = [match.span() for match in rendered_term_pattern(written, language).finditer(translation)]
        spans = [span for span in spans if not any(span[0] < end and start < span[1] for start, end, _ in replacements)]
        if not spans:
            return None
        replacements.append((*spans[0], rendered))
    for start, end, rendered in sorted(replacements, reverse=True):
        translation = translation[:start] + rendered + translation[end:]
    return translation


# --- The translator --------------------------------------------------------------------------------------------


def _memory(source_locale, target_locale):
    """Earlier translations from `source_locale` into `target_locale` usable as memory, best first."""
    own = Q(tool_name__startswith=TOOL_NAME)
    return (
        StringTranslation.objects.filter(
            translation_of__locale_id=source_locale.pk, locale_id=target_locale.pk, has_error=False
        )
        .exclude(data="")
        .exclude(Q(translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE) & own)
        .annotate(
            preference=Case(
                When(translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("preference", "-updated_at", "-pk")
    )


class TranslationMemoryTranslator(BaseMachineTranslator):
    """Fills segments from earlier translations, directive numbers and the glossary; see the module docstring."""

    display_name = TOOL_NAME

    def __init__(self, options: dict | None = None) -> None:
        super().__init__(options or {})
        self.partial = bool(self.options.get("PARTIAL", True))
        self.fallback: BaseMachineTranslator | None = None
        self.placeholders: Style = "html"
        if config := self.options.get("FALLBACK"):
            engine_class = import_string(config["CLASS"])
            engine_options = config.get("OPTIONS", {})
            if issubclass(engine_class, DeepLTranslator):
                engine_class = type(engine_class.__name__, (_DeepLParameters, engine_class), {})
            self.fallback = engine_class(engine_options)
            self.display_name = f"{TOOL_NAME} + {self.fallback.display_name}"
            default_style = "xml" if isinstance(self.fallback, DeepLTranslator) else "html"
            self.placeholders = engine_options.get("PLACEHOLDERS", default_style)
            if self.placeholders not in STYLES:
                raise ImproperlyConfigured(f"FALLBACK PLACEHOLDERS must be one of {STYLES}, not {self.placeholders!r}")

    def can_translate(self, source_locale, target_locale) -> bool:
        return language_code(source_locale.language_code) != language_code(target_locale.language_code)

    def translate(self, source_locale, target_locale, strings: Iterable[StringValue]) -> dict[StringValue, StringValue]:
        strings = list(dict.fromkeys(strings))
        language = target_locale.language_code
        results = self._exact_matches(source_locale, target_locale, strings)
        unknown = [string for string in strings if string not in results]
        if not unknown:
            return results

        glossary = glossary_entries()
        texts = {string: unicodedata.normalize("NFC", string.data) for string in unknown}
        placeables = {string: _placeables(texts[string], glossary) for string in unknown}
        results |= self._similar_matches(source_locale, target_locale, texts, placeables, glossary)
        for string in unknown:
            if string in results or not placeables[string] or not _only_placeables(texts[string], placeables[string]):
                continue
            substituted, complete = _substitute(texts[string], placeables[string], language)
            if complete:
                results[string] = StringValue(substituted)

        missing = [string for string in unknown if string not in results]
        if missing and self.fallback is not None and self.fallback.can_translate(source_locale, target_locale):
            results |= self._ask_fallback(source_locale, target_locale, missing, texts, glossary)

        if self.partial:
            for string in unknown:
                if string in results or not any(found.kind == "term" for found in placeables[string]):
                    continue
                substituted, _complete = _substitute(texts[string], placeables[string], language)
                if substituted != texts[string]:
                    results[string] = StringValue(substituted)
        return results

    def _exact_matches(self, source_locale, target_locale, strings: Sequence[StringValue]) -> dict:
        by_hash = {String._get_data_hash(string.data): string for string in strings}
        results: dict[StringValue, StringValue] = {}
        rows = _memory(source_locale, target_locale).filter(translation_of__data_hash__in=list(by_hash))
        for data_hash, data in rows.values_list("translation_of__data_hash", "data"):
            string = by_hash.get(data_hash)
            if string is not None and string not in results:
                results[string] = StringValue(data)
        return results

    def _similar_matches(self, source_locale, target_locale, texts, placeables, glossary) -> dict:
        """Step 2: one query for candidates sharing each string's fixed text, then exact template comparison."""
        templates, conditions = {}, []
        for string, found in placeables.items():
            if not found:
                continue
            template, pieces = _template(texts[string], found)
            if sum(len(piece.strip()) for piece in pieces) < MIN_FIXED_CHARACTERS:
                continue
            templates[string] = template
            condition = Q(translation_of__data__startswith=pieces[0]) & Q(translation_of__data__endswith=pieces[-1])
            for piece in sorted(pieces[1:-1], key=len, reverse=True)[:2]:
                condition &= Q(translation_of__data__contains=piece)
            conditions.append(condition)
        if not conditions:
            return {}

        known: dict[str, tuple[list[_Placeable], str]] = {}
        rows = (
            _memory(source_locale, target_locale)
            .filter(reduce(or_, conditions))
            .values_list("translation_of__data", "data")[:MAX_CANDIDATES]
        )
        for source_data, data in rows:
            source_text = unicodedata.normalize("NFC", source_data)
            found = _placeables(source_text, glossary)
            template, _pieces = _template(source_text, found)
            known.setdefault(template, (found, unicodedata.normalize("NFC", data)))

        results = {}
        for string, template in templates.items():
            if template not in known:
                continue
            source_placeables, translated = known[template]
            swapped = _swap(source_placeables, translated, placeables[string], target_locale.language_code)
            if swapped is not None:
                results[string] = StringValue(swapped)
        return results

    def _ask_fallback(self, source_locale, target_locale, strings, texts, glossary) -> dict:
        """Step 4: the engine's translations of `strings`, masked on the way out and restored on the way
        back; a segment whose placeholders did not survive is left out. Where a DeepL glossary does the
        terms, a segment whose terms did not come out as the glossary says is asked again, terms masked."""
        glossary_id = self._engine_glossary(source_locale, target_locale, glossary)
        results = self._translate_masked(source_locale, target_locale, strings, texts, glossary, glossary_id is None)
        if glossary_id is None:
            return results
        language = target_locale.language_code
        missed = [
            string
            for string, answer in results.items()
            if not _terms_rendered(texts[string], answer.data, glossary, language)
        ]
        for string in missed:
            del results[string]
        if missed:
            results |= self._translate_masked(source_locale, target_locale, missed, texts, glossary, True)
        return results

    def _translate_masked(self, source_locale, target_locale, strings, texts, glossary, glossary_terms) -> dict:
        source_language, target_language = source_locale.language_code, target_locale.language_code
        masked = {
            string: mask(
                texts[string],
                source_language,
                target_language,
                glossary,
                style=self.placeholders,
                glossary_terms=glossary_terms,
            )
            for string in strings
        }
        outgoing = [StringValue(text) for text in dict.fromkeys(item.text for item in masked.values())]
        try:
            answers = self.fallback.translate(source_locale, target_locale, outgoing)
        except Exception:  # an outage of the engine must not lose what the memory found
            logger.exception("Machine translation fallback %s failed", self.fallback.display_name)
            return {}
        by_text = {sent.data: answer.data for sent, answer in answers.items() if answer is not None}
        results = {}
        for string, item in masked.items():
            answer = by_text.get(item.text)
            if answer is None:
                continue
            restored = unmask(answer, item)
            if restored is None:
                logger.warning(
                    "%s dropped, duplicated or altered a placeholder; segment left untranslated: %s",
                    self.fallback.display_name,
                    quote(plain_text(texts[string])),
                )
                continue
            results[string] = StringValue(restored)
        return results

    def _engine_glossary(self, source_locale, target_locale, glossary) -> str | None:
        """The DeepL glossary for this pair: wagtail-localize's own GLOSSARY_IDS entry, else, with
        DEEPL_GLOSSARY, the one made from our glossary; None otherwise (terms are then masked)."""
        engine = self.fallback
        if not isinstance(engine, DeepLTranslator):
            return None
        engine.extra_parameters = {"ignore_tags": XML_TAG} if self.placeholders == "xml" else {}
        pair = (
            deepl_language_code(source_locale.language_code),
            deepl_language_code(target_locale.language_code, is_target=True),
        )
        if given := (engine.options.get("GLOSSARY_IDS") or {}).get(pair):
            return given
        if not engine.options.get("DEEPL_GLOSSARY"):
            return None
        managed = deepl_glossary.glossary_id(engine, source_locale.language_code, target_locale.language_code, glossary)
        if managed:
            engine.extra_parameters["glossary_id"] = managed
        return managed


class _DeepLParameters:
    """Mixed into wagtail-localize's DeepL translator (or a subclass) when it is the FALLBACK: adds the
    parameters the memory sets for the next request (``ignore_tags`` for the placeholders, ``glossary_id``)."""

    extra_parameters: dict = {}

    def get_parameters(self, source_locale, target_locale, strings) -> dict:
        return {**super().get_parameters(source_locale, target_locale, strings), **self.extra_parameters}


def _terms_rendered(source: str, translation: str, glossary, language: str) -> bool:
    """Every glossary term of `source` that has a translation appears in `translation` as QA expects it."""
    text = plain_text(translation)
    for term in find_terms(plain_text(source), glossary):
        if term.entry.do_not_translate:
            continue
        expected = target_term(term.entry, language)
        if expected and not rendered_term_pattern(expected, language).search(text):
            return False
    return True
