"""Highlighted snippets of search hits, the same for every backend.

This module owns choosing the passage of a hit's text to show and marking in it the words the
query matched, compared the way search/relevance.py matched them: match terms of the document's
language, the start of the word being typed, one edit away in the typo fallback. The result is
HTML: matched words in <mark>, everything else escaped. It knows nothing of engines.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from search.analysis import WORD, Analyser, analyser, exact_term, exact_term_list, prepared
from search.documents import SearchDocument
from search.relevance import FUZZY_MIN_LENGTH, Words, one_edit_apart, optional_positions

SNIPPET_CHARS = 200
LEAD_CHARS = 40
"""Characters of context kept before the first marked word."""
SNIPPET_PARTS = ("body", "transcript", "summary")
"""Where a snippet is looked for, in order."""


FIRST_LOOK_CHARS = 600
"""A passage is looked for in the start of a text first (the whole text is read only if none is there)."""
SCAN_CHARS = 20_000
"""Only the start of a long text (a transcript) is read for a passage."""
MAX_MARKS = 50
"""Places of one word looked for: enough to find the best passage of a long text."""


@dataclass
class Marker:
    """What to mark in the text of one language; remembers its verdict on every word it has read."""

    analysis: Analyser
    terms: frozenset[str]
    """Match terms of the words (optional function words left out)."""
    prefix: str = ""
    """Prefix term of the word being typed."""
    fuzzy: bool = False
    seen: dict[str, str] = field(default_factory=dict)
    matching: set[str] = field(default_factory=set)
    """The words read so far that match (a set, so a text's words are checked against it at C speed)."""

    def _key(self, word: str) -> str:
        term = exact_term(word)
        matched = self.analysis.match(term)
        if matched in self.terms:
            return matched
        if self.prefix and self.analysis.prefix(term).startswith(self.prefix):
            return self.prefix
        if self.fuzzy and len(term) >= FUZZY_MIN_LENGTH:
            for target in self.terms:
                if len(target) >= FUZZY_MIN_LENGTH - 1 and one_edit_apart(matched, target):
                    return target
        return ""

    def key(self, word: str) -> str:
        """Which query word a word of `prepared` text matches ("" for none)."""
        found = self.seen.get(word)
        if found is None:
            found = self.seen[word] = self._key(word)
        return found

    def marks(self, term: str) -> bool:
        return bool(self.key(term))

    def matched(self, words: set[str]) -> set[str]:
        """Those of `words` that match: judged once per word and search, the words new to this
        search at once (their match terms through the analysis caches, at C speed)."""
        new = list(words - self.seen.keys())
        if new:
            if self.prefix or self.fuzzy:
                keys = [self._key(word) for word in new]
            else:
                terms = self.terms
                keys = [term if term in terms else "" for term in self.analysis.match_terms(exact_term_list(new))]
            self.seen.update(zip(new, keys, strict=True))
            self.matching.update(word for word, key in zip(new, keys, strict=True) if key)
        return words & self.matching


def marker(words: Words, language: str, fuzzy: bool = False) -> Marker:
    analysis = analyser(language)
    optional = optional_positions(words, language)
    terms = {analysis.match(term) for i, term in enumerate(words.words) if i not in optional}
    terms |= {analysis.match(term) for phrase in words.phrases for term in phrase}
    prefix = analysis.prefix(words.words[-1]) if words.prefix and words.words else ""
    if prefix:
        terms.discard(analysis.match(words.words[-1]))
    return Marker(analysis, frozenset(terms), prefix, fuzzy)


def leading_text(text: str) -> str:
    """The start of `text`, escaped, when nothing in it was matched."""
    if len(text) <= SNIPPET_CHARS:
        return html.escape(text)
    cut = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] or text[:SNIPPET_CHARS]
    return html.escape(cut) + "…"


def _best_window(hits: list[tuple[int, int, str]]) -> tuple[int, list[tuple[int, int, str]]]:
    """(start, hits in it) of the window of SNIPPET_CHARS - LEAD_CHARS characters from a hit that holds
    the most different query words, then the most matches; the earliest wins a tie."""
    best: tuple[int, int] = (-1, -1)
    chosen: list[tuple[int, int, str]] = []
    hits = hits[:MAX_MARKS]
    for k, (start, _end, _key) in enumerate(hits):
        inside = [hit for hit in hits[k:] if hit[0] < start + SNIPPET_CHARS - LEAD_CHARS]
        score = (len({key for _s, _e, key in inside}), len(inside))
        if score > best:
            best, chosen = score, inside
    return chosen[0][0], chosen


def _found(lowered: str, word: str, key: str) -> Iterator[tuple[int, int, str]]:
    """Where `word` stands as a whole word in `lowered`, at most MAX_MARKS times."""
    start, count = lowered.find(word), 0
    while start >= 0 and count < MAX_MARKS:
        end = start + len(word)
        if (start == 0 or not lowered[start - 1].isalnum()) and (end == len(lowered) or not lowered[end].isalnum()):
            yield start, end, key
            count += 1
        start = lowered.find(word, end)


def highlighted(text: str, mark: Marker) -> str | None:
    """The passage of `text` with the most matched words within SNIPPET_CHARS, or None if none is.

    The distinct words of the text are judged once each; the matched ones are then found with
    plain string search: the cost is a regular expression pass and a dictionary look-up per
    distinct word, whatever the number of matches. Only the first SCAN_CHARS characters are read."""
    text = unicodedata.normalize("NFC", text)
    for limit in (FIRST_LOOK_CHARS, SCAN_CHARS):
        lowered = prepared(text[:limit])
        if marked := mark.matched(set(WORD.findall(lowered))):
            break
        if len(text) <= limit:
            return None
    else:
        return None
    hits = sorted(hit for word in marked for hit in _found(lowered, word, mark.seen[word]))
    if not hits:
        return None
    anchor, inside = _best_window(hits)
    first = 0 if anchor <= LEAD_CHARS else lowered.find(" ", anchor - LEAD_CHARS, anchor) + 1 or anchor
    if len(text) <= first + SNIPPET_CHARS:
        last = len(text)
    else:
        last = max(lowered.rfind(" ", first, first + SNIPPET_CHARS), inside[0][1])
        inside = [hit for hit in inside if hit[1] <= last]
    out = ["…" if first > 0 else ""]
    position = first
    for start, end, _key in inside:
        out += [html.escape(text[position:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        position = end
    out += [html.escape(text[position:last]), "…" if last < len(text) else ""]
    return "".join(out)


class Snippets:
    """Snippets for the hits of one search (markers made once per language)."""

    def __init__(self, words: Words | None, fuzzy: bool = False) -> None:
        self.words = words if words is not None and not words.is_empty else None
        self.fuzzy = fuzzy
        self.markers: dict[str, Marker] = {}

    def _marker(self, language: str) -> Marker:
        if language not in self.markers:
            self.markers[language] = marker(self.words, language, self.fuzzy)  # type: ignore[arg-type]
        return self.markers[language]

    def snippet(self, document: SearchDocument) -> str:
        if self.words is not None:
            mark = self._marker(analyser(document.locale).code)
            for part in SNIPPET_PARTS:
                text = getattr(document, part)
                if text and (found := highlighted(text, mark)) is not None:
                    return found
        return leading_text(document.summary or document.body or document.transcript)
