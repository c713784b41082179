"""A translation memory that helps after a change: previous translations, fuzzy matches, leverage.

`locales.machine_translation` fills a segment when an earlier translation fits it exactly (or differs
only in directive numbers and glossary terms). This module is for everything else: it shows the
translator, for each segment of a wagtail-localize `Translation` that has no translation yet (new, or
changed since it was translated), what the memory knows, and lets them take it.

Public API (what the queue item page and the translation editor call)::

    suggestions_for(translation, segment_ids=None) -> dict[int, SegmentSuggestions]
        For each untranslated `StringSegment` of the translation's source (all of them, or those
        whose ids are given; other ids are ignored), keyed by segment id:
        * `previous`: the **previous translation of the same segment** — a translation into the target
          locale stored for the same `TranslationContext` (same object, same content path) of a source
          string that is no longer there, i.e. what this segment said before its source text changed
          (wagtail-localize keeps those `StringTranslation` rows when it refreshes a source). With the
          similarity of old and new source text (0–100) and a word-level diff of the source
          (`<del>`/`<ins>`, everything else escaped). When a context holds several segments (rich text
          split into paragraphs), the old string most like the new one is taken, and with several new
          or changed segments there only one at least `PREVIOUS_MIN_SCORE` alike.
        * `matches`: **fuzzy matches** — up to `MATCH_LIMIT` other translated strings of the same
          source → target locale pair whose source text is at least `MATCH_CUTOFF` % alike, best first,
          each with its score, the source text it translated and its translation, marked machine-made
          or human. Strings of the object being translated are left out (its own earlier versions are
          the `previous` translation), and so is the memory translator's own machine output (as in
          `locales.machine_translation`).
    leverage(translation) -> Leverage
        Segments filled (translated), fuzzy (untranslated, with a previous translation or a match at
        `MATCH_CUTOFF` % or more) and new (neither), with a translatable sentence for display.
    report(translation) -> MemoryReport
        Both at once, for a page that shows both (one pass over the segments).
    use_suggestion(translation, segment_id, string_translation_id, user) -> StringTranslation
        Stores an offered suggestion as the segment's translation (the caller checks permissions).

Similarity is `rapidfuzz.fuzz.ratio` on normalised text (`locales.qa.plain_text`, whitespace folded,
case folded): the edit-distance "percent alike" of CAT tools. It also gives an exact length window:
two texts of lengths a ≤ b can reach a ratio r only if a / b ≥ r / (200 − r) (0.6 at 75 %), so
candidates outside it are skipped without losing any match.

**Bounded.** The candidates of a locale pair are read once (one query), normalised, de-duplicated and
sorted by length into a `Memory`, kept per process. Rows this process saves or deletes are read again
by id before the next use (signals). Other processes' changes are found by an aggregate query (count,
newest id, newest update of the target locale's `StringTranslation` rows) made at most every
`RECHECK_SECONDS`; when it shows a change, only the rows added or updated since are read and merged (a
deletion makes it read everything again; a bulk `update()` that leaves `updated_at` alone is not seen:
call `forget()`). Looking up a segment is then a slice by length (bisect) and one
`rapidfuzz.process.extract` call with `score_cutoff`. `suggestions_for` costs a fixed number of
queries whatever the number of segments: the segments and their previous translations (and now and
then the freshness query and a read of what changed). bench/translation_memory.py times it at 10,000
stored segments (target: under 50 ms per segment).

Works on wagtail-localize's generic models only; knows no page type and never imports `cms`.
"""

from __future__ import annotations

import difflib
import html
import re
import threading
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from rapidfuzz import fuzz, process
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from locales.machine_translation import TOOL_NAME
from locales.qa import plain_text

