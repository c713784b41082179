"""The review step: a translator submits a translation, a reviewer approves it through Wagtail's workflow.

What this module owns:

- `submit_for_review(item, user, …)`: refuses (ValidationError, in the user's language) when the
  user may not submit, the item cannot go to review, segments are missing or the source moved on,
  or QA errors are open without an explicit override; otherwise saves the target as a draft
  revision through wagtail-localize, starts (or resumes, after "request changes") the target's
  Wagtail workflow — for pages, the "Translation review (xx)" workflow on the locale's home page —
  and moves the item to "in review". An override is recorded as a QA_OVERRIDE event.
- Following Wagtail's workflow (signal handlers): approved → the page is published by Wagtail and
  the item becomes "done" by the approver (with the task's comment as note); changes requested →
  back to "in progress" with the reviewer's comment; cancelled without publishing → back to
  "in progress". A target page published any other way while its item is in review (a reviewer
  used the editor) also finishes the item, by whoever published it; one published while its item
  was not in review (a manager's override, or anything that went around `locales.guards`) is
  recorded in the item's history as a rule override, by whoever published it.
- `approve(item, user, …)`: the queue's own approval, for objects without a workflow (or a user
  who cannot act on the workflow's task but may publish): publishes the latest revision and
  marks the item done. When the user can approve the current workflow task, it goes through
  the workflow instead, so Wagtail's history stays complete.
- `qa_errors(item)`: the QA errors of the item's translation (locales.qa), stored on the item.
- The rules of going live (`approval_refusal`), the same wherever an approval or a publication
  starts (the queue, Wagtail's workflow through `TranslationReviewTask`, the editors through
  `locales.guards`):
    * four eyes: whoever translated the item (its assignee) or last submitted it may not approve
      it. Superusers may; that is recorded as an override in the item's history.
    * publication only through review: a target with a queue item goes live only through the
      approval of its item in review. Translation managers (and superusers) may publish it
      around the review; that is recorded as an override once it happened.
  A refused approval or publication is recorded in the item's history (`record_refusal`) with
  the rule, outside the refused action's transaction so that it stays.

QA errors cannot refuse an approval in Wagtail: when QA errors are open at that point, the item
is marked done with the override recorded in the approver's name (the queue item shows the
problems and the submit-time override, if any, to the reviewer before they approve).

It knows no page type: it works on wagtail-localize's Translation, Wagtail's Page, WorkflowMixin
and workflow models, and the queue's models and services.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from wagtail.models import DraftStateMixin, Page, PageLogEntry, WorkflowMixin, WorkflowState
from wagtail.signals import page_published, workflow_approved, workflow_cancelled, workflow_rejected

from locales import conf
from locales.models import QueueItem, QueueItemEvent
from locales.permissions import can, is_manager
from locales.qa import QAProblem

logger = logging.getLogger(__name__)

Status = QueueItem.Status


# --- helpers ----------------------------------------------------------------------------------------


def qa_errors(item: QueueItem) -> list[QAProblem]:
    """The open QA errors (not warnings) of the item's translation; stores their count on the item."""
    from locales.queue import qa_errors as translation_errors

    problems = translation_errors(item.translation if item.translation_id else None)
    now = timezone.now()
    QueueItem.objects.filter(pk=item.pk).update(qa_problem_count=len(problems), qa_checked_at=now)
    item.qa_problem_count, item.qa_checked_at = len(problems), now
    return problems


def _refuse(message: str, code: str, params: list[str] | None = None) -> ValidationError:
    details = [ValidationError(param, code=code) for param in params or ()]
    return ValidationError([ValidationError(message, code=code), *details])


def _fresh(item: QueueItem) -> QueueItem:
    """The item with its numbers recomputed from wagtail-localize's tables (may reopen it)."""
    from locales.queue import refresh_item

    refresh_item(item)
    item.refresh_from_db()
    return item


def _target(item: QueueItem) -> models.Model | None:
    if item.translation is None:
        return None
    try:
        target = item.translation.get_target_instance()
    except ObjectDoesNotExist:
        return None
    return target.specific if isinstance(target, Page) else target


def _save_draft(item: QueueItem, user) -> models.Model | None:
    """Write the translation into the target object as a new draft revision (pages, draftable snippets).

    wagtail-localize's `save_target(publish=False)` also writes the translated fields into the object's
    row, which is what visitors see of a live page: a re-translation would go public before review.
    For a live target the revision it makes is kept and the row is put back as it was.
    """
    target = _target(item)
    if target is not None and not isinstance(target, DraftStateMixin):
        return target
    if target is None or not target.live:
        item.translation.save_target(user=user, publish=False)
        return _target(item)
    with transaction.atomic():
        before = transaction.savepoint()
        item.translation.save_target(user=user, publish=False)
        content = _target(item).get_latest_revision().content
        transaction.savepoint_rollback(before)
    draft = _target(item).with_content_json(content)
    draft.save_revision(user=user)
    return _target(item)


