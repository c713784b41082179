"""Models of the translation workflow: the localization queue and its history, and the glossary."""

from locales.models.glossary import GlossaryTerm
from locales.models.queue import QueueItem, QueueItemEvent, QueueItemQuerySet

__all__ = ["GlossaryTerm", "QueueItem", "QueueItemEvent", "QueueItemQuerySet"]
