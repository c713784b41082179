"""What a translator or reviewer can do to one queue item, and doing it: the item page's buttons.

Each action checks the permission policy (locales/permissions.py), goes through wagtail-localize's own
machinery (TranslationCreator, machine translation, source sync) or the workflow (locales/review.py),
refreshes the item's numbers and returns a message in the user's language. Bad requests raise
ValidationError with a clear message and change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator
from wagtail_localize.views.edit_translation import apply_machine_translation

from locales import conf, permissions, review
from locales.models import QueueItem
from locales.queue import refresh_item


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    serious: bool = False
    asks_override: bool = False
    """The button carries a "despite QA problems" checkbox (recorded when ticked)."""


CLAIM = Action("claim", _("Claim"))
START = Action("start", _("Start translating"))
MACHINE_TRANSLATE = Action("machine-translate", _("Fill missing segments from translation memory"))
SYNC = Action("sync", _("Update from the source"))
SUBMIT = Action("submit", _("Submit for review"), asks_override=True)
APPROVE = Action("approve", _("Approve and publish"), serious=True, asks_override=True)


def available_actions(item: QueueItem, user) -> list[Action]:
    """The buttons to show `user` on this item's page, in workflow order."""
    status = QueueItem.Status
    actions = []
    waiting = item.status in (status.TO_DO, status.REOPENED)
    if waiting and item.assignee_id != user.pk and permissions.can(user, "claim", item):
        actions.append(CLAIM)
    if permissions.can(user, "translate", item):
        if item.translation_id is None:
            actions.append(START)
        else:
            if item.translated_segments < item.total_segments and get_machine_translator() is not None:
                actions.append(MACHINE_TRANSLATE)
            if item.outdated and not conf.is_continuous():
                actions.append(SYNC)
    if item.status in (status.IN_PROGRESS, status.REOPENED) and permissions.can(user, "submit", item):
        actions.append(SUBMIT)
    if (
        item.status == status.IN_REVIEW
        and permissions.can(user, "approve", item)
        and review.approval_refusal(item, user) is None  # four eyes: not for whoever translated or submitted
    ):
        actions.append(APPROVE)
    return actions


def perform(item: QueueItem, action: str, user, data: Mapping[str, str]) -> str:
    """Do `action` on `item` for `user`; returns a success message. Raises PermissionDenied or ValidationError."""
    handlers = {
        CLAIM.name: _claim,
        START.name: _start,
        MACHINE_TRANSLATE.name: _machine_translate,
        SYNC.name: _sync,
        SUBMIT.name: _submit,
        APPROVE.name: _approve,
    }
    if action not in handlers:
        raise ValidationError(gettext("Unknown action."), code="unknown_action")
    override = data.get("qa_override") in ("1", "on", "true")
    return handlers[action](item, user, override)


def _require(user, action: str, item: QueueItem) -> None:
    if not permissions.can(user, action, item):
        raise PermissionDenied


def start_translation(item: QueueItem, user) -> Translation:
    """The item's wagtail-localize Translation, created (with a draft of the target) when missing."""
    if item.translation_id is not None:
        return item.translation
    source = TranslationSource.objects.filter(object_id=item.object_id, locale__language_code=conf.source_language())
    source = source.first()
    if source is None:
        raise ValidationError(gettext("The source has not been published yet."), code="no_source")
    instance = source.get_source_instance()
    if isinstance(instance, Page):
        parent = instance.get_parent()
        if parent.depth > 1 and not parent.get_translations().filter(locale=item.target_locale).exists():
            raise ValidationError(
                gettext("Translate the parent page “%(title)s” into this language first.") % {"title": parent.title},
                code="parent_not_translated",
            )
    with transaction.atomic():
        TranslationCreator(user, [item.target_locale]).create_translations(instance, include_related_objects=False)
    translation = Translation.objects.get(source=source, target_locale=item.target_locale)
    refresh_item(item, touch=True)
    return translation


def _claim(item: QueueItem, user, override: bool) -> str:
    _require(user, "claim", item)
    item.claim(user)
    if item.translation_id is None and permissions.can(user, "translate", item):
        start_translation(item, user)
    return gettext("You are now translating “%(title)s”.") % {"title": item.title}


def _start(item: QueueItem, user, override: bool) -> str:
    _require(user, "translate", item)
    start_translation(item, user)
    return gettext("A draft of “%(title)s” is ready in the translation editor.") % {"title": item.title}


def _machine_translate(item: QueueItem, user, override: bool) -> str:
    _require(user, "translate", item)
    return machine_translate(item, user)


def machine_translate(item: QueueItem, user) -> str:
    """Fill the item's missing segments with the configured machine translator (the translation memory)."""
    translator = get_machine_translator()
    if translator is None:
        raise ValidationError(gettext("No machine translator is configured."), code="no_translator")
    translation = start_translation(item, user)
    filled = apply_machine_translation(translation.pk, user, translator)
    refresh_item(item, touch=True)
    if not filled:
        return gettext("The translation memory had nothing to add to “%(title)s”.") % {"title": item.title}
    return gettext("Filled from %(tool)s: %(done)d of %(total)d segments are translated now.") % {
        "tool": translator.display_name,
        "done": item.translated_segments,
        "total": item.total_segments,
    }


def _sync(item: QueueItem, user, override: bool) -> str:
    _require(user, "translate", item)
    source = TranslationSource.objects.get(pk=item.source_id) if item.source_id else None
    if source is None:
        raise ValidationError(gettext("The source has not been published yet."), code="no_source")
    TranslationSource.update_or_create_from_instance(source.get_source_instance())
    refresh_item(item, touch=True)
    return gettext("The translation now works from the latest source.")


def _submit(item: QueueItem, user, override: bool) -> str:
    _require(user, "submit", item)
    review.submit_for_review(item, user, qa_override=override)
    return gettext("“%(title)s” was submitted for review.") % {"title": item.title}


def _approve(item: QueueItem, user, override: bool) -> str:
    _require(user, "approve", item)
    review.approve(item, user, qa_override=override)
    return gettext("“%(title)s” was approved and published.") % {"title": item.title}


def source_edit_url(item: QueueItem) -> str | None:
    """The admin edit page of the source (a page in the source language)."""
    page_id = (
        Page.objects.filter(translation_key=item.object_id, locale__language_code=conf.source_language())
        .values_list("pk", flat=True)
        .first()
    )
    return reverse("wagtailadmin_pages:edit", args=[page_id]) if page_id else None


def po_urls(item: QueueItem) -> dict[str, str]:
    """wagtail-localize's per-translation PO download and upload."""
    if item.translation_id is None:
        return {}
    return {
        "download": reverse("wagtail_localize:download_pofile", args=[item.translation_id]),
        "upload": reverse("wagtail_localize:upload_pofile", args=[item.translation_id]),
    }