MATCH_CUTOFF = 75
"""Fuzzy matches below this similarity (0–100) are not offered; a segment with one at or above it is "fuzzy"."""
MATCH_LIMIT = 5
"""Fuzzy matches offered per segment."""
PREVIOUS_MIN_SCORE = 50
"""Where a context holds several new or changed segments, an old string less alike than this is not taken for
one's previous text (with one, the context's old string is its previous text however much it changed)."""
RECHECK_SECONDS = 2.0
"""How stale a process's memory may get with respect to translations saved by other processes."""
MAX_LISTED_CONTEXTS = 500
PREVIOUS_TOOL_NAME = f"{TOOL_NAME}: previous translation"
MATCH_TOOL_NAME = f"{TOOL_NAME}: fuzzy match"
"""`tool_name` of a suggestion a translator took (stored as a manual translation: a person chose it).
Fixed names, never translated, like `locales.machine_translation.TOOL_NAME`."""

_WORDS = re.compile(r"\w+|[^\w\s]+|\s+")


def normalise(text: str) -> str:
    """The text compared: inline tags removed, entities decoded (NFC), whitespace and case folded."""
    return " ".join(plain_text(text).casefold().split())


def similarity(a: str, b: str) -> int:
    """How alike two normalised texts are, 0–100 (`rapidfuzz.fuzz.ratio`, rounded down)."""
    return int(fuzz.ratio(a, b))


def word_diff(old: str, new: str) -> SafeString:
    """What changed from `old` to `new` (plain texts), word by word: removed words in `<del>`, added in `<ins>`.

    Everything is escaped; whitespace runs are shown as one space.
    """
    before = _WORDS.findall(" ".join(old.split()))
    after = _WORDS.findall(" ".join(new.split()))
    parts = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = html.escape("".join(before[i1:i2])), html.escape("".join(after[j1:j2]))
        if operation == "equal":
            parts.append(added)
            continue
        if removed:
            parts.append(f"<del>{removed}</del>")
        if added:
            parts.append(f"<ins>{added}</ins>")
    return mark_safe("".join(parts))  # every piece above is escaped


# --- what is offered ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """An earlier translation offered for a segment."""

    string_translation_id: int
    score: int
    source_text: str
    """The source text it translated (plain text)."""
    translation: str
    """The translation as stored (it may hold the segment's inline tags)."""
    machine: bool
    tool_name: str = ""

    @property
    def translation_text(self) -> str:
        """The translation as plain text, for display."""
        return plain_text(self.translation)


@dataclass(frozen=True)
class PreviousTranslation(Suggestion):
    """What the same segment said before its source changed, and what changed in the source."""

    diff_html: SafeString = field(default_factory=lambda: mark_safe(""))


@dataclass(frozen=True)
class SegmentSuggestions:
    """What the memory knows for one untranslated segment."""

    segment_id: int
    source_text: str
    """The segment's source text now (plain text)."""
    path: str
    previous: PreviousTranslation | None
    matches: tuple[Suggestion, ...]

    @property
    def is_fuzzy(self) -> bool:
        """True when something at or above MATCH_CUTOFF is offered."""
        return bool(self.matches) or (self.previous is not None and self.previous.score >= MATCH_CUTOFF)

    @property
    def has_suggestions(self) -> bool:
        return self.previous is not None or bool(self.matches)

    def offered(self, string_translation_id: int) -> Suggestion | None:
        """The suggestion with this `StringTranslation` id, if it is offered for this segment."""
        for suggestion in (self.previous, *self.matches):
            if suggestion is not None and suggestion.string_translation_id == string_translation_id:
                return suggestion
        return None


@dataclass(frozen=True)
class Leverage:
    """How much of an item the memory covers: segments translated, fuzzy, new."""

    total: int
    filled: int
    fuzzy: int

    @property
    def new(self) -> int:
        return max(self.total - self.filled - self.fuzzy, 0)

    @property
    def sentence(self) -> str:
        """E.g. "12 of 40 segments filled, 5 fuzzy, 23 new", in the active language."""
        filled = ngettext(
            "%(filled)s of %(total)s segment filled", "%(filled)s of %(total)s segments filled", self.total
        ) % {"filled": self.filled, "total": self.total}
        fuzzy = ngettext("%(count)s fuzzy", "%(count)s fuzzy", self.fuzzy) % {"count": self.fuzzy}
        new = ngettext("%(count)s new", "%(count)s new", self.new) % {"count": self.new}
        return gettext("%(filled)s, %(fuzzy)s, %(new)s") % {"filled": filled, "fuzzy": fuzzy, "new": new}


