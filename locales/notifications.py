"""E-mail notifications of the translation queue: on assignment, and when an item moves to review.

What this module owns:

- Which event mails whom. Driven by the queue's history: each new `QueueItemEvent` is looked at
  once the transaction commits (`transaction.on_commit`, so a rolled-back change mails no one):
    * an assignment of a translator → the new translator ("assigned");
    * an assignment of a reviewer → the new reviewer ("review_assigned");
    * a move to "in review" → the reviewers of the item's language (members of its reviewer
      teams) and the item's reviewer ("in_review").
  The person who acted is never mailed about their own action; users without an address, or
  inactive, are skipped.
- How a mail is written: subject and body come from `locales/emails/<name>_subject.txt` and
  `<name>_body.txt`, rendered in the recipient's admin language (Wagtail's user profile
  `preferred_language`, else the site's LANGUAGE_CODE), with an absolute link to the item
  (`item_admin_url`, built on WAGTAILADMIN_BASE_URL).
- Sending through Django's configured EMAIL_BACKEND, from WAGTAILADMIN_NOTIFICATION_FROM_EMAIL
  (else DEFAULT_FROM_EMAIL). A failing mail server is logged and never breaks the action.

Wagtail's own workflow e-mails (to the task's group on submission, to the submitter on approval
or rejection) are sent by Wagtail as usual; these mails are about the queue item.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from locales.models import QueueItem, QueueItemEvent
from locales.permissions import REVIEWER, team_members

logger = logging.getLogger(__name__)

ASSIGNED = "assigned"
REVIEW_ASSIGNED = "review_assigned"
IN_REVIEW = "in_review"

NOTIFYING_KINDS = (QueueItemEvent.Kind.ASSIGNMENT, QueueItemEvent.Kind.STATUS, QueueItemEvent.Kind.QA_OVERRIDE)


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
    if path.startswith("/"):
        base = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
        return f"{base}{path}"
    return path


@dataclass(frozen=True)
class Notification:
    """One mail to write: which templates, to whom, about which event."""

    template: str
    recipient: object
    event: QueueItemEvent


def _display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _language_of(user) -> str:
    try:
        preferred = user.wagtail_userprofile.preferred_language
    except Exception:  # no profile yet
        preferred = ""
    return preferred or settings.LANGUAGE_CODE


def _users(ids) -> list:
    from django.contrib.auth import get_user_model

    ids = [pk for pk in ids if pk]
    if not ids:
        return []
    return list(get_user_model().objects.filter(pk__in=ids).select_related("wagtail_userprofile").order_by("pk"))


def notifications_for(event: QueueItemEvent) -> list[Notification]:
    """The mails an event calls for (see the module docstring), without the actor and unreachable users."""
    item = event.item
    planned: list[tuple[str, list]] = []
    if event.kind == QueueItemEvent.Kind.ASSIGNMENT and event.payload.get("to"):
        role = event.payload.get("role")
        planned.append((REVIEW_ASSIGNED if role == "reviewer" else ASSIGNED, _users([event.payload["to"]])))
    elif event.to_status == QueueItem.Status.IN_REVIEW and event.from_status != QueueItem.Status.IN_REVIEW:
        members = team_members(item.target_locale.language_code, REVIEWER)
        reviewers = list(members.select_related("wagtail_userprofile").order_by("pk"))
        if item.reviewer_id and all(user.pk != item.reviewer_id for user in reviewers):
            reviewers += _users([item.reviewer_id])
        planned.append((IN_REVIEW, reviewers))

    notifications = []
    for template, users in planned:
        for user in users:
            if user.pk == event.actor_id or not user.is_active or not user.email:
                continue
            notifications.append(Notification(template, user, event))
    return notifications


def render(notification: Notification) -> EmailMessage:
    """The mail, written in the recipient's admin language."""
    event, user = notification.event, notification.recipient
    item = event.item
    with translation.override(_language_of(user)):
        context = {
            "item": item,
            "event": event,
            "recipient": user,
            "recipient_name": _display_name(user),
            "actor_name": _display_name(event.actor),
            "language_name": item.target_locale.get_display_name(),
            "priority_label": QueueItem.Priority(item.priority).label,
            "note": event.message,
            "qa_override_count": (
                event.payload.get("qa_problem_count", 0) if event.kind == QueueItemEvent.Kind.QA_OVERRIDE else 0
            ),
            "url": item_admin_url(item),
            "site_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
        }
        subject = render_to_string(f"locales/emails/{notification.template}_subject.txt", context)
        body = render_to_string(f"locales/emails/{notification.template}_body.txt", context)
    subject = " ".join(subject.split())
    from_email = getattr(settings, "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", None) or settings.DEFAULT_FROM_EMAIL
    return EmailMessage(subject=subject, body=body.strip() + "\n", from_email=from_email, to=[user.email])


def send_event_notifications(event_id: int) -> int:
    """Write and send the mails of one event; returns how many were sent. Errors are logged, not raised."""
    event = QueueItemEvent.objects.select_related("item__target_locale", "actor").filter(pk=event_id).first()
    if event is None:
        return 0
    try:
        messages = [render(notification) for notification in notifications_for(event)]
        if not messages:
            return 0
        with get_connection() as connection:
            return connection.send_messages(messages) or 0
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