def _submitted_with_override(item: QueueItem) -> bool:
    """True when the item's latest move to review was made with a QA override."""
    last = item.events.filter(to_status=Status.IN_REVIEW).order_by("-created_at", "-pk").first()
    return last is not None and last.kind == QueueItemEvent.Kind.QA_OVERRIDE


def _check_translation_complete(item: QueueItem) -> None:
    # The same rules (and messages) as marking the item done: started, nothing missing, source not moved on.
    item._check_can_finish(item)


def _start_workflow(target: models.Model, user) -> WorkflowState | None:
    """Start the target's workflow (or resume it after changes were requested); None when none applies."""
    if not isinstance(target, WorkflowMixin):
        return None
    workflow = target.get_workflow()
    if workflow is None:
        return None
    state = target.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return state
    if state is not None:  # already in progress (e.g. reopened while in review): start again on the new draft
        state.cancel(user=user)
    return workflow.start(target, user)


# --- the rules of going live -------------------------------------------------------------------------

Rule = QueueItemEvent.Rule


def submitter_id(item: QueueItem) -> int | None:
    """The user who last sent `item` to review (None when it never went, or the system moved it)."""
    return (
        item.events.filter(to_status=Status.IN_REVIEW)
        .order_by("-created_at", "-pk")
        .values_list("actor_id", flat=True)
        .first()
    )


def authors(item: QueueItem) -> set[int]:
    """Ids of who made the translation: its translator (the assignee) and whoever last submitted it."""
    return {user_id for user_id in (item.assignee_id, submitter_id(item)) if user_id is not None}


def approval_refusal(item: QueueItem, user) -> str | None:
    """The rule (`QueueItemEvent.Rule`) that forbids `user` to approve or publish `item` now, or None.

    Four eyes first: an author of the item who is not a superuser may not. Then publication only
    through review: an item that is not in review may be published only by a translation manager
    or a superuser (an override, recorded once the publication happened). Whether `user` may
    approve items of this language at all is the permission policy's business, not this rule's.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return Rule.REVIEW_REQUIRED
    if not user.is_superuser and user.pk in authors(item):
        return Rule.FOUR_EYES
    if item.status != Status.IN_REVIEW and not is_manager(user):
        return Rule.REVIEW_REQUIRED
    return None


def record_refusal(item: QueueItem, user, rule: str, action: str) -> QueueItemEvent:
    """State in the item's history that `action` ("approve" or "publish") by `user` was refused under `rule`."""
    now = timezone.now()
    QueueItem.objects.filter(pk=item.pk).update(last_activity_at=now)
    return QueueItemEvent.objects.create(
        item=item,
        actor=user if getattr(user, "is_authenticated", False) else None,
        created_at=now,
        kind=QueueItemEvent.Kind.REFUSED,
        payload={"rule": str(rule), "action": action},
    )


def refuse_if_forbidden(item: QueueItem, user, action: str) -> None:
    """Raise ValidationError (code: the rule) when `approval_refusal` forbids `action`, after recording it."""
    rule = approval_refusal(item, user)
    if rule is None:
        return
    event = record_refusal(item, user, rule, action)
    raise ValidationError(event.describe(), code=str(rule))


def check_workflow_approval(workflow_state: WorkflowState, user) -> str | None:
    """For `TranslationReviewTask`: None when `user` may approve, else the URL of the refused item's page.

    Objects without a queue item (or in the source language) follow Wagtail's rules alone.
    """
    target = _content_object(workflow_state)
    if not _is_target(target):
        return None
    item = _item_for(target)
    if item is None:
        return None
    rule = approval_refusal(item, user)
    if rule is None:
        return None
    record_refusal(item, user, rule, "approve")
    return reverse("locales_queue:inspect", args=[item.pk])


# --- submitting -------------------------------------------------------------------------------------


