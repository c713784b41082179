"""Settings of the locales app, with defaults, so the app can be lifted into another site.

LOCALES_SYNC_MODE        "continuous" (default): when a published source changes, wagtail-localize's
                         TranslationSource is refreshed at once, so translators see the new segments
                         immediately; "manual": the stored source is left as it was until a translator
                         syncs it (wagtail-localize's "Sync translated pages"). Either way the queue
                         item shows that it is outdated and how many segments are new or changed.
LOCALES_SOURCE_LANGUAGE  language code of the source locale (default "vi"); every other Locale is a
                         translation target.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CONTINUOUS = "continuous"
MANUAL = "manual"
SYNC_MODES = (CONTINUOUS, MANUAL)


def sync_mode() -> str:
    mode = getattr(settings, "LOCALES_SYNC_MODE", CONTINUOUS)
    if mode not in SYNC_MODES:
        raise ImproperlyConfigured(f"LOCALES_SYNC_MODE must be one of {', '.join(SYNC_MODES)}, not {mode!r}.")
    return mode


def is_continuous() -> bool:
    return sync_mode() == CONTINUOUS


def source_language() -> str:
    return getattr(settings, "LOCALES_SOURCE_LANGUAGE", "vi")