@dataclass(frozen=True)
class MemoryReport:
    leverage: Leverage
    suggestions: dict[int, SegmentSuggestions]


# --- the memory of one locale pair -------------------------------------------------------------------------


class _Member(NamedTuple):
    """One stored `StringTranslation` behind an entry."""

    pk: int
    machine: bool
    tool_name: str
    object_id: object
    updated: float

    @property
    def rank(self) -> tuple:
        """Smaller is better: a person's translation before a machine's, then the newest."""
        return (self.machine, -self.updated, -self.pk)


class _Entry(NamedTuple):
    """One (source text, translation) pair of the memory, with every stored row that holds it."""

    text: str
    """The source text, normalised: what is compared."""
    source_text: str
    translation: str
    members: dict[int, _Member]

    def suggestion(self, score: float) -> Suggestion:
        best = min(self.members.values(), key=lambda member: member.rank)
        return Suggestion(best.pk, int(score), self.source_text, self.translation, best.machine, best.tool_name)

    def only_in(self, object_id) -> bool:
        return all(member.object_id == object_id for member in self.members.values())


_ROW_FIELDS = (
    "pk",
    "translation_of__locale_id",
    "translation_of__data",
    "data",
    "translation_type",
    "tool_name",
    "has_error",
    "context__object_id",
    "updated_at",
)