@transaction.atomic
def submit_for_review(item: QueueItem, user, *, qa_override: bool = False, note: str = "") -> QueueItemEvent:
    """Send `item`'s translation to review; returns the status event. See the module docstring."""
    if not can(user, "submit", item):
        raise ValidationError(gettext("You may not submit this translation for review."), code="permission_denied")
    item = _fresh(item)
    if Status.IN_REVIEW not in item.allowed_transitions():
        raise ValidationError(
            gettext("A translation cannot go from “%(from)s” to “%(to)s”.")
            % {"from": Status(item.status).label, "to": Status.IN_REVIEW.label},
            code="invalid_transition",
        )
    _check_translation_complete(item)
    problems = qa_errors(item)
    payload: dict = {}
    kind = None
    if problems:
        if not qa_override:
            raise _refuse(
                ngettext(
                    "%(count)d QA problem is still open: fix it, or submit with an override.",
                    "%(count)d QA problems are still open: fix them, or submit with an override.",
                    len(problems),
                )
                % {"count": len(problems)},
                "qa_problems",
                [problem.message for problem in problems],
            )
        kind = QueueItemEvent.Kind.QA_OVERRIDE
        payload = {"qa_problem_count": len(problems), "stage": "submit"}

    target = _save_draft(item, user)
    state = _start_workflow(target, user) if target is not None else None
    if state is not None:
        payload["workflow_state"] = state.pk
    return item.transition(Status.IN_REVIEW, user=user, note=note, kind=kind, payload=payload)


# --- approving through the queue ---------------------------------------------------------------------


def approve(item: QueueItem, user, *, qa_override: bool = False, note: str = "") -> QueueItemEvent:
    """Approve `item` in review: publish its target and mark it done; returns the item's last event.

    When a workflow is in progress on the target and `user` may approve its current task, the
    approval goes through the workflow (which publishes and, through the signal handlers below,
    marks the item done). Otherwise the target's latest revision is published directly (which
    cancels a workflow in progress, as Wagtail does when an editor publishes). An approval the
    four-eyes rule forbids is refused (ValidationError, code "four_eyes") and recorded.
    """
    if not can(user, "approve", item):
        raise ValidationError(gettext("You may not approve this translation."), code="permission_denied")
    refuse_if_forbidden(item, user, "approve")
    return _approve(item, user, qa_override=qa_override, note=note)


@transaction.atomic
def _approve(item: QueueItem, user, *, qa_override: bool, note: str) -> QueueItemEvent:
    item = _fresh(item)
    if item.status != Status.IN_REVIEW:
        raise ValidationError(
            gettext("A translation cannot go from “%(from)s” to “%(to)s”.")
            % {"from": Status(item.status).label, "to": Status.DONE.label},
            code="invalid_transition",
        )
    _check_translation_complete(item)
    problems = qa_errors(item)
    override = bool(problems) and (qa_override or _submitted_with_override(item))
    if problems and not override:
        raise _refuse(
            ngettext(
                "%(count)d QA problem is still open: fix it, or mark as done with an override.",
                "%(count)d QA problems are still open: fix them, or mark as done with an override.",
                len(problems),
            )
            % {"count": len(problems)},
            "qa_problems",
            [problem.message for problem in problems],
        )
    target = _target(item)
    if isinstance(target, Page) and not target.permissions_for_user(user).can_publish():
        raise ValidationError(gettext("You may not publish this page."), code="permission_denied")

    state = target.current_workflow_state if isinstance(target, WorkflowMixin) else None
    task_state = state.current_task_state if state is not None else None
    if (
        state is not None
        and state.status == WorkflowState.STATUS_IN_PROGRESS
        and task_state is not None
        and "approve" in [action for action, *_rest in task_state.task.specific.get_actions(target, user)]
    ):
        task_state.task.specific.on_action(task_state.specific, user, "approve", comment=note)
        item.refresh_from_db()
        if item.status == Status.DONE:
            return item.events.order_by("-created_at", "-pk").first()
        raise ValidationError(gettext("The review workflow has further steps before publication."), code="workflow")

    if target is None or not isinstance(target, DraftStateMixin):
        item.translation.save_target(user=user, publish=True)
    else:
        target = _save_draft(item, user)
        target.get_latest_revision().publish(user=user)
    return item.transition(Status.DONE, user=user, note=note, qa_override=override)


# --- following Wagtail's workflow --------------------------------------------------------------------


def _item_for(instance) -> QueueItem | None:
    """The queue item whose target is `instance` (a translated page or snippet), or None."""
    translation_key = getattr(instance, "translation_key", None)
    locale_id = getattr(instance, "locale_id", None)
    if translation_key is None or locale_id is None:
        return None
    return QueueItem.objects.filter(object_id=translation_key, target_locale_id=locale_id).first()


def _content_object(workflow_state: WorkflowState):
    instance = workflow_state.content_object
    if isinstance(instance, Page):
        return Page.objects.get(pk=instance.pk)  # fresh: the workflow may just have published it
    return instance


def _comment(workflow_state: WorkflowState) -> str:
    task_state = workflow_state.current_task_state
    return (task_state.comment or "").strip() if task_state is not None else ""


