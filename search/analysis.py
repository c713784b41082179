"""Language analysis shared by every search backend: text in, index terms out.

This module owns what a *word* is to search, in each language of the site. Both backends index
and query the terms it produces (Tantivy through a whitespace tokenizer, Elasticsearch through a
whitespace analyzer), so the engines cannot disagree about words. It knows nothing of pages,
engines or query syntax (search/relevance.py turns terms into queries).

Every word of a text is first read into an **exact** term, the same whatever the language:
Unicode NFC, lower case, one apostrophe inside words (``' ’ ‘ ` ´`` → ``ʼ``), Latin letters that look like
Cyrillic ones made Cyrillic inside a word that has Cyrillic letters (``цифровi`` typed with a Latin
``i`` is ``цифрові``), and Vietnamese tone marks in one placement (``hoá`` = ``hóa``, ``thuỷ`` =
``thủy``). Exact terms rank: exact tones, exact word forms and exact phrases come first.

From the exact term each language derives

* a **match** term, which decides whether a document matches: folded (đ→d, tone marks dropped) for
  Vietnamese and any language without rules of its own; English folded, British spelling read as
  US (``languages/en.variants``: programme, organisation, centre, -ise) and then stemmed (Snowball,
  through Tantivy's stemmer used as a library); Ukrainian lemmatised with simplemma (MIT, a
  dictionary lemmatiser: ``цифрової`` → ``цифровий``), since neither engine has a Ukrainian stemmer;
* a **prefix** term, which a word being typed is compared with: folded, never stemmed or lemmatised.

Function words (``languages/<code>.stopwords``) are optional in a query of three or more words.
The languages are the site's (settings.LANGUAGES); a code takes the rules registered for it in
`rules_for` (the SEARCH_LANGUAGE_ANALYSIS setting). Analysis is cached per distinct word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from search import conf

DATA = Path(__file__).with_name("languages")
MAX_TERM_LENGTH = 40
"""Longer words are cut to this many characters (the same on both sides, so they still match)."""
CACHE_LIMIT = 300_000
"""Distinct words remembered per cache before it is emptied (the memory a long rebuild may use)."""
SHORT_TEXT = 60
"""Texts up to this long (theme labels, directive numbers) are remembered whole once analysed."""

APOSTROPHE = "\u02bc"
"""The one apostrophe of exact terms: U+02BC, a letter to Unicode, so ``памʼять`` is one word."""
WORD = re.compile(r"\w+")
"""A word of `prepared` text: letters and digits, apostrophes inside included."""
_APOSTROPHES = re.compile("(?<=\\w)['\u2019\u2018\u0060\u00b4\u02b9\u2032\uff07](?=\\w)")
"""Apostrophes between letters (``пам'ять``, ``пам’ять``, ``don't``): written as `APOSTROPHE`."""
_APOSTROPHE_CHARACTERS = "'\u2019\u2018\u0060\u00b4\u02b9\u2032\uff07"
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[a-z\u00e0-\u024f]")
_LATIN_TO_CYRILLIC = str.maketrans(
    {
        "a": "а",
        "b": "в",
        "c": "с",
        "e": "е",
        "h": "н",
        "i": "і",
        "k": "к",
        "m": "м",
        "o": "о",
        "p": "р",
        "t": "т",
        "x": "х",
        "y": "у",
        "ï": "ї",
    }
)
"""Latin letters that look like Cyrillic ones (in lower case, after lower-casing the capitals)."""
_OLD_TONE_PLACEMENT = {
    f"{vowel}{marked}": f"{unicodedata.normalize('NFC', vowel + mark)}{plain}"
    for vowel, plain, marks in (("o", "a", "àáảãạ"), ("o", "e", "èéẻẽẹ"), ("u", "y", "ỳýỷỹỵ"))
    for marked in marks
    for mark in [unicodedata.normalize("NFD", marked)[1:]]
}
"""``oá`` → ``óa``, ``uỷ`` → ``ủy``: the mark on the first vowel of a final oa/oe/uy."""
_TONE_PLACEMENT = re.compile("(?<!q)(" + "|".join(_OLD_TONE_PLACEMENT) + ")$")


def _fold_table() -> dict[int, str]:
    """Latin letters with marks → their base letter (đ → d too); other scripts untouched."""
    table = {ord("đ"): "d", ord("Đ"): "D", ord("ß"): "ss", ord("æ"): "ae", ord("œ"): "oe", ord("ø"): "o", ord("ł"): "l"}
    for block in (range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        for code in block:
            base = unicodedata.normalize("NFD", chr(code))[0]
            if base != chr(code) and base.isascii() and base.isalpha():
                table.setdefault(code, base)
    return table


_FOLD = _fold_table()


def fold(term: str) -> str:
    """Latin letters without their marks (``đảng`` → ``dang``); Cyrillic й, ї stay letters of their own."""
    return term.translate(_FOLD)


def _remember(memo: dict[str, str], key: str, value: str) -> str:
    if len(memo) >= CACHE_LIMIT:
        memo.clear()
    memo[key] = value
    return value


def _exact(word: str) -> str:
    term = word[:MAX_TERM_LENGTH]
    if _CYRILLIC.search(term) and _LATIN.search(term):
        term = term.translate(_LATIN_TO_CYRILLIC)
    return _TONE_PLACEMENT.sub(lambda found: _OLD_TONE_PLACEMENT[found[1]], term)


_EXACT: dict[str, str] = {}


def prepared(text: str) -> str:
    """`text` in NFC, lower case, with one apostrophe inside words and no underscores: where `WORD`
    finds the words. Each character of NFC text stays one character (a capital whose lower case is
    longer is left as it is)."""
    text = unicodedata.normalize("NFC", text)
    if any(apostrophe in text for apostrophe in _APOSTROPHE_CHARACTERS):
        text = _APOSTROPHES.sub(APOSTROPHE, text)
    if "_" in text:
        text = text.replace("_", " ")
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    return lowered


def exact_term(word: str) -> str:
    """The exact term of one word found by `WORD` in `prepared` text."""
    return _EXACT.get(word) or _remember(_EXACT, word, _exact(word))


_MAY_CHANGE = re.compile("[\u0400-\u04ff]|[ou][àáảãạèéẻẽẹỳýỷỹỵ]")
"""Text with Cyrillic letters (a Latin look-alike may hide in a word) or an old tone placement: its
words are read one by one; in any other text a word is its own exact term (unless too long)."""


def exact_term_list(words: list[str]) -> list[str]:
    """The exact terms of words found by `WORD` in `prepared` text."""
    return _mapped(_EXACT, _exact, words)


def exact_terms(text: str) -> list[str]:
    """The exact term of every word of `text`, in order."""
    text = prepared(text)
    words = WORD.findall(text)
    if words and not _MAY_CHANGE.search(text) and max(map(len, words)) <= MAX_TERM_LENGTH:
        return words
    return _mapped(_EXACT, _exact, words)


def _mapped(memo: dict[str, str], derive: Callable[[str], str], words: list[str]) -> list[str]:
    """`derive` of every word, through `memo`: a dictionary look-up per word, at C speed; only the
    words not seen before are derived."""
    out = list(map(memo.get, words))
    if None in out:
        if len(memo) >= CACHE_LIMIT:
            memo.clear()
        position = out.index(None)
        while True:
            word = words[position]
            value = memo.get(word)
            if value is None:
                value = memo[word] = derive(word)
            out[position] = value
            try:
                position = out.index(None, position + 1)
            except ValueError:
                break
    return out  # type: ignore[return-value]


# --- Languages ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """How a language derives match terms from exact ones."""

    fold: bool = True
    """Drop the marks of Latin letters (tones, accents; đ → d)."""
    stemmer: str | None = None
    """A Snowball language name (Tantivy's stemmer), applied after spelling variants."""
    lemmas: str | None = None
    """A simplemma language code: match terms are lemmas."""


def rules_for(code: str) -> Rules:
    """A language's rules from `SEARCH_LANGUAGE_ANALYSIS` (search.conf); a language not named there
    is folded only. Data files next to them: ``languages/<code>.stopwords`` (function words) and
    ``languages/<code>.variants`` (spelling read as another, before stemming)."""
    return Rules(**conf.language_analysis().get(code, {}))


def _data_lines(name: str) -> list[str]:
    path = DATA / name
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()[:1] not in ("", "#")]


