"""Models of the translation workflow: the localization queue and its history, the glossary, locale teams,
the review task."""

from locales.models.glossary import GlossaryTerm
from locales.models.queue import OverdueDigest, QueueItem, QueueItemEvent, QueueItemQuerySet
from locales.models.review import TranslationReviewTask
from locales.models.teams import LocaleTeam

__all__ = [
    "GlossaryTerm",
    "LocaleTeam",
    "OverdueDigest",
    "QueueItem",
    "QueueItemEvent",
    "QueueItemQuerySet",
    "TranslationReviewTask",
]
