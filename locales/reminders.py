"""Due dates that passed: one reminder per item, then one daily digest per person (a scheduled job).

What this module owns:

- Who an overdue item waits on (`waiting_on`): while in review, its reviewer when one is set;
  otherwise its translator (the assignee). Items with nobody to wait on mail no one.
- `send_due_reminders(now)`, run hourly by the site's scheduler (`REMINDER_INTERVAL`; `cms.scheduler`
  registers it — this app never imports `cms`):
    * for each open item whose due date has passed (`QueueItem.objects.overdue`), the person it
      waits on gets one reminder mail ("reminder"), recorded as a "reminder" event in the item's
      history with the recipient and the due date: a later run does not send it again, and a
      new due date (or a new person) that passes gets its own reminder;
    * from the day after a person's first reminder, at most one digest a day ("digest") listing
      all the overdue items that wait on them, recorded as an `OverdueDigest` row per person
      and day (site time zone) written in the mail's transaction, so no run sends it twice.
  Each record is written in the transaction that sends its mail: a mail server that fails
  leaves nothing recorded, and the next run tries again. Several schedulers are safe: the
  scheduler's lock keeps runs apart, and these records make every run after the first send
  nothing new (the digest's unique constraint holds even without the lock).
- Mails are written by `locales.notifications.write_mail`, in the recipient's language, with
  links on WAGTAILADMIN_BASE_URL.

Queries per run are bounded: the overdue items, their reminders, today's digests (three), plus
the writes per mail sent.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from locales.models import QueueItem, QueueItemEvent
from locales.models.queue import OverdueDigest
from locales.notifications import display_name, item_admin_url, reachable, send, write_mail

logger = logging.getLogger(__name__)

REMINDER_INTERVAL = 60 * 60
"""Seconds between two runs of `send_due_reminders` by the scheduler."""

REMINDER = "reminder"
DIGEST = "digest"


@dataclass
class ReminderReport:
    """What one run sent."""

    reminders: int = 0
    digests: int = 0


def waiting_on(item: QueueItem):
    """The person `item` waits on: its reviewer while in review (when set), else its translator, or None."""
    if item.status == QueueItem.Status.IN_REVIEW and item.reviewer is not None:
        return item.reviewer
    return item.assignee


def _item_context(item: QueueItem) -> dict:
    return {
        "item": item,
        "language_name": item.target_locale.get_display_name(),
        "priority_label": QueueItem.Priority(item.priority).label,
        "status_label": QueueItem.Status(item.status).label,
        "in_review": item.status == QueueItem.Status.IN_REVIEW,
        "url": item_admin_url(item),
    }


def _reminder_key(item_id: int, due_date: datetime.date | str, user_id: int) -> tuple[int, str, int]:
    due = due_date.isoformat() if isinstance(due_date, datetime.date) else str(due_date)
    return (item_id, due, user_id)


def _remind(item: QueueItem, user, now: datetime.datetime) -> None:
    """Record the reminder of `item` to `user` and send it, in one transaction (raises if the mail fails)."""
    with transaction.atomic():
        QueueItemEvent.objects.create(
            item=item,
            created_at=now,
            kind=QueueItemEvent.Kind.REMINDER,
            payload={"to": user.pk, "name": display_name(user), "due_date": item.due_date.isoformat()},
        )
        send([write_mail(REMINDER, user, _item_context(item))])


def _send_digest(user, items: list[QueueItem], today: datetime.date, now: datetime.datetime) -> bool:
    """Record and send `user`'s digest of `items` for `today`; False when another run recorded it first."""
    try:
        with transaction.atomic():
            OverdueDigest.objects.create(recipient=user, day=today, sent_at=now, item_count=len(items))
            context = {"entries": [_item_context(item) for item in items], "count": len(items), "today": today}
            send([write_mail(DIGEST, user, context)])
    except IntegrityError:
        return False
    return True


def send_due_reminders(now: datetime.datetime | None = None) -> ReminderReport:
    """Send what is due at `now` (default: the current time): reminders first, then digests. Idempotent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = ReminderReport()
    overdue = QueueItem.objects.overdue(today)
    items = list(
        overdue.select_related("target_locale", "assignee__wagtail_userprofile", "reviewer__wagtail_userprofile")
        .exclude(assignee__isnull=True, reviewer__isnull=True)
        .order_by("due_date", "-priority", "pk")
    )
    sent = QueueItemEvent.objects.filter(kind=QueueItemEvent.Kind.REMINDER, item__in=overdue.values("pk"))
    reminded: dict[tuple[int, str, int], datetime.datetime] = {}
    for event in sent.only("item_id", "payload", "created_at"):
        if event.payload.get("to") and event.payload.get("due_date"):
            reminded[_reminder_key(event.item_id, event.payload["due_date"], event.payload["to"])] = event.created_at

    waiting: dict[int, list[QueueItem]] = defaultdict(list)
    people = {}
    reminded_before_today: set[int] = set()
    for item in items:
        user = waiting_on(item)
        if not reachable(user):
            continue
        key = _reminder_key(item.pk, item.due_date, user.pk)
        if key not in reminded:
            try:
                _remind(item, user, now)
            except Exception:
                logger.exception("Could not send the overdue reminder of translation queue item %s", item.pk)
                continue
            reminded[key] = now
            report.reminders += 1
        elif timezone.localdate(reminded[key]) < today:
            reminded_before_today.add(user.pk)
        waiting[user.pk].append(item)
        people[user.pk] = user

    digested = OverdueDigest.objects.filter(day=today, recipient__in=list(people))
    already = set(digested.values_list("recipient_id", flat=True))
    for user_id in sorted(reminded_before_today - already):
        try:
            if _send_digest(people[user_id], waiting[user_id], today, now):
                report.digests += 1
        except Exception:
            logger.exception("Could not send the overdue digest of user %s", user_id)
    return report