class Memory:
    """Translated strings from one source locale into one target locale, normalised and sorted by length.

    Kept up to date by `refresh` (the first call reads every row of the target locale; later ones read
    only the rows added or updated since the last one, or everything again when rows were deleted) and
    by `refresh_rows` (the rows this process saved or deleted, read by id). Entries are replaced, never
    changed in place, and the sorted index is swapped in one assignment, so a lookup running in another
    thread sees the memory before or after a refresh, never half of it.
    """

    def __init__(self, source_locale_id: int, target_locale_id: int) -> None:
        self.source_locale_id = source_locale_id
        self.target_locale_id = target_locale_id
        self.stamp: tuple | None = None
        self.checked_at = float("-inf")
        self.pending: set[int] = set()
        """Ids of rows of the target locale this process saved or deleted since they were last read."""
        self._entries: dict[tuple[str, str], _Entry] = {}
        self._key_of: dict[int, tuple[str, str]] = {}
        self._index: tuple[list[str], list[int], list[_Entry]] = ([], [], [])
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._index[2])

    @property
    def texts(self) -> list[str]:
        return self._index[0]

    def _rows(self):
        return StringTranslation.objects.filter(locale_id=self.target_locale_id)

    def current_stamp(self) -> tuple:
        """What identifies the stored rows' state: how many, the newest id, the newest update (one query)."""
        found = self._rows().aggregate(count=Count("pk"), last=Max("pk"), updated=Max("updated_at"))
        return (found["count"], found["last"], found["updated"])

    def refresh(self) -> None:
        """Bring the memory up to date with the database (one query when nothing changed)."""
        stamp = self.current_stamp()
        with self._lock:
            if stamp == self.stamp:
                return
            rows = self._rows()
            if self.stamp is not None and self.stamp[0]:
                _count, last, updated = self.stamp
                rows = rows.filter(Q(pk__gt=last) | Q(updated_at__gte=updated))
            changed = list(rows.values_list(*_ROW_FIELDS))
            added = sum(1 for row in changed if self.stamp is None or row[0] > (self.stamp[1] or 0))
            if self.stamp is not None and stamp[0] != self.stamp[0] + added:  # rows were deleted: start again
                self._entries, self._key_of = {}, {}
                changed = list(self._rows().values_list(*_ROW_FIELDS))
            for row in changed:
                self._merge(*row)
            self._reindex()
            self.stamp = stamp

    def refresh_rows(self, pks: set[int]) -> None:
        """Read these rows again by id (one query): saved ones are merged, missing ones forgotten."""
        with self._lock:
            found = {row[0]: row for row in self._rows().filter(pk__in=pks).values_list(*_ROW_FIELDS)}
            for pk in pks:
                if pk in found:
                    self._merge(*found[pk])
                else:
                    self._remove(pk)
            self._reindex()

    def _reindex(self) -> None:
        ordered = sorted(self._entries.values(), key=lambda entry: len(entry.text))
        texts = [entry.text for entry in ordered]
        self._index = (texts, [len(text) for text in texts], ordered)

    def _remove(self, pk: int) -> None:
        key = self._key_of.pop(pk, None)
        if key is None:
            return
        entry = self._entries[key]
        members = {other: member for other, member in entry.members.items() if other != pk}
        if members:
            self._entries[key] = entry._replace(members=members)
        else:
            del self._entries[key]

    def _merge(self, pk, source_locale_id, source, data, kind, tool_name, has_error, object_id, updated_at) -> None:
        self._remove(pk)
        machine = kind == StringTranslation.TRANSLATION_TYPE_MACHINE
        if source_locale_id != self.source_locale_id or has_error or not data:
            return
        if machine and tool_name.startswith(TOOL_NAME):
            return  # the memory translator's own output is not memory (as in locales.machine_translation)
        source_text = plain_text(source)
        text = " ".join(source_text.casefold().split())
        if not text:
            return
        key = (text, data)
        member = _Member(pk, machine, tool_name, object_id, updated_at.timestamp() if updated_at else 0.0)
        entry = self._entries.get(key)
        members = {**entry.members, pk: member} if entry is not None else {pk: member}
        self._entries[key] = _Entry(text, source_text, data, members)
        self._key_of[pk] = key

    def window(self, length: int, cutoff: float = MATCH_CUTOFF) -> tuple[int, int]:
        """Index range of the texts long enough and short enough to reach `cutoff` against a text of `length`."""
        factor = cutoff / (200 - cutoff)
        lengths = self._index[1]
        return bisect_left(lengths, length * factor), bisect_right(lengths, length / factor)

    def matches(self, text: str, *, exclude_object=None, limit: int = MATCH_LIMIT) -> list[Suggestion]:
        """The best `limit` entries at least MATCH_CUTOFF alike to the normalised `text`, best first.

        Entries found only in `exclude_object` are left out: asked for a few more than `limit` and
        filtered after scoring, asked again without a limit in the rare case that is not enough.
        """
        if not text:
            return []
        texts, lengths, ordered = self._index
        factor = MATCH_CUTOFF / (200 - MATCH_CUTOFF)
        start, stop = bisect_left(lengths, len(text) * factor), bisect_right(lengths, len(text) / factor)
        choices = texts[start:stop]
        ask = limit + 5
        while True:
            found = process.extract(
                text, choices, scorer=fuzz.ratio, processor=None, limit=ask, score_cutoff=MATCH_CUTOFF
            )
            kept = [
                ordered[start + index].suggestion(score)
                for _choice, score, index in found
                if exclude_object is None or not ordered[start + index].only_in(exclude_object)
            ]
            if len(kept) >= limit or ask is None or len(found) < ask:
                return kept[:limit]
            ask = None


_memories: dict[tuple[int, int], Memory] = {}
_memories_lock = threading.Lock()


@receiver(post_save, sender=StringTranslation)
@receiver(post_delete, sender=StringTranslation)
def _string_translation_changed(sender, instance: StringTranslation, **kwargs) -> None:
    """A translation saved or deleted in this process: the memories of its locale read it again before next use."""
    with _memories_lock:
        for memory in _memories.values():
            if memory.target_locale_id == instance.locale_id:
                memory.pending.add(instance.pk)


