"""What matches a visitor's words and how it ranks, once for every backend.

This module owns the analysed fields of a document (their names and what goes into them) and
the text part of a search as an engine-neutral tree of queries (`Term`, `Prefix`, `Fuzzy`,
`Phrase`, `Boost`, `Const`, `AnyOf`, `Bool`). Each backend renders the tree in its engine's terms (Tantivy
`Query` objects, Elasticsearch query DSL) and indexes `document_fields` as they are, so both
engines match and rank by the same rules. Words are analysed by search/analysis.py. It knows
nothing of engines, pages or requests.

Fields, one set per language of the site, suffixed with the language code (``text_vi``):

* ``text``  — match terms of every word of the item (title, summary, body, transcript, numbers
  and theme labels in every language): decides what matches; word positions indexed (phrases);
* ``exact`` — exact terms of the same words, positions indexed: an item holding the words in the
  exact form typed (tones, inflection) scores `EXACT_SCORE` for each, however often it holds them;
* ``title``, ``directive_number`` — match terms again, scored on top with the boosts of
  `BOOSTED_PARTS`;
* ``prefix`` — prefix terms of the title (folded, never stemmed): search as you type.

Rules: quoted phrases are always required. Loose words are all required up to two; from three
words on, function words are optional and `required_words` of the others must match, so ranking,
not exclusion, decides. The backends first ask for every word but the function words (a cheap
conjunction) and relax to `required_words` when that finds fewer than `RELAX_BELOW` items: an item
missing a word then never displaces a first page of items holding them all, and the common case
costs no minimum-should-match pass (which reads every posting of every word). Each word also
scores in the boosted parts, and the words typed in exactly their form (tones, inflection) in
``exact``. From two words on, the best `RESCORE_WINDOW` items are scored again
(`TextQuery.rescore`): the words as a phrase add `PHRASE_BOOST` (`EXACT_PHRASE_BOOST` more in
exactly the form typed, on ``exact``), the words near each other (`PROXIMITY_SLOP`)
`PROXIMITY_BOOST`; so the exact phrase ranks first, then the phrase in other forms, then the words
near each other, then the words scattered. Phrase queries read word positions, which over tens of
thousands of matches costs more than all the rest of a search; over the window it costs a fraction
of a millisecond (Elasticsearch: `rescore` with the same window). The typo fallback (`fuzzy`) lets
words of `FUZZY_MIN_LENGTH` letters or more differ by one edit.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from search.analysis import Analyser, analyser, exact_terms, fold, language_of, languages
from search.documents import SearchDocument

MATCH_PART = "text"
EXACT_PART = "exact"
PREFIX_PART = "prefix"
BOOSTED_PARTS: dict[str, float] = {"title": 4.0, "directive_number": 10.0}
"""Fields scored again on top of `text` (BM25 × boost): the title outweighs the rest, and a number
typed as words ranks its own directive above the items citing it (asked for words with a digit
only). The summary and theme labels are matched in `text` only: scoring the summary again cost a
millisecond a search, and a label's words are in a third of the items (scoring them again would
cost more than the rest of the search)."""
NUMBER_PARTS = frozenset({"directive_number"})
BOOSTED_TEXT_PARTS = [(part, boost) for part, boost in BOOSTED_PARTS.items() if part not in NUMBER_PARTS]
TEXT_PARTS = (MATCH_PART, EXACT_PART, PREFIX_PART, *BOOSTED_PARTS)
POSITIONS_PARTS = (MATCH_PART, EXACT_PART)
"""The fields whose word positions are indexed (phrases); the others keep frequencies only."""

EXACT_SCORE = 4.0
"""Added per word when the item holds every word typed in exactly the form typed (tones, inflection),
however often: an item with the tones typed ranks above those that match only without them."""
RESCORE_WINDOW = 50
"""How many of the best items (the first pages) the phrase and proximity bonuses reorder."""
RELAX_BELOW = 100
"""Items in which every word (function words aside) is found, below which the words are relaxed."""
PHRASE_BOOST = 4.0
"""The words typed as a phrase in the item (BM25 of the phrase × this)."""
EXACT_PHRASE_BOOST = 4.0
"""… and again where the phrase is in exactly the form typed (tones, inflection)."""
PROXIMITY_BOOST = 2.0
PROXIMITY_SLOP = 3
"""The words typed near each other in the item: at most this many other words between them."""
PREFIX_COMPLETE_BOOST = 2.0
"""While typing, a complete word ranks above the words it merely begins."""

MIN_WORDS_FOR_OPTIONAL = 3
FUZZY_MIN_LENGTH = 5
MAX_TEXT_LENGTH = 500
MAX_WORDS = 32
MAX_PHRASES = 8


def field_name(part: str, language: str) -> str:
    return f"{part}_{language}"


def required_words(count: int) -> int:
    """How many of `count` content words must match: all up to two, then one in four may be missing."""
    if count < MIN_WORDS_FOR_OPTIONAL:
        return count
    return count - max(1, count // 4)


# --- Documents ----------------------------------------------------------------------------------------


def document_fields(document: SearchDocument) -> dict[str, list[str]]:
    """The analysed fields of `document` (space-separated terms, for a whitespace tokenizer), by name."""
    language = language_of(document.locale)
    words = analyser(language)
    text: list[str] = []
    exact: list[str] = []
    parts: dict[str, list[str]] = {}
    labels = [label for theme in document.themes for label in theme.labels.values() if label]
    for part, values in (
        ("title", [document.title]),
        ("summary", [document.summary]),
        ("body", [document.body]),
        ("transcript", [document.transcript]),
        ("directive_number", [document.directive_number]),
        ("cited_numbers", document.cited_numbers),
        ("themes", labels),
    ):
        for value in values:
            if not value:
                continue
            exact_text, match_text = words.analyse(value)
            if not match_text:
                continue
            text.append(match_text)
            exact.append(exact_text)
            if part in BOOSTED_PARTS:
                parts.setdefault(part, []).append(match_text)
    fields = {field_name(part, language): values for part, values in parts.items()}
    if text:
        fields[field_name(MATCH_PART, language)] = text
        fields[field_name(EXACT_PART, language)] = exact
    if prefixes := words.prefix_text(" ".join(filter(None, (document.title, document.directive_number)))):
        fields[field_name(PREFIX_PART, language)] = [prefixes]
    return fields


# --- Visitor text -------------------------------------------------------------------------------------

_QUOTES = str.maketrans(dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\uff02", '"'))
_PHRASE = re.compile(r'"([^"]*)"')


def _valid_utf8(text: str) -> str:
    """Lone surrogates (possible in a Python str, not in UTF-8) replaced, before any engine sees them."""
    return text.encode("utf-8", "replace").decode("utf-8")


@dataclass(frozen=True)
class Words:
    """Visitor text as exact terms: loose words and quoted phrases; nothing else is syntax."""

    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...] = ()
    prefix: bool = False
    """The last loose word is being typed."""

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.phrases


def parse_words(text: str, prefix: bool = False) -> Words:
    text = unicodedata.normalize("NFC", _valid_utf8(text[: MAX_TEXT_LENGTH * 4]))[:MAX_TEXT_LENGTH]
    text = "".join(char if char.isprintable() else " " for char in text).translate(_QUOTES)
    phrases = tuple(
        words for words in (tuple(exact_terms(match)) for match in _PHRASE.findall(text)[:MAX_PHRASES]) if words
    )
    words = tuple(exact_terms(_PHRASE.sub(" ", text)))[:MAX_WORDS]
    ends_with_word = bool(words) and not text.rstrip().endswith('"')
    return Words(words=words, phrases=phrases, prefix=prefix and ends_with_word)


# --- The query tree -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    field: str
    value: str


@dataclass(frozen=True)
class Prefix:
    field: str
    value: str


@dataclass(frozen=True)
class Fuzzy:
    """Terms within one edit (a transposition counts one) of `value`."""

    field: str
    value: str


@dataclass(frozen=True)
class Phrase:
    field: str
    values: tuple[str, ...]
    slop: int = 0


@dataclass(frozen=True)
class Boost:
    query: Node
    boost: float


@dataclass(frozen=True)
class Const:
    """`score` when `query` matches, whatever its own score."""

    query: Node
    score: float


@dataclass(frozen=True)
class AnyOf:
    """At least one of the queries; the scores of those that match add up."""

    queries: tuple[Node, ...]


@dataclass(frozen=True)
class Bool:
    """Every `must`, and at least `minimum` of `should` (0: `should` only adds to the score)."""

    must: tuple[Node, ...] = ()
    should: tuple[Node, ...] = ()
    minimum: int = 0


Node = Term | Prefix | Fuzzy | Phrase | Boost | Const | AnyOf | Bool


@dataclass(frozen=True)
class TextQuery:
    """The text part of a search: `match` decides what matches (counts, facets); `scored` also ranks;
    `rescore` (if any) is added to the scores of the best `RESCORE_WINDOW` items, then they are
    sorted again."""

    match: Node
    scored: Node
    rescore: Node | None = None


def _any(queries: Sequence[Node]) -> Node:
    return queries[0] if len(queries) == 1 else AnyOf(tuple(queries))


def _word(term: str, words: Analyser, language: str, *, typing: bool, fuzzy: bool) -> Node:
    field = field_name(MATCH_PART, language)
    match = words.match(term)
    whole: Node = Term(field, match)
    if fuzzy and len(term) >= FUZZY_MIN_LENGTH:
        # One edit from the match term (a misspelt stem or lemma) or from the word as typed (a
        # misspelt inflected form, whose lemma is unknown).
        whole = AnyOf((Fuzzy(field, match), Fuzzy(field_name(EXACT_PART, language), term)))
    if not typing:
        return whole
    started = [Prefix(field, words.prefix(term)), Prefix(field_name(EXACT_PART, language), term)]
    return AnyOf((Boost(whole, PREFIX_COMPLETE_BOOST), *started))


def relaxable(words: Words, searched: Iterable[str] | None = None) -> bool:
    """Whether the relaxed query could match more than the strict one: some searched language has
    more content words than it requires."""
    for language in languages() if searched is None else searched:
        count = len(words.words) - len(optional_positions(words, language))
        if required_words(count) < count:
            return True
    return False


def _carries_form(terms: Sequence[str], analysis: Analyser) -> bool:
    """Whether some word was typed in a form its match term does not keep (tones, inflection,
    spelling): only then can the exact form rank anything first."""
    return any(analysis.match(term) != term for term in terms)


def optional_positions(words: Words, language: str) -> set[int]:
    """Positions of the loose words that are optional function words, for `language`: none below
    three words, none when every word is one, never the word being typed."""
    if len(words.words) < MIN_WORDS_FOR_OPTIONAL:
        return set()
    analysis = analyser(language)
    last = len(words.words) - 1
    optional = {
        i for i, term in enumerate(words.words) if analysis.is_function_word(term) and not (words.prefix and i == last)
    }
    return set() if len(optional) == len(words.words) else optional


def language_query(words: Words, language: str, *, fuzzy: bool = False, relaxed: bool = True) -> TextQuery | None:
    """The text query for documents in `language`; None when nothing searchable is left. Not
    `relaxed`, every word but the optional function words is required."""
    if words.is_empty:
        return None
    analysis = analyser(language)
    text, exact = field_name(MATCH_PART, language), field_name(EXACT_PART, language)
    optional = optional_positions(words, language)
    last = len(words.words) - 1
    units = [
        _word(term, analysis, language, typing=words.prefix and i == last, fuzzy=fuzzy)
        for i, term in enumerate(words.words)
        if i not in optional
    ]
    phrases: list[Node] = []
    for phrase in words.phrases:
        matches = tuple(analysis.match_terms(phrase))
        phrases.append(Term(text, matches[0]) if len(matches) == 1 else Phrase(text, matches))
    minimum = required_words(len(units)) if relaxed else len(units)
    if minimum == len(units):
        match = Bool(must=(*phrases, *units))
    else:
        match = Bool(must=tuple(phrases), should=tuple(units), minimum=minimum)
    bonus: list[Node] = [Term(text, analysis.match(words.words[i])) for i in sorted(optional)]
    every = [term for i, term in enumerate(words.words) if i not in optional]
    every += [term for phrase in words.phrases for term in phrase]
    for term in dict.fromkeys(every):
        matched = analysis.match(term)
        parts = BOOSTED_PARTS.items() if any(char.isdigit() for char in term) else BOOSTED_TEXT_PARTS
        bonus += [Boost(Term(field_name(part, language), matched), boost) for part, boost in parts]
    content = [term for i, term in enumerate(words.words) if i not in optional and not (words.prefix and i == last)]
    if _carries_form(content, analysis):
        # One conjunction (Tantivy leapfrogs it over the matches; a disjunction of one clause per
        # word would read every posting of every word): every word in exactly the form typed.
        exactly = [Term(exact, term) for term in dict.fromkeys(content)]
        bonus.append(Const(exactly[0] if len(exactly) == 1 else Bool(must=tuple(exactly)), EXACT_SCORE * len(exactly)))
    rescore = None
    if len(words.words) >= 2 and not words.prefix:
        typed = tuple(analysis.match_terms(words.words))
        phrases = [Boost(Phrase(text, typed), PHRASE_BOOST)]
        if _carries_form(words.words, analysis):
            phrases.append(Boost(Phrase(exact, words.words), EXACT_PHRASE_BOOST))
        phrases.append(Boost(Phrase(text, typed, PROXIMITY_SLOP), PROXIMITY_BOOST))
        rescore = AnyOf(tuple(phrases))
    return TextQuery(match=match, scored=Bool(must=(match,), should=tuple(bonus)), rescore=rescore)


def text_query(
    words: Words, searched: Iterable[str] | None = None, *, fuzzy: bool = False, relaxed: bool = True
) -> TextQuery | None:
    """The text query over the `searched` languages (default: every language of the site)."""
    per_language = [
        query
        for language in (languages() if searched is None else searched)
        if (query := language_query(words, language, fuzzy=fuzzy, relaxed=relaxed)) is not None
    ]
    if not per_language:
        return None
    rescores = [query.rescore for query in per_language if query.rescore is not None]
    return TextQuery(
        match=_any([query.match for query in per_language]),
        scored=_any([query.scored for query in per_language]),
        rescore=_any(rescores) if rescores else None,
    )


def suggest_query(words: Words, searched: Iterable[str] | None = None) -> Node | None:
    """Titles holding every typed word (the last one as the start of a word), by prefix terms."""
    if not words.words:
        return None
    per_language: list[Node] = []
    for language in languages() if searched is None else searched:
        analysis = analyser(language)
        field = field_name(PREFIX_PART, language)
        terms = [analysis.prefix(term) for term in words.words]
        units: list[Node] = [Term(field, term) for term in terms[:-1]]
        last = Term(field, terms[-1])
        units.append(AnyOf((Boost(last, PREFIX_COMPLETE_BOOST), Prefix(field, terms[-1]))) if words.prefix else last)
        per_language.append(Bool(must=tuple(units)))
    return _any(per_language)


# --- Typos --------------------------------------------------------------------------------------------


def one_edit_apart(a: str, b: str) -> bool:
    """Whether `b` is `a` with one letter changed, added, removed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    return a[i:] == b[i + 1 :]


