"""The localization queue's service layer: items created, numbers derived, outdated sources detected.

What this module owns:

- `ensure_queue_items(instance)`: one QueueItem per target locale (every Locale but the source
  language) for a live source page or translatable snippet; in "continuous" mode
  (locales.conf) it also refreshes wagtail-localize's TranslationSource at once.
- `refresh_item(item)` / `refresh_object(translation_key)`: the cached numbers, read from
  wagtail-localize's tables: segments of the TranslationSource (`StringSegment`), translated
  ones (`StringTranslation` in the target locale, as `Translation.get_progress()` counts them),
  words remaining.
- Out-of-date detection. A segment is identified by its content path and text (the same
  identity wagtail-localize translates by). When an item's translation is completed, the
  segments of the source it was made against are kept on the item (`baseline_segments`). A
  segment of the *live* source that is not among them and has no translation in the target
  locale is "new or changed"; the item is outdated while there are any. When a done or
  in-review item becomes outdated it is reopened, with an event giving the count. In manual
  mode the live source is compared without refreshing the TranslationSource, so the count
  shows before a translator syncs; progress and words remaining are about the stored source.
- QA: every refresh (a translated string saved, the source changed) runs `locales.qa` over the
  translation and keeps the number of blocking problems on the item.
- `sync_all()`: the same for every live source (the `locales_queue sync` command).

It works on wagtail-localize's generic models and Wagtail's Page/TranslatableMixin only; it
knows no page type and never imports `cms`. Signals that call it are in `locales.signals`.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    TranslatableObject,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from locales import conf, glossary
from locales.models import QueueItem, QueueItemEvent
from locales.qa import QAProblem, check_translation
from locales.signals import announce_translation_state

# --- what counts as a source --------------------------------------------------------------------


def source_locale() -> Locale | None:
    """The Locale of the source language (LOCALES_SOURCE_LANGUAGE), or None if it does not exist."""
    return Locale.objects.filter(language_code=conf.source_language()).first()


def translatable_snippet_models() -> list[type[models.Model]]:
    """Snippet models that wagtail-localize can translate (they use TranslatableMixin)."""
    from wagtail.snippets.models import get_snippet_models

    return [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]


def is_queue_source(instance: models.Model, *, source_locale_id: int | None = None) -> bool:
    """True for a live page (not the root, not an alias) or a live translatable snippet in the source locale."""
    if not isinstance(instance, TranslatableMixin):
        return False
    if source_locale_id is None:
        locale = source_locale()
        source_locale_id = locale.pk if locale else None
    if source_locale_id is None or instance.locale_id != source_locale_id:
        return False
    if isinstance(instance, Page):
        return instance.depth > 1 and instance.alias_of_id is None and instance.live
    if not any(isinstance(instance, model) for model in translatable_snippet_models()):
        return False
    return not isinstance(instance, DraftStateMixin) or instance.live


# --- segment fingerprints -----------------------------------------------------------------------


def segment_key(path: str, text: str) -> str:
    """A short fingerprint of one segment: its content path and its text."""
    return hashlib.sha1(f"{path}\x00{text}".encode()).hexdigest()[:16]


def live_segment_keys(instance: models.Model) -> list[str]:
    """Fingerprints of the string segments wagtail-localize would extract from `instance` now."""
    if isinstance(instance, Page):
        instance = instance.specific
    return [
        segment_key(segment.path, segment.string.data)
        for segment in extract_segments(instance)
        if isinstance(segment, StringSegmentValue)
    ]


def stored_segment_keys(source_id: int | None) -> set[str]:
    """Fingerprints of the string segments of a stored TranslationSource."""
    if source_id is None:
        return set()
    rows = StringSegment.objects.filter(source_id=source_id).values_list("context__path", "string__data")
    return {segment_key(path, text) for path, text in rows}


def word_count(text: str) -> int:
    return len(html.unescape(strip_tags(text)).split())


# --- the numbers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    total_segments: int
    translated_segments: int
    words_remaining: int
    translated_keys: frozenset[str]

    @property
    def complete(self) -> bool:
        return self.translated_segments >= self.total_segments


def measure(source_id: int | None, object_id, locale_id: int) -> Progress:
    """Progress of the translation of a TranslationSource into a locale, as wagtail-localize counts it.

    Two queries: the source's string segments, and the object's translated strings in the locale.
    """
    translations = StringTranslation.objects.filter(
        locale_id=locale_id, context__object_id=object_id, has_error=False
    ).values_list("translation_of_id", "context_id", "context__path", "translation_of__data")
    translated_pairs = set()
    translated_keys = set()
    for string_id, context_id, path, text in translations:
        translated_pairs.add((string_id, context_id))
        translated_keys.add(segment_key(path, text))
    total = translated = words = 0
    if source_id is not None:
        segments = StringSegment.objects.filter(source_id=source_id).values_list(
            "string_id", "context_id", "string__data"
        )
        for string_id, context_id, text in segments:
            total += 1
            if (string_id, context_id) in translated_pairs:
                translated += 1
            else:
                words += word_count(text)
    return Progress(total, translated, words, frozenset(translated_keys))


def _digest(keys: Iterable[str]) -> str:
    return hashlib.sha1("\n".join(sorted(keys)).encode()).hexdigest()


def _source_for(item: QueueItem) -> TranslationSource | None:
    return TranslationSource.objects.filter(
        object_id=item.object_id, locale__language_code=conf.source_language()
    ).first()


def _live_keys_of(source: TranslationSource | None) -> list[str] | None:
    if source is None:
        return None
    try:
        return live_segment_keys(source.get_source_instance())
    except models.ObjectDoesNotExist:
        return None


def qa_problems(translation: Translation | None) -> list[QAProblem]:
    """The QA problems of a translation as it stands, against the current glossary."""
    return check_translation(translation, glossary=glossary.entries()) if translation is not None else []


def qa_errors(translation: Translation | None) -> list[QAProblem]:
    """The problems that block finishing (warnings are shown but do not count)."""
    return [problem for problem in qa_problems(translation) if problem.severity == "error"]


@transaction.atomic
def refresh_item(item: QueueItem, *, live_keys: list[str] | None = None, touch: bool = False) -> QueueItem:
    """Recompute an item's derived numbers; mark it outdated and reopen it when the source changed.

    `live_keys` are the fingerprints of the live source (computed when not given). `touch` records
    translator activity (last_activity_at).
    """
    source = _source_for(item)
    if live_keys is None:
        live_keys = _live_keys_of(source)
    if live_keys is None:  # the source instance is gone: compare with what is stored
        live_keys = list(stored_segment_keys(source.pk if source else None))
    translation = (
        Translation.objects.filter(source=source, target_locale_id=item.target_locale_id).first() if source else None
    )
    progress = measure(source.pk if source else None, item.object_id, item.target_locale_id)

    baseline = set(item.baseline_segments)
    if translation is None:
        # Nothing translated yet: nothing can be out of date. Count changes from the source as it is now.
        baseline = set(live_keys)
        changed = 0
    else:
        changed = sum(1 for key in live_keys if key not in baseline and key not in progress.translated_keys)

    now = timezone.now()
    digest = _digest(live_keys)
    source_moved = digest != item.source_digest
    announce = source_moved and changed > 0  # the source as last seen moved on, and that left work to do

    shown_before = (item.outdated, item.source_changed_at)
    item.source = source
    item.translation = translation
    if source is not None:
        item.title = source.object_repr[:255]
    item.total_segments = progress.total_segments
    item.translated_segments = progress.translated_segments
    item.words_remaining = progress.words_remaining
    item.changed_segments = changed
    item.outdated = changed > 0
    item.qa_problem_count = len(qa_errors(translation))
    item.qa_checked_at = now
    item.baseline_segments = sorted(baseline)
    if source_moved and item.source_digest:
        item.source_changed_at = now
    item.source_digest = digest
    fields = [
        "source",
        "translation",
        "title",
        "total_segments",
        "translated_segments",
        "words_remaining",
        "changed_segments",
        "outdated",
        "baseline_segments",
        "source_changed_at",
        "source_digest",
        "qa_problem_count",
        "qa_checked_at",
    ]
    if touch or announce:
        item.last_activity_at = now
        fields.append("last_activity_at")
    item.save(update_fields=fields)
    if (item.outdated, item.source_changed_at) != shown_before:  # what the translated page tells its readers
        announce_translation_state(item.object_id, item.target_locale_id)

    if announce:
        status = QueueItem.objects.filter(pk=item.pk).values_list("status", flat=True).get()
        payload = {"changed_segments": changed}
        if status in (QueueItem.Status.DONE, QueueItem.Status.IN_REVIEW):
            item.transition(
                QueueItem.Status.REOPENED, user=None, kind=QueueItemEvent.Kind.SOURCE_CHANGED, payload=payload
            )
        else:
            QueueItemEvent.objects.create(
                item=item, created_at=now, kind=QueueItemEvent.Kind.SOURCE_CHANGED, payload=payload
            )
    return item


def refresh_object(translation_key, locale_id: int | None = None, *, touch: bool = False) -> list[QueueItem]:
    """Refresh the existing items of one source object (all target locales, or one). Creates none."""
    items = list(QueueItem.objects.filter(object_id=translation_key).order_by("pk"))
    if locale_id is not None:
        items = [item for item in items if item.target_locale_id == locale_id]
    if not items:
        return []
    live_keys = _live_keys_of(_source_for(items[0]))
    return [refresh_item(item, live_keys=live_keys, touch=touch) for item in items]


# --- creating items -----------------------------------------------------------------------------


@dataclass
class SyncReport:
    sources: int = 0
    created: int = 0
    reopened: int = 0

    def add(self, other: SyncReport) -> None:
        self.sources += other.sources
        self.created += other.created
        self.reopened += other.reopened


def ensure_queue_items(instance: models.Model) -> list[QueueItem]:
    """Create or refresh the queue items of a live source page or snippet, one per target locale.

    Returns the items (none when `instance` is not a source: another locale, not live, an alias).
    A new item for a locale whose translation is already complete starts as "done" (and is
    reopened at once if the live source has moved on since).
    """
    items, _report = _sync_source(instance)
    return items


@transaction.atomic
def _sync_source(instance: models.Model, *, locale: Locale | None = None) -> tuple[list[QueueItem], SyncReport]:
    report = SyncReport()
    if isinstance(instance, Page):
        instance = instance.specific
    locale = locale or source_locale()
    if locale is None or not is_queue_source(instance, source_locale_id=locale.pk):
        return [], report
    report.sources = 1

    obj, _created = TranslatableObject.objects.get_or_create_from_instance(instance)
    source = TranslationSource.objects.filter(object=obj, locale_id=instance.locale_id).first()
    targets = list(Locale.objects.exclude(pk=instance.locale_id).order_by("pk"))
    existing = {item.target_locale_id: item for item in QueueItem.objects.filter(object=obj)}

    # What a new item's translation was made against: the stored source, before any refresh.
    stored_keys = stored_segment_keys(source.pk if source else None)
    initially_done = {
        target.pk
        for target in targets
        if target.pk not in existing and source is not None and _translation_complete(source, obj, target)
    }

    if source is None:
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        stored_keys = stored_segment_keys(source.pk)
    elif conf.is_continuous():
        source, _created = TranslationSource.update_or_create_from_instance(instance)

    live_keys = live_segment_keys(instance)
    content_type = ContentType.objects.get_for_model(type(instance))
    title = str(instance)[:255]
    items = []
    for target in targets:
        item = existing.get(target.pk)
        if item is None:
            status = QueueItem.Status.DONE if target.pk in initially_done else QueueItem.Status.TO_DO
            item = QueueItem.objects.create(
                object=obj,
                target_locale=target,
                content_type=content_type,
                source=source,
                title=title,
                status=status,
                baseline_segments=sorted(stored_keys),
            )
            QueueItemEvent.objects.create(item=item, kind=QueueItemEvent.Kind.CREATED, to_status=status)
            report.created += 1
        elif item.content_type_id != content_type.pk:
            item.content_type = content_type
            item.save(update_fields=["content_type"])
        status_before = item.status
        refresh_item(item, live_keys=live_keys)
        if item.status == QueueItem.Status.REOPENED and status_before != QueueItem.Status.REOPENED:
            report.reopened += 1
        items.append(item)
    return items, report


def _translation_complete(source: TranslationSource, obj: TranslatableObject, target: Locale) -> bool:
    """True when `source` was fully translated into `target` and the translated object exists."""
    if not Translation.objects.filter(source=source, target_locale=target).exists():
        return False
    if not obj.has_translation(target):
        return False
    return measure(source.pk, obj.pk, target.pk).complete


def live_sources() -> Iterator[models.Model]:
    """Every live source page (not the root, no aliases) and live translatable snippet."""
    locale = source_locale()
    if locale is None:
        return
    pages = Page.objects.live().filter(locale=locale, depth__gt=1, alias_of__isnull=True).order_by("path")
    yield from pages.specific()
    for model in translatable_snippet_models():
        objects = model._default_manager.filter(locale=locale)
        if issubclass(model, DraftStateMixin):
            objects = objects.filter(live=True)
        yield from objects.order_by("pk")


def sync_all() -> SyncReport:
    """Create and refresh queue items for every live source. Idempotent."""
    report = SyncReport()
    locale = source_locale()
    for instance in live_sources():
        _items, source_report = _sync_source(instance, locale=locale)
        report.add(source_report)
    return report