def memory_for(source_locale_id: int, target_locale_id: int) -> Memory:
    """The memory of a locale pair: up to date with this process's own saves, and at most RECHECK_SECONDS
    behind other processes' (their changes are found by the freshness query, made at most that often)."""
    key = (source_locale_id, target_locale_id)
    with _memories_lock:
        memory = _memories.get(key)
        if memory is None:
            memory = _memories[key] = Memory(source_locale_id, target_locale_id)
        pending, memory.pending = memory.pending, set()
    now = time.monotonic()
    if now - memory.checked_at >= RECHECK_SECONDS:
        memory.refresh()  # also covers the pending rows
        memory.checked_at = now
    elif pending:
        memory.refresh_rows(pending)
    return memory


def forget() -> None:
    """Drop every cached memory (tests; after bulk `update()`s that leave `updated_at` as it was)."""
    with _memories_lock:
        _memories.clear()


# --- segments of a translation -----------------------------------------------------------------------------


class _Segment(NamedTuple):
    pk: int
    string_id: int
    context_id: int
    text: str
    path: str
    translated: bool


def _segments(translation: Translation, segment_ids: list[int] | None = None) -> list[_Segment]:
    """The translation's string segments in order, each marked translated or not (one query).

    With `segment_ids`, only the segments sharing a context with one of them (what the previous
    translations of those segments are chosen among).
    """
    done = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=translation.target_locale_id,
        has_error=False,
    )
    segments = StringSegment.objects.filter(source_id=translation.source_id)
    if segment_ids is not None:
        contexts = StringSegment.objects.filter(source_id=translation.source_id, pk__in=segment_ids)
        segments = segments.filter(context_id__in=contexts.values("context_id"))
    rows = (
        segments.annotate(translated=Exists(done))
        .order_by("order", "pk")
        .values_list("pk", "string_id", "context_id", "string__data", "context__path", "translated")
    )
    return [_Segment(*row) for row in rows]


def _previous_translations(
    translation: Translation, segments: list[_Segment], wanted: list[_Segment]
) -> dict[int, PreviousTranslation]:
    """For each wanted segment, the best old translation in its context (one query)."""
    if not wanted:
        return {}
    contexts = {segment.context_id for segment in wanted}
    if len(contexts) > MAX_LISTED_CONTEXTS:  # a large item: let the database list them
        contexts = StringSegment.objects.filter(source_id=translation.source_id).values("context_id")
    current = defaultdict(set)  # context → strings it holds now
    untranslated = defaultdict(int)  # context → how many of its segments are new or changed
    for segment in segments:
        current[segment.context_id].add(segment.string_id)
        untranslated[segment.context_id] += not segment.translated
    # Every language's rows of these contexts, the target's kept below: filtering the locale in SQL makes
    # SQLite walk the (locale, string, context) index over the whole locale instead of the context index.
    rows = (
        StringTranslation.objects.filter(context_id__in=contexts, has_error=False)
        .exclude(data="")
        .order_by("-updated_at", "-pk")
        .values_list(
            "pk",
            "locale_id",
            "context_id",
            "translation_of_id",
            "translation_of__data",
            "data",
            "translation_type",
            "tool_name",
        )
    )
    old = defaultdict(list)
    for pk, locale_id, context_id, string_id, source, data, kind, tool_name in rows:
        if locale_id == translation.target_locale_id and string_id not in current[context_id]:
            old[context_id].append((pk, source, data, kind, tool_name))

    found = {}
    for segment in wanted:
        candidates = old.get(segment.context_id)
        if not candidates:
            continue
        new_text = normalise(segment.text)
        best, best_score = None, -1
        for candidate in candidates:  # newest first: a tie keeps the newest
            score = similarity(normalise(candidate[1]), new_text)
            if score > best_score:
                best, best_score = candidate, score
        if untranslated[segment.context_id] > 1 and best_score < PREVIOUS_MIN_SCORE:
            continue
        pk, source, data, kind, tool_name = best
        old_text, new_plain = plain_text(source), plain_text(segment.text)
        found[segment.pk] = PreviousTranslation(
            pk,
            best_score,
            old_text,
            data,
            kind == StringTranslation.TRANSLATION_TYPE_MACHINE,
            tool_name,
            diff_html=word_diff(old_text, new_plain),
        )
    return found