class Analyser:
    """Match and prefix terms, and function words, of one language."""

    def __init__(self, code: str, rules: Rules) -> None:
        self.code = code
        self.rules = rules
        self.function_words = frozenset(term for line in _data_lines(f"{code}.stopwords") for term in exact_terms(line))
        self.variants = dict(line.split()[:2] for line in _data_lines(f"{code}.variants"))
        self._match: dict[str, str] = {}
        self._prefix: dict[str, str] = {}
        self._short: dict[str, tuple[str, str]] = {}
        self._stemmer = None
        if rules.stemmer:
            import tantivy

            self._stemmer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).filter(
                tantivy.Filter.stemmer(rules.stemmer)
            )
            self._stemmer = self._stemmer.build()

    def __repr__(self) -> str:
        return f"<Analyser {self.code}>"

    def _derive_match(self, term: str) -> str:
        if self.rules.fold:
            term = fold(term)
        term = self.variants.get(term, term)
        if self._stemmer is not None:
            stems = self._stemmer.analyze(term)
            term = stems[0] if stems else term
        if self.rules.lemmas:
            term = _lemma(term, self.rules.lemmas)
        return term

    def match(self, term: str) -> str:
        """The match term of an exact term."""
        return self._match.get(term) or _remember(self._match, term, self._derive_match(term))

    def prefix(self, term: str) -> str:
        """The prefix term of an exact term: folded if the language folds, never stemmed."""
        if not self.rules.fold:
            return term
        return self._prefix.get(term) or _remember(self._prefix, term, fold(term))

    def match_terms(self, terms: Iterable[str]) -> list[str]:
        return _mapped(self._match, self._derive_match, list(terms))

    def is_function_word(self, term: str) -> bool:
        return term in self.function_words

    def analyse(self, text: str) -> tuple[str, str]:
        """(exact terms, match terms) of `text`, each joined by spaces: what the backends index."""
        if len(text) <= SHORT_TEXT and (known := self._short.get(text)) is not None:
            return known
        exact = exact_terms(text)
        analysed = " ".join(exact), " ".join(_mapped(self._match, self._derive_match, exact))
        if len(text) <= SHORT_TEXT:
            _remember(self._short, text, analysed)  # type: ignore[arg-type]
        return analysed

    def prefix_text(self, text: str) -> str:
        """The prefix terms of `text`, joined by spaces (titles, for search as you type)."""
        return " ".join(self.prefix(term) for term in exact_terms(text))


def _lemma(term: str, language: str) -> str:
    if not term.isalpha() and "'" not in term:
        return term
    import simplemma  # loaded on first use: its dictionary takes about 70 MB and a second

    lemma = simplemma.lemmatize(term, lang=language).lower()
    return lemma if lemma and not any(char.isspace() for char in lemma) else term


def _base(code: str) -> str:
    return code.split("-")[0].lower()


def languages() -> tuple[str, ...]:
    """The site's languages (settings.LANGUAGES), as base codes, the default language first."""
    codes = [_base(settings.LANGUAGE_CODE), *(_base(code) for code, _name in settings.LANGUAGES)]
    return tuple(dict.fromkeys(codes))


def default_language() -> str:
    return languages()[0]


def language_of(locale: str | None) -> str:
    """The analysed language a locale's text goes into (``en-gb`` → ``en``; unknown → the default)."""
    code = _base(locale or "")
    return code if code in languages() else default_language()


@cache
def _analyser(code: str) -> Analyser:
    return Analyser(code, rules_for(code))


def analyser(locale: str | None) -> Analyser:
    """The analyser of a locale's language."""
    return _analyser(language_of(locale))
