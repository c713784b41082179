"""E-mail notifications of the translation queue: one mail per event per person, in their language.

What this module owns:

- Which event mails whom. Driven by the queue's history: each new `QueueItemEvent` is looked at
  once the transaction commits (`transaction.on_commit`, so a rolled-back change mails no one):
    * an assignment of a translator → the new translator ("assigned");
    * an assignment of a reviewer → the new reviewer ("review_assigned");
    * a move to "in review" → the reviewers of the item's language (members of its reviewer
      teams) and the item's reviewer, each once ("in_review");
    * a source change that reopens the item → its translator and, when it was in review, its
      reviewer ("reopened": the item, how many segments are new or changed, the link).
  The person who acted is never mailed about their own action (for a source change: whoever made
  the source's live revision); users without an address, or inactive, are skipped.
- Wagtail's own submission mails for the translation review (`TranslationReviewTask`): Wagtail
  mails the task's groups ("task submitted") and the superusers ("workflow submitted") on every
  submission, in addition to ours above. For a submission made through the queue
  (`locales.review.submit_for_review`, whose "in review" event names the workflow state) ours is
  the one mail; Wagtail's are sent only for a submission the queue did not see (e.g. "Submit for
  review" in Wagtail's editor), decided once the transaction commits. Every other workflow, and
  Wagtail's approval and rejection mails to the submitter, are left as Wagtail sends them. How:
  `take_over_submission_mails()` connects our handlers under Wagtail's own `dispatch_uid`s (after
  disconnecting Wagtail's), so whichever app is ready first, only ours stay connected.
- How a mail is written (`write_mail`, also used by `locales.reminders`): subject and body come from
  `locales/emails/<name>_subject.txt` and `<name>_body.txt`, rendered in the recipient's admin
  language (Wagtail's user profile `preferred_language`, else the site's LANGUAGE_CODE), with
  absolute links built on WAGTAILADMIN_BASE_URL (`item_admin_url`).
- Sending through Django's configured EMAIL_BACKEND, from WAGTAILADMIN_NOTIFICATION_FROM_EMAIL
  (else DEFAULT_FROM_EMAIL). A failing mail server is logged and never breaks the action.

It knows no page type and never imports `cms`.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier, WorkflowStateSubmissionEmailNotifier
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_submitted

from locales.models import QueueItem, QueueItemEvent, TranslationReviewTask
from locales.permissions import REVIEWER, team_members

logger = logging.getLogger(__name__)

ASSIGNED = "assigned"
REVIEW_ASSIGNED = "review_assigned"
IN_REVIEW = "in_review"
REOPENED = "reopened"

NOTIFYING_KINDS = (
    QueueItemEvent.Kind.ASSIGNMENT,
    QueueItemEvent.Kind.STATUS,
    QueueItemEvent.Kind.QA_OVERRIDE,
    QueueItemEvent.Kind.SOURCE_CHANGED,
)


# --- addresses, people, writing and sending ----------------------------------------------------------


def admin_url(path: str) -> str:
    """`path` made absolute on WAGTAILADMIN_BASE_URL (the site's real address; unchanged when unset)."""
    if not path.startswith("/"):
        return path
    base = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    return f"{base}{path}"


def item_admin_url(item: QueueItem) -> str:
    """Absolute address of the item in the admin: the queue's item view, else the translation editor.

    The queue's views are expected under the URL namespace "locales_queue" with an "inspect" view
    taking the item's pk; until they exist, the wagtail-localize editor of the translation (or the
    admin home) is linked instead.
    """
    try:
        path = reverse("locales_queue:inspect", args=[item.pk])
    except NoReverseMatch:
        path = item.editor_url() or reverse("wagtailadmin_home")
    return admin_url(path)


def display_name(user) -> str:
    """The user's full name, else their username ("" for nobody)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def language_of(user) -> str:
    """The language a user reads mail in: their admin language, else the site's LANGUAGE_CODE."""
    try:
        preferred = user.wagtail_userprofile.preferred_language
    except ObjectDoesNotExist:  # no profile yet
        preferred = ""
    return preferred or settings.LANGUAGE_CODE


def reachable(user) -> bool:
    """True when `user` can be mailed: active, with an address."""
    return user is not None and user.is_active and bool(user.email)


def users_by_id(ids: Iterable[int | None]) -> list:
    """The users of `ids` (None skipped), each once, with their profiles, in pk order."""
    ids = sorted({pk for pk in ids if pk})
    if not ids:
        return []
    return list(get_user_model().objects.filter(pk__in=ids).select_related("wagtail_userprofile").order_by("pk"))


def from_address() -> str:
    return getattr(settings, "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", None) or settings.DEFAULT_FROM_EMAIL


def write_mail(template: str, user, context: dict[str, Any]) -> EmailMessage:
    """The mail `locales/emails/<template>_{subject,body}.txt` to `user`, written in their language.

    Lazy strings in `context` (labels, choices) are rendered in that language too; the context
    gains `recipient`, `recipient_name` and `site_name`.
    """
    context = {
        **context,
        "recipient": user,
        "recipient_name": display_name(user),
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
    }
    with translation.override(language_of(user)):
        subject = render_to_string(f"locales/emails/{template}_subject.txt", context)
        body = render_to_string(f"locales/emails/{template}_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()), body=body.strip() + "\n", from_email=from_address(), to=[user.email]
    )


def send(messages: list[EmailMessage]) -> int:
    """Send `messages` over one connection; how many went. Raises what the mail server raises."""
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


# --- queue events ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notification:
    """One mail to write: which templates, to whom, about which event."""

    template: str
    recipient: object
    event: QueueItemEvent
    actor: object = None  # who acted, when not the event's actor (a source change: the source's author)


def source_changer_id(item: QueueItem) -> int | None:
    """Who made the source's live revision (the change a "source changed" event is about), if known."""
    if item.source is None:
        return None
    try:
        instance = item.source.get_source_instance()
    except ObjectDoesNotExist:
        return None
    revision = getattr(instance, "live_revision", None) or getattr(instance, "latest_revision", None)
    return revision.user_id if revision is not None else None


def notifications_for(event: QueueItemEvent) -> list[Notification]:
    """The mails an event calls for (see the module docstring): one per person, never to the actor."""
    item = event.item
    template, users = "", []
    if event.kind == QueueItemEvent.Kind.ASSIGNMENT and event.payload.get("to"):
        template = REVIEW_ASSIGNED if event.payload.get("role") == "reviewer" else ASSIGNED
        users = users_by_id([event.payload["to"]])
    elif event.kind == QueueItemEvent.Kind.SOURCE_CHANGED and event.to_status == QueueItem.Status.REOPENED:
        template = REOPENED
        was_in_review = event.from_status == QueueItem.Status.IN_REVIEW
        users = users_by_id([item.assignee_id, item.reviewer_id if was_in_review else None])
    elif event.to_status == QueueItem.Status.IN_REVIEW and event.from_status != QueueItem.Status.IN_REVIEW:
        template = IN_REVIEW
        reviewers = team_members(item.target_locale.language_code, REVIEWER).values_list("pk", flat=True)
        users = users_by_id([*reviewers, item.reviewer_id])
    if not users:
        return []
    actor, actor_id = event.actor, event.actor_id
    if actor_id is None and event.kind == QueueItemEvent.Kind.SOURCE_CHANGED:
        actor_id = source_changer_id(item)
        actor = next(iter(users_by_id([actor_id])), None)
    return [Notification(template, user, event, actor) for user in users if user.pk != actor_id and reachable(user)]


def render(notification: Notification) -> EmailMessage:
    """The mail, written in the recipient's admin language."""
    event = notification.event
    item = event.item
    context = {
        "item": item,
        "event": event,
        "actor_name": display_name(notification.actor or event.actor),
        "language_name": item.target_locale.get_display_name(),
        "priority_label": QueueItem.Priority(item.priority).label,
        "note": event.message,
        "qa_override_count": (
            event.payload.get("qa_problem_count", 0) if event.kind == QueueItemEvent.Kind.QA_OVERRIDE else 0
        ),
        "changed_segments": int(event.payload.get("changed_segments", 0) or 0),
        "url": item_admin_url(item),
    }
    return write_mail(notification.template, notification.recipient, context)


def send_event_notifications(event_id: int) -> int:
    """Write and send the mails of one event; returns how many were sent. Errors are logged, not raised."""
    event = (
        QueueItemEvent.objects.select_related("item__target_locale", "item__source", "actor")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    try:
        return send([render(notification) for notification in notifications_for(event)])
    except Exception:
        logger.exception("Could not send the notifications of translation queue event %s", event_id)
        return 0


@receiver(post_save, sender=QueueItemEvent)
def _on_event(sender, instance: QueueItemEvent, created: bool = False, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    if instance.kind not in NOTIFYING_KINDS:
        return
    event_id = instance.pk
    transaction.on_commit(lambda: send_event_notifications(event_id))


# --- Wagtail's submission mails for the translation review -------------------------------------------

# The dispatch_uids under which wagtail.admin.signal_handlers connects its notifiers.
TASK_SUBMITTED_UID = "group_approval_task_submitted_email_notification"
WORKFLOW_SUBMITTED_UID = "workflow_state_submitted_email_notification"

_wagtail_task_mail = GroupApprovalTaskStateSubmissionEmailNotifier()
_wagtail_workflow_mail = WorkflowStateSubmissionEmailNotifier()


def submitted_through_queue(workflow_state_id: int, since: datetime.datetime) -> bool:
    """True when a queue item went to review for this workflow state at or after `since` (ours mailed it)."""
    return QueueItemEvent.objects.filter(
        to_status=QueueItem.Status.IN_REVIEW, payload__workflow_state=workflow_state_id, created_at__gte=since
    ).exists()


def _unless_the_queue_mails(task_state: TaskState | None, wagtail_mail: Callable[[], object]) -> None:
    """Wagtail's mail now, or — for a translation review task — after commit unless the queue mailed it."""
    if task_state is None or not isinstance(task_state.task.specific, TranslationReviewTask):
        wagtail_mail()
        return
    workflow_state_id, since = task_state.workflow_state_id, task_state.started_at

    def later() -> None:
        if not submitted_through_queue(workflow_state_id, since):
            wagtail_mail()

    transaction.on_commit(later)


def _on_task_submitted(sender, instance: TaskState, user=None, **kwargs) -> None:
    _unless_the_queue_mails(instance, lambda: _wagtail_task_mail(instance=instance, user=user))


def _on_workflow_submitted(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    _unless_the_queue_mails(instance.current_task_state, lambda: _wagtail_workflow_mail(instance=instance, user=user))


def take_over_submission_mails() -> None:
    """Put our submission handlers in the place of Wagtail's (same signals, senders and dispatch_uids)."""
    for signal, sender, uid, handler in (
        (task_submitted, TaskState, TASK_SUBMITTED_UID, _on_task_submitted),
        (workflow_submitted, WorkflowState, WORKFLOW_SUBMITTED_UID, _on_workflow_submitted),
    ):
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(handler, sender=sender, dispatch_uid=uid)


take_over_submission_mails()