def corrections(words: Words, documents: Iterable[SearchDocument]) -> dict[str, str]:
    """Exact term → the word of the `documents` (hits of the typo fallback) it most likely misspells.

    A word is corrected when some document holds a word one edit away from it (compared as match
    terms, as the fallback matched them) and none holds the word itself; the commonest candidate
    among the documents wins. Written like the visitor wrote: without tone marks if typed without."""
    candidates: dict[str, Counter[str]] = {}
    seen: set[str] = set()
    long_words = [term for term in dict.fromkeys(words.words) if len(term) >= FUZZY_MIN_LENGTH]
    if not long_words:
        return {}
    for document in documents:
        analysis = analyser(document.locale)
        wanted = {analysis.match(term): term for term in long_words}
        text = " ".join(filter(None, (document.title, document.summary, document.body, document.transcript)))
        in_document: set[tuple[str, str]] = set()
        for term in set(exact_terms(text)):
            matched = analysis.match(term)
            if matched in wanted:
                seen.add(wanted[matched])
                continue
            for target, typed in wanted.items():
                if one_edit_apart(matched, target):
                    in_document.add((typed, term))
        for typed, term in in_document:
            candidates.setdefault(typed, Counter())[term] += 1
    found = {}
    for typed, counts in candidates.items():
        if typed in seen:
            continue
        # The commonest; then one edit from the word as typed; then the closest in length.
        best = max(
            counts,
            key=lambda term: (
                counts[term],
                one_edit_apart(fold(term), fold(typed)),
                -abs(len(term) - len(typed)),
                term,
            ),
        )
        found[typed] = best if fold(typed) != typed else fold(best)
    return found


def corrected_text(text: str, replacements: dict[str, str]) -> str:
    """`text` with each word whose exact term is in `replacements` replaced; the rest as typed."""
    if not replacements:
        return text
    out, position = [], 0
    prepared = unicodedata.normalize("NFC", text)
    for found in re.finditer(r"[^\W_]+(?:['\u2019\u02bc][^\W_]+)*", prepared):
        terms = exact_terms(found[0])
        if len(terms) == 1 and terms[0] in replacements:
            replacement = replacements[terms[0]]
            if found[0].isupper() and len(found[0]) > 1:
                replacement = replacement.upper()
            elif found[0][:1].isupper():
                replacement = replacement[:1].upper() + replacement[1:]
            out += [prepared[position : found.start()], replacement]
            position = found.end()
    out.append(prepared[position:])
    return "".join(out)
