"""`{% translation_notice %}`: on a translated page, that it is a translation, and whether it is out of date.

On a page whose locale is not the source language (`locales.conf.source_language()`):

- a note that the page is a translation and that the original in the source language is the
  authoritative text, linking the original only when it is live and public (the language
  alternates the page's hreflang links already fetched say so: no query);
- when the localization queue says the translation no longer follows its source, a warning with
  the date the original changed. "No longer follows" is: the item is outdated (segments of the
  live source are new or changed and untranslated), or it is not done and the source changed
  after this translation was last published. The date is the one the queue recorded when it saw
  the source move on (`QueueItem.source_changed_at`), else the source page's last publication.
- an alias copy (the untranslated source shown under this language) says that instead.

One query: the queue item, with the source page's last publication as a subquery. The page cache
drops the page when the item changes (`locales.signals.translation_state_changed`). Nothing for
views that are not pages, nor on a page of the source language.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import template
from django.db.models import OuterRef, Subquery
from wagtail.models import Page

from locales import conf
from locales.alternates import language_alternates
from locales.models import QueueItem

register = template.Library()


@dataclass(frozen=True)
class TranslationNotice:
    """What `locales/translation_notice.html` shows."""

    source_language: str
    """The source language's code (its name is shown in the reader's language by the template)."""
    source_url: str | None
    """The original's absolute URL when it is live and public; else no link at all."""
    is_alias: bool = False
    outdated: bool = False
    source_changed_at: datetime.datetime | None = None


def _queue_state(page: Page) -> dict | None:
    source_published = Page.objects.filter(
        translation_key=OuterRef("object_id"), locale__language_code=conf.source_language()
    ).values("last_published_at")[:1]
    return (
        QueueItem.objects.filter(object_id=page.translation_key, target_locale_id=page.locale_id)
        .annotate(source_published_at=Subquery(source_published))
        .values("status", "outdated", "source_changed_at", "source_published_at")
        .first()
    )


def _is_outdated(page: Page, state: dict | None) -> tuple[bool, datetime.datetime | None]:
    if state is None:
        return False, None
    changed_at = state["source_changed_at"] or state["source_published_at"]
    if state["outdated"]:
        return True, changed_at
    if state["status"] == QueueItem.Status.DONE or state["source_changed_at"] is None:
        return False, None
    published = page.last_published_at
    stale = published is None or published < state["source_changed_at"]
    return stale, changed_at if stale else None


def translation_notice_for(page: Page, request) -> TranslationNotice | None:
    """The notice of `page` as served to `request`, or None on a page of the source language."""
    source = conf.source_language()
    alternates = language_alternates(request, page)  # fetched already for the hreflang links
    language = next((alternate.language_code for alternate in alternates if alternate.is_current), None)
    if (language or page.locale.language_code) == source:
        return None
    source_url = next(
        (
            alternate.url
            for alternate in alternates
            if alternate.language_code == source and alternate.is_available and alternate.is_public
        ),
        None,
    )
    if page.alias_of_id is not None:
        return TranslationNotice(source, source_url, is_alias=True)
    outdated, changed_at = _is_outdated(page, _queue_state(page))
    return TranslationNotice(source, source_url, outdated=outdated, source_changed_at=changed_at)


@register.inclusion_tag("locales/translation_notice.html", takes_context=True)
def translation_notice(context: template.Context) -> dict:
    page = context.get("page")
    request = context.get("request")
    if request is None or not isinstance(page, Page):
        return {"notice": None}
    return {"notice": translation_notice_for(page, request)}