def finish_reviewed(item: QueueItem, user, *, note: str = "") -> QueueItemEvent | None:
    """Mark an item in review done after its target was published by the review (or by a publisher).

    The publication already happened: open QA errors are recorded as an override in `user`'s name,
    and a refusal (the source moved on meanwhile, say) is recorded as a note instead.
    """
    item = _fresh(item)
    if item.status != Status.IN_REVIEW:
        return None
    problems = qa_errors(item)
    try:
        with transaction.atomic():
            return item.transition(Status.DONE, user=user, note=note, qa_override=bool(problems))
    except ValidationError as error:
        return item.add_note(
            gettext("The translation was published, but the item could not be marked as done: %(reason)s")
            % {"reason": " ".join(error.messages)},
            user=user,
        )


def _safely(what: str, function, *args, **kwargs) -> None:
    """Run queue bookkeeping without ever breaking the reviewer's action (a savepoint, errors logged)."""
    try:
        with transaction.atomic():
            function(*args, **kwargs)
    except Exception:
        logger.exception("The translation queue could not follow a review (%s)", what)


def _is_target(instance) -> bool:
    locale_id = getattr(instance, "locale_id", None)
    return locale_id is not None and getattr(instance, "locale", None).language_code != conf.source_language()


@receiver(workflow_approved)
def _on_workflow_approved(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    target = _content_object(instance)
    if not _is_target(target):
        return
    item = _item_for(target)
    if item is not None and item.status == Status.IN_REVIEW:
        _safely("approved", finish_reviewed, item, user, note=_comment(instance))


def _back_to_translator(item: QueueItem, user, note: str) -> None:
    item.refresh_from_db()
    if item.status == Status.IN_REVIEW:
        item.transition(Status.IN_PROGRESS, user=user, note=note)


@receiver(workflow_rejected)
def _on_workflow_rejected(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    target = _content_object(instance)
    if not _is_target(target):
        return
    item = _item_for(target)
    if item is not None and item.status == Status.IN_REVIEW:
        _safely("changes requested", _back_to_translator, item, user, _comment(instance))


@receiver(workflow_cancelled)
def _on_workflow_cancelled(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    target = _content_object(instance)
    if not _is_target(target):
        return
    if isinstance(target, DraftStateMixin) and target.live and not target.has_unpublished_changes:
        return  # cancelled because the target was just published: the publication finishes the item
    item = _item_for(target)
    if item is not None and item.status == Status.IN_REVIEW:
        _safely("review cancelled", _back_to_translator, item, user, gettext("The review was cancelled."))


def _publisher(page: Page):
    entry = PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish").order_by("-timestamp", "-pk").first()
    return entry.user if entry is not None else None


def record_override(item: QueueItem, user, rule: str, status: str) -> QueueItemEvent:
    """State in the item's history that its target went live around `rule`; `status` is the item's status then."""
    now = timezone.now()
    QueueItem.objects.filter(pk=item.pk).update(last_activity_at=now)
    return QueueItemEvent.objects.create(
        item=item,
        actor=user,
        created_at=now,
        kind=QueueItemEvent.Kind.RULE_OVERRIDE,
        payload={"rule": str(rule), "action": "publish", "status": status},
    )


def _follow_publication(item_id: int, page_id: int, status: str, revision_user_id: int | None) -> None:
    """After a target page went live: record what it overrode, and finish an item that was in review.

    The publisher is the user of Wagtail's publish log entry, or else the author of the published
    revision (wagtail-localize's editor publishes its revision after the request, without a user).
    """
    item = QueueItem.objects.filter(pk=item_id).first()
    page = Page.objects.filter(pk=page_id).first()
    if item is None or page is None or not page.live:
        return
    publisher = _publisher(page)
    if publisher is None and revision_user_id is not None:
        publisher = get_user_model().objects.filter(pk=revision_user_id).first()
    if status == Status.IN_REVIEW:
        if publisher is not None and publisher.pk in authors(item):
            record_override(item, publisher, Rule.FOUR_EYES, status)
        if QueueItem.objects.filter(pk=item_id, status=Status.IN_REVIEW).exists():
            finish_reviewed(item, publisher)  # not finished by the workflow's approval: published directly
    elif status != Status.DONE:
        record_override(item, publisher, Rule.REVIEW_REQUIRED, status)


@receiver(page_published)
def _on_page_published(sender, instance: Page, revision=None, **kwargs) -> None:
    """A target page went live: follow it in its queue item once committed (see `_follow_publication`).

    The item's status is read now, while the publication is under way: an approval through the
    workflow marks the item done before the transaction commits.
    """
    if instance.alias_of_id is not None or not _is_target(instance):
        return
    row = (
        QueueItem.objects.filter(object_id=instance.translation_key, target_locale_id=instance.locale_id)
        .values_list("pk", "status")
        .first()
    )
    if row is None:
        return
    item_id, status = row
    page_id, revision_user_id = instance.pk, getattr(revision, "user_id", None)
    transaction.on_commit(lambda: _safely("published", _follow_publication, item_id, page_id, status, revision_user_id))
