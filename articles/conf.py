"""Settings of the articles app, with defaults, so the app can be lifted into another site.

ARTICLES_CAPTION_MAX_BYTES           largest WebVTT caption file accepted (default 1 MiB: a
                                     two-hour film's captions are about 150 KB).
ARTICLES_CAPTION_MAX_CUES            most cues in one caption file (default 5,000: a two-hour film
                                     has about 1,500–2,000).
ARTICLES_CAPTION_MAX_CUE_CHARACTERS  longest text of one cue (default 500 characters: a readable cue
                                     is two lines of about 42).

Read at every call, so tests and deployments may change them at run time.
"""

from django.conf import settings

CAPTION_MAX_BYTES = 1024 * 1024
CAPTION_MAX_CUES = 5_000
CAPTION_MAX_CUE_CHARACTERS = 500


def caption_max_bytes() -> int:
    return getattr(settings, "ARTICLES_CAPTION_MAX_BYTES", CAPTION_MAX_BYTES)


def caption_max_cues() -> int:
    return getattr(settings, "ARTICLES_CAPTION_MAX_CUES", CAPTION_MAX_CUES)


def caption_max_cue_characters() -> int:
    return getattr(settings, "ARTICLES_CAPTION_MAX_CUE_CHARACTERS", CAPTION_MAX_CUE_CHARACTERS)