def _suggest(
    translation: Translation, segments: list[_Segment], wanted: list[_Segment]
) -> dict[int, SegmentSuggestions]:
    if not wanted:
        return {}
    previous = _previous_translations(translation, segments, wanted)
    source = translation.source
    memory = memory_for(source.locale_id, translation.target_locale_id)
    return {
        segment.pk: SegmentSuggestions(
            segment_id=segment.pk,
            source_text=plain_text(segment.text),
            path=segment.path,
            previous=previous.get(segment.pk),
            matches=tuple(memory.matches(normalise(segment.text), exclude_object=source.object_id)),
        )
        for segment in wanted
    }


def suggestions_for(translation: Translation, segment_ids: list[int] | None = None) -> dict[int, SegmentSuggestions]:
    """What the memory offers for the untranslated segments of `translation` (see the module docstring)."""
    ids = None if segment_ids is None else [int(pk) for pk in segment_ids]
    wanted_ids = None if ids is None else set(ids)
    segments = _segments(translation, ids)
    wanted = [
        segment for segment in segments if not segment.translated and (wanted_ids is None or segment.pk in wanted_ids)
    ]
    return _suggest(translation, segments, wanted)


def report(translation: Translation) -> MemoryReport:
    """Leverage and suggestions of every untranslated segment, in one pass."""
    segments = _segments(translation)
    suggestions = _suggest(translation, segments, [segment for segment in segments if not segment.translated])
    fuzzy = sum(1 for found in suggestions.values() if found.is_fuzzy)
    filled = sum(1 for segment in segments if segment.translated)
    return MemoryReport(Leverage(total=len(segments), filled=filled, fuzzy=fuzzy), suggestions)


def leverage(translation: Translation) -> Leverage:
    """Segments filled, fuzzy and new (see `Leverage`)."""
    return report(translation).leverage


# --- taking a suggestion -----------------------------------------------------------------------------------


@transaction.atomic
def use_suggestion(translation: Translation, segment_id: int, string_translation_id: int, user) -> StringTranslation:
    """Store the offered suggestion `string_translation_id` as the translation of segment `segment_id`.

    Stored like a translator's own edit in wagtail-localize's editor (a manual `StringTranslation`,
    `last_translated_by` the user), with `tool_name` saying it came from the memory. Raises
    ValidationError (in the user's language, nothing changed) when the segment is not an untranslated
    segment of this translation, the suggestion is not offered for it, or the result does not fit the
    segment's inline tags and links. Permissions are the caller's.
    """
    segment = (
        StringSegment.objects.filter(pk=segment_id, source_id=translation.source_id)
        .select_related("string", "context")
        .first()
    )
    if segment is None:
        raise ValidationError(gettext("This segment is not part of the translation."), code="unknown_segment")
    found = suggestions_for(translation, [segment.pk]).get(segment.pk)
    if found is None:
        raise ValidationError(gettext("This segment has been translated meanwhile."), code="translated")
    suggestion = found.offered(string_translation_id)
    if suggestion is None:
        raise ValidationError(gettext("This suggestion is no longer offered for the segment."), code="not_offered")
    tool_name = PREVIOUS_TOOL_NAME if suggestion is found.previous else MATCH_TOOL_NAME
    stored, _created = StringTranslation.objects.update_or_create(
        translation_of=segment.string,
        locale_id=translation.target_locale_id,
        context=segment.context,
        defaults={
            "data": suggestion.translation,
            "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            "tool_name": tool_name,
            "last_translated_by": user if getattr(user, "is_authenticated", False) else None,
            "has_error": False,
            "field_error": "",
        },
    )
    if stored.has_error:  # wagtail-localize's own check: tags or links that do not fit this segment (rolled back)
        raise ValidationError(
            gettext("The suggestion's links or formatting do not fit this segment: translate it in the editor."),
            code="does_not_fit",
        )
    return stored
