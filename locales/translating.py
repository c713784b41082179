"""Translate an object through wagtail-localize's own machinery, from a table of known strings.

This is the one way our code (the demo loader, tests, later the translation memory) produces
a translation: it goes through `TranslationSource` → `Translation` → `StringTranslation` →
`save_target`, exactly as the translation editor does, so the result carries the same
records (translation key, source, per-segment provenance) as a translator's work.
"""

from collections.abc import Mapping

from django.db import transaction
from wagtail.models import DraftStateMixin, Locale, TranslatableMixin
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource


@transaction.atomic
def translate_object(
    instance: TranslatableMixin,
    locale: Locale,
    strings: Mapping[str, str],
    *,
    user=None,
    publish: bool = True,
    tool_name: str = "",
) -> TranslatableMixin:
    """Translate `instance` into `locale` using `strings` (source text → translated text).

    Every string segment of the source whose text is a key of `strings` receives that
    translation; segments missing from `strings` fall back to the source text, as
    wagtail-localize does for a partly translated object. Pages are published at once
    (inside the caller's transaction) unless `publish` is False. Returns the target instance.
    """
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)

    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = segment.string.data
        if text not in strings:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": strings[text],
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "tool_name": tool_name,
                "last_translated_by": user,
            },
        )

    if not isinstance(instance, DraftStateMixin):
        translation.save_target(user=user, publish=True)
        return translation.get_target_instance()

    # wagtail-localize publishes in transaction.on_commit with the page object it had in hand;
    # when a parent and its children are translated in one transaction, that stale object
    # overwrites the parent's tree counters. Save a draft, then publish it from the database now.
    translation.save_target(user=user, publish=False)
    target = translation.get_target_instance()
    if publish:
        target.get_latest_revision().publish(user=user)
        target.refresh_from_db()
    return target
