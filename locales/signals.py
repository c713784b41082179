"""Signal handlers that keep the localization queue following the content.

- A source page published (Wagtail's `page_published`), a source snippet published (`published`,
  DraftStateMixin) or saved (`post_save`, other translatable snippets) → its queue items are
  created or refreshed (`locales.queue.ensure_queue_items`).
- A translated page or snippet published, a TranslationSource synced, a Translation started, a
  translated string saved or deleted → the existing items of that object (and locale) are
  refreshed and their last activity recorded. These never create items.
- A source object deleted → its items go.

Work runs once the transaction commits (`transaction.on_commit`), so it sees committed content
and a rolled-back publication leaves no trace. Within one transaction each piece of work is
queued once: scheduling the same work again moves it to the end (the demo loader saves
thousands of strings in one transaction; the items are refreshed once per object and locale).
Failures are logged, never raised into the editor's request: the publication already happened.

The other way round, `translation_state_changed` tells the site that what a translated page says
about itself (locales.templatetags.translation_notices: up to date, or outdated since a date) may
have changed: sent once the transaction commits, when a queue item changes status (reopened, done
again, …) or its out-of-date state (`locales.queue.refresh_item`). The project's page cache
subscribes to it; this app knows nothing of that cache.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Hashable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.signals import page_published, published
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from locales import conf

logger = logging.getLogger(__name__)

_state = threading.local()

translation_state_changed = Signal()
"""Sent with ``translation_key`` (the source object's) and ``locale_id`` (the target's) after commit."""


def announce_translation_state(translation_key, locale_id: int) -> None:
    """Send `translation_state_changed` for one object and target locale once the transaction commits."""

    def send() -> None:
        translation_state_changed.send(sender=None, translation_key=translation_key, locale_id=locale_id)

    transaction.on_commit(send)


def _pending() -> weakref.WeakValueDictionary:
    if not hasattr(_state, "pending"):
        _state.pending = weakref.WeakValueDictionary()
    return _state.pending


class _Job:
    """One piece of queue work, run on commit unless a later scheduling of the same work replaced it."""

    __slots__ = ("__weakref__", "cancelled", "key")

    def __init__(self, key: tuple) -> None:
        self.key = key
        self.cancelled = False

    def __call__(self) -> None:
        pending = _pending()
        if pending.get(self.key) is self:
            del pending[self.key]
        if self.cancelled:
            return
        _state.running = True
        try:
            _run(self.key)
        except Exception:
            logger.exception("The translation queue could not follow a content change (%s)", self.key)
        finally:
            _state.running = False


def schedule(key: Hashable) -> None:
    """Queue work for after the current transaction commits (at once outside a transaction)."""
    if getattr(_state, "running", False):
        return  # our own work triggers these signals: it already covers what they would ask for
    pending = _pending()
    previous = pending.get(key)
    if previous is not None:
        previous.cancelled = True
    job = _Job(key)
    pending[key] = job
    transaction.on_commit(job)


def _run(key: tuple) -> None:
    from locales.queue import ensure_queue_items, refresh_object

    if key[0] == "source":
        _kind, content_type_id, pk = key
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        instance = model._default_manager.filter(pk=pk).first() if model else None
        if instance is not None:
            ensure_queue_items(instance.specific if isinstance(instance, Page) else instance)
    elif key[0] == "object":
        _kind, translation_key, locale_id = key
        refresh_object(translation_key, locale_id, touch=True)


def _source_locale_id() -> int | None:
    return Locale.objects.filter(language_code=conf.source_language()).values_list("pk", flat=True).first()


def _content_changed(instance: TranslatableMixin) -> None:
    if instance.locale_id == _source_locale_id():
        model = Page if isinstance(instance, Page) else type(instance)
        schedule(("source", ContentType.objects.get_for_model(model).pk, instance.pk))
    else:
        schedule(("object", instance.translation_key, instance.locale_id))


def _is_translatable_snippet(instance) -> bool:
    if isinstance(instance, Page) or not isinstance(instance, TranslatableMixin):
        return False
    from locales.queue import translatable_snippet_models

    return any(isinstance(instance, model) for model in translatable_snippet_models())


@receiver(page_published)
def _on_page_published(sender, instance: Page, **kwargs) -> None:
    if instance.alias_of_id is None:
        _content_changed(instance)


@receiver(published)
def _on_published(sender, instance, **kwargs) -> None:
    if _is_translatable_snippet(instance):  # pages are handled by page_published
        _content_changed(instance)


@receiver(post_save)
def _on_snippet_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw or isinstance(instance, DraftStateMixin) or not isinstance(instance, TranslatableMixin):
        return
    if _is_translatable_snippet(instance):
        _content_changed(instance)


@receiver(post_delete)
def _on_delete(sender, instance, **kwargs) -> None:
    if not isinstance(instance, TranslatableMixin) or instance.locale_id != _source_locale_id():
        return
    from locales.models import QueueItem

    QueueItem.objects.filter(object_id=instance.translation_key).delete()


@receiver(post_save, sender="locales.QueueItem")
def _on_queue_item_saved(sender, instance, created: bool = False, raw: bool = False, update_fields=None, **kwargs):
    """A status change (QueueItem.transition saves "status") or a full save: the notice may change."""
    if raw or created:
        return
    if update_fields is None or "status" in update_fields:
        announce_translation_state(instance.object_id, instance.target_locale_id)


@receiver(post_save, sender=TranslationSource)
def _on_source_synced(sender, instance: TranslationSource, raw: bool = False, **kwargs) -> None:
    if not raw:
        schedule(("object", instance.object_id, None))


@receiver(post_save, sender=Translation)
def _on_translation_saved(sender, instance: Translation, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    object_id = TranslationSource.objects.filter(pk=instance.source_id).values_list("object_id", flat=True).first()
    if object_id is not None:
        schedule(("object", object_id, instance.target_locale_id))


@receiver(post_save, sender=StringTranslation)
@receiver(post_delete, sender=StringTranslation)
def _on_string_translated(sender, instance: StringTranslation, raw: bool = False, **kwargs) -> None:
    if raw or instance.context_id is None:
        return
    try:
        object_id = instance.context.object_id  # wagtail-localize's own handlers have loaded it already
    except ObjectDoesNotExist:
        return
    schedule(("object", object_id, instance.locale_id))
