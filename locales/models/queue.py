"""The localization queue: one QueueItem per (translatable source object, target locale), and its history.

This module owns the records and the rules of the workflow: which status may follow which
(`QueueItem.transition`, the one way a status changes), assignment, notes, and the history
(`QueueItemEvent`; `OverdueDigest`: which daily digest of overdue items went to whom). Computing
the derived numbers from wagtail-localize's tables and reacting to content changes lives in
`locales.queue`; this module knows no page type and never imports `cms`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail_localize.models import TranslatableObject, Translation, TranslationSource


class QueueItemQuerySet(models.QuerySet):
    """Filters the queue's list views and dashboards build on."""

    def open(self) -> QueueItemQuerySet:
        return self.exclude(status=QueueItem.Status.DONE)

    def for_locale(self, locale: Locale | int) -> QueueItemQuerySet:
        return self.filter(target_locale=locale)

    def assigned_to(self, user) -> QueueItemQuerySet:
        return self.filter(assignee=user)

    def overdue(self, today: datetime.date | None = None) -> QueueItemQuerySet:
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today)

    def outdated(self) -> QueueItemQuerySet:
        return self.filter(outdated=True)


class QueueItem(models.Model):
    """The work of bringing one source object (a page or a translatable snippet) into one target locale.

    The source object is referenced through wagtail-localize's `TranslatableObject` (its primary key
    *is* the translation key, with the content type of the translatable base model), not through a
    `TranslationSource`: a TranslatableObject exists for every translatable page and snippet and
    never changes, while a TranslationSource is a frozen extract per source locale that
    wagtail-localize may create late, refresh, or delete and recreate. The current source and
    translation are kept as optional links (`source`, `translation`) that `locales.queue` fills in.
    `content_type` is the specific type of the source (e.g. a directive page), for the "kind of
    content" filter, since TranslatableObject only stores the base type (Page for every page).

    The numbers below (segments, words, outdated, QA problems) are cached: `locales.queue` keeps
    them up to date when the source, its translation or a translated string changes, so listings
    can sort and filter on them without touching wagtail-localize's tables.
    """

    class Status(models.TextChoices):
        TO_DO = "to_do", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        IN_REVIEW = "in_review", _("In review")
        DONE = "done", _("Done")
        REOPENED = "reopened", _("Reopened")

    class Priority(models.IntegerChoices):
        LOW = 1, _("Low")
        NORMAL = 2, _("Normal")
        HIGH = 3, _("High")
        URGENT = 4, _("Urgent")

    # Which status may follow which. The source changing moves a done or in-review item to
    # "reopened" (see locales.queue); a translator picks it up again from there.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.TO_DO: frozenset({Status.IN_PROGRESS}),
        Status.IN_PROGRESS: frozenset({Status.TO_DO, Status.IN_REVIEW}),
        Status.IN_REVIEW: frozenset({Status.IN_PROGRESS, Status.DONE, Status.REOPENED}),
        Status.DONE: frozenset({Status.REOPENED}),
        Status.REOPENED: frozenset({Status.IN_PROGRESS, Status.IN_REVIEW}),
    }

    object = models.ForeignKey(
        TranslatableObject,
        verbose_name=_("source object"),
        on_delete=models.CASCADE,
        related_name="queue_items",
        help_text=_("The page or snippet to translate, in all its languages (wagtail-localize's translation key)."),
    )
    target_locale = models.ForeignKey(
        Locale,
        verbose_name=_("target language"),
        on_delete=models.CASCADE,
        related_name="queue_items",
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of content"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The specific type of the source, e.g. a directive page."),
    )
    source = models.ForeignKey(
        TranslationSource,
        verbose_name=_("translation source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="queue_items",
        help_text=_("The extract of the source that translators work from."),
    )
    translation = models.ForeignKey(
        Translation,
        verbose_name=_("translation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="queue_items",
        help_text=_("wagtail-localize's translation record, once translation has started."),
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("The source's title when it was last published; kept here for listings."),
    )

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.TO_DO)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_queue_items",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_queue_items",
    )
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Instructions or context for the translator."))

    # Derived numbers, kept up to date by locales.queue.
    total_segments = models.PositiveIntegerField(
        _("segments"), default=0, help_text=_("Text segments in the source that translators work from.")
    )
    translated_segments = models.PositiveIntegerField(
        _("translated segments"), default=0, help_text=_("Segments of the source that have a translation.")
    )
    words_remaining = models.PositiveIntegerField(
        _("words remaining"), default=0, help_text=_("Words in the segments that still lack a translation.")
    )
    outdated = models.BooleanField(
        _("outdated"),
        default=False,
        help_text=_("The source changed after it was translated, and the changes are not translated yet."),
    )
    changed_segments = models.PositiveIntegerField(
        _("new or changed segments"),
        default=0,
        help_text=_("Segments of the current source that are new or changed since the translation was completed."),
    )
    qa_problem_count = models.PositiveIntegerField(
        _("QA problems"), default=0, help_text=_("Open problems found by the quality checks.")
    )
    qa_checked_at = models.DateTimeField(_("QA checked at"), null=True, blank=True)
    source_changed_at = models.DateTimeField(_("source changed at"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # Bookkeeping for out-of-date detection (see locales.queue): fingerprints of the source's
    # segments the translation was last completed against, and a digest of the source as last seen.
    baseline_segments = models.JSONField(default=list, blank=True, editable=False)
    source_digest = models.CharField(max_length=40, blank=True, editable=False)

    objects = QueueItemQuerySet.as_manager()
    # Items point at content, they are not content: keep them out of Wagtail's "usage" index, which
    # would otherwise be rewritten on every refresh.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("translation queue item")
        verbose_name_plural = _("translation queue items")
        ordering = ["-priority", "due_date", "pk"]
        # Who may do what is decided by locales.permissions.QueueItemPermissionPolicy from these two
        # and the locale teams (locales.models.teams.LocaleTeam).
        permissions = [
            ("work_on_queueitem", _("Can work on translation queue items of their languages")),
            ("manage_queueitem", _("Can assign and plan translation queue items in every language")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["object", "target_locale"], name="locales_queueitem_unique_object_locale"),
        ]
        indexes = [
            models.Index(fields=["target_locale", "status"], name="locales_qi_locale_status"),
            models.Index(fields=["assignee", "status"], name="locales_qi_assignee_status"),
            models.Index(fields=["status", "due_date"], name="locales_qi_status_due"),
            models.Index(fields=["priority", "due_date"], name="locales_qi_priority_due"),
            models.Index(fields=["due_date"], name="locales_qi_due"),
            models.Index(fields=["outdated", "target_locale"], name="locales_qi_outdated_locale"),
        ]

    def __str__(self) -> str:
        return f"{self.title or self.object_id} → {self.target_locale.language_code}"

    # --- derived views ---------------------------------------------------------------------------

    @property
    def progress_percent(self) -> int:
        if not self.total_segments:
            return 100 if self.translation_id else 0
        return int(100 * self.translated_segments / self.total_segments)

    @property
    def missing_segments(self) -> int:
        return max(self.total_segments - self.translated_segments, 0)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.due_date is not None and self.due_date < today and self.status != self.Status.DONE

    def allowed_transitions(self) -> list[str]:
        """The statuses this item may move to next, in workflow order."""
        allowed = self.TRANSITIONS.get(self.status, frozenset())
        return [status for status in self.Status.values if status in allowed]

    def editor_url(self) -> str | None:
        """The edit view of the translated object (wagtail-localize's editor), or None before it exists."""
        if self.translation is None:
            return None
        try:
            return self.translation.get_target_instance_edit_url()
        except models.ObjectDoesNotExist:
            return None

    # --- the workflow ----------------------------------------------------------------------------

    @transaction.atomic
    def transition(
        self,
        to: str,
        *,
        user=None,
        note: str = "",
        qa_override: bool = False,
        kind: str | None = None,
        payload: dict | None = None,
    ) -> QueueItemEvent:
        """Move this item to status `to`, recording who did it; the one way a status changes.

        Raises ValidationError (with a message in the user's language) when the move is not
        allowed from the current status, or when `to` is "done" while segments are missing, the
        source changed, or QA problems are open (unless `qa_override`, which is recorded).
        `kind` is for the system's own moves (e.g. reopening when the source changed).
        """
        try:
            to = self.Status(to)
        except ValueError:
            raise ValidationError(
                gettext("“%(status)s” is not a status of the translation queue.") % {"status": to},
                code="unknown_status",
            ) from None
        current = type(self).objects.select_for_update().get(pk=self.pk)
        self.status = current.status
        if to == current.status:
            raise ValidationError(
                gettext("This translation is already “%(status)s”.") % {"status": to.label},
                code="same_status",
            )
        if to not in self.TRANSITIONS.get(current.status, frozenset()):
            raise ValidationError(
                gettext("A translation cannot go from “%(from)s” to “%(to)s”.")
                % {"from": self.Status(current.status).label, "to": to.label},
                code="invalid_transition",
            )
        event_kind = kind or QueueItemEvent.Kind.STATUS
        event_payload = dict(payload or {})
        if to == self.Status.DONE:
            self._check_can_finish(current)
            if current.qa_problem_count:
                if not qa_override:
                    raise ValidationError(
                        ngettext(
                            "%(count)d QA problem is still open: fix it, or mark as done with an override.",
                            "%(count)d QA problems are still open: fix them, or mark as done with an override.",
                            current.qa_problem_count,
                        )
                        % {"count": current.qa_problem_count},
                        code="qa_problems",
                    )
                event_kind = QueueItemEvent.Kind.QA_OVERRIDE
                event_payload["qa_problem_count"] = current.qa_problem_count

        from_status = current.status
        now = timezone.now()
        self.status = to
        self.last_activity_at = now
        update_fields = ["status", "last_activity_at"]
        if to == self.Status.DONE:
            # The translation is complete against the source as it stands: future changes are
            # counted from here.
            from locales.queue import stored_segment_keys

            self.baseline_segments = sorted(stored_segment_keys(current.source_id))
            update_fields.append("baseline_segments")
        self.save(update_fields=update_fields)
        return QueueItemEvent.objects.create(
            item=self,
            actor=user,
            created_at=now,
            kind=event_kind,
            from_status=from_status,
            to_status=to,
            message=note,
            payload=event_payload,
        )

    def _check_can_finish(self, current: QueueItem) -> None:
        if current.outdated:
            raise ValidationError(
                ngettext(
                    "The source changed: %(count)d segment is new or changed and not translated yet.",
                    "The source changed: %(count)d segments are new or changed and not translated yet.",
                    current.changed_segments,
                )
                % {"count": current.changed_segments},
                code="outdated",
            )
        if current.translation_id is None:
            raise ValidationError(gettext("Translation of this item has not started yet."), code="not_started")
        missing = current.total_segments - current.translated_segments
        if missing > 0:
            raise ValidationError(
                ngettext(
                    "%(count)d segment is not translated yet.",
                    "%(count)d segments are not translated yet.",
                    missing,
                )
                % {"count": missing},
                code="incomplete",
            )

    @transaction.atomic
    def assign(self, assignee, *, user=None, role: str = "assignee") -> QueueItemEvent | None:
        """Set the translator (`role="assignee"`) or the reviewer (`role="reviewer"`); None clears it.

        Records an assignment event; returns None when nothing changed.
        """
        if role not in ("assignee", "reviewer"):
            raise ValueError(f"Unknown role {role!r}")
        field = f"{role}_id"
        previous = getattr(self, field)
        new = assignee.pk if assignee is not None else None
        if previous == new:
            return None
        setattr(self, role, assignee)
        self.last_activity_at = timezone.now()
        self.save(update_fields=[role, "last_activity_at"])
        return QueueItemEvent.objects.create(
            item=self,
            actor=user,
            created_at=self.last_activity_at,
            kind=QueueItemEvent.Kind.ASSIGNMENT,
            payload={"role": role, "from": previous, "to": new, "name": _display_name(assignee)},
        )

    @transaction.atomic
    def claim(self, user) -> QueueItem:
        """`user` takes this item: it becomes theirs and, when waiting, moves to "in progress"."""
        current = type(self).objects.select_for_update().get(pk=self.pk)
        if current.assignee_id not in (None, user.pk):
            raise ValidationError(
                gettext("%(name)s is already working on this translation.") % {"name": _display_name(current.assignee)},
                code="claimed",
            )
        self.assign(user, user=user)
        if current.status in (self.Status.TO_DO, self.Status.REOPENED):
            self.transition(self.Status.IN_PROGRESS, user=user)
        return self

    def add_note(self, text: str, *, user=None) -> QueueItemEvent:
        """A comment in the item's history."""
        text = text.strip()
        if not text:
            raise ValidationError(gettext("A note cannot be empty."), code="empty_note")
        now = timezone.now()
        type(self).objects.filter(pk=self.pk).update(last_activity_at=now)
        self.last_activity_at = now
        return QueueItemEvent.objects.create(
            item=self, actor=user, created_at=now, kind=QueueItemEvent.Kind.NOTE, message=text
        )


class QueueItemEvent(models.Model):
    """One entry in a queue item's history: a status change, an assignment, a note, a source change."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Added to the queue")
        STATUS = "status", _("Status change")
        ASSIGNMENT = "assignment", _("Assignment")
        SOURCE_CHANGED = "source_changed", _("Source changed")
        QA_OVERRIDE = "qa_override", _("QA override")
        NOTE = "note", _("Note")
        REFUSED = "refused", _("Refused")
        RULE_OVERRIDE = "rule_override", _("Rule overridden")
        # The one reminder sent when the item's due date passed (locales.reminders); the payload names
        # the recipient ("to", "name") and the due date it was sent for ("due_date", ISO).
        REMINDER = "reminder", _("Overdue reminder")

    class Rule(models.TextChoices):
        """The workflow rules a refusal or an override names (see locales.review and locales.guards)."""

        FOUR_EYES = "four_eyes", _("Four eyes")
        REVIEW_REQUIRED = "review_required", _("Publication only through review")

    item = models.ForeignKey(QueueItem, verbose_name=_("queue item"), on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the system made the change."),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STATUS)
    from_status = models.CharField(_("from status"), max_length=20, choices=QueueItem.Status.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=QueueItem.Status.choices, blank=True)
    message = models.TextField(_("message"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("queue item event")
        verbose_name_plural = _("queue item events")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["item", "created_at"], name="locales_qie_item_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.describe()}"

    def describe(self) -> str:
        """What happened, in the active language (system events store numbers, not sentences)."""
        statuses = dict(QueueItem.Status.choices)
        if self.kind == self.Kind.SOURCE_CHANGED:
            count = int(self.payload.get("changed_segments", 0))
            return ngettext(
                "The source changed: %(count)d segment is new or changed.",
                "The source changed: %(count)d segments are new or changed.",
                count,
            ) % {"count": count}
        if self.kind == self.Kind.QA_OVERRIDE:
            count = int(self.payload.get("qa_problem_count", 0))
            if self.payload.get("stage") == "submit":
                return ngettext(
                    "Submitted for review with %(count)d open QA problem.",
                    "Submitted for review with %(count)d open QA problems.",
                    count,
                ) % {"count": count}
            return ngettext(
                "Marked as done with %(count)d open QA problem.",
                "Marked as done with %(count)d open QA problems.",
                count,
            ) % {"count": count}
        if self.kind in (self.Kind.REFUSED, self.Kind.RULE_OVERRIDE):
            return self._describe_rule()
        if self.kind == self.Kind.ASSIGNMENT:
            return self._describe_assignment()
        if self.kind == self.Kind.REMINDER:
            return self._describe_reminder()
        if self.kind == self.Kind.CREATED:
            return gettext("Added to the queue as “%(status)s”.") % {"status": statuses.get(self.to_status, "")}
        if self.kind == self.Kind.NOTE:
            return self.message
        return gettext("Status changed from “%(from)s” to “%(to)s”.") % {
            "from": statuses.get(self.from_status, self.from_status),
            "to": statuses.get(self.to_status, self.to_status),
        }

    def _describe_rule(self) -> str:
        rule, action = self.payload.get("rule", ""), self.payload.get("action", "")
        if self.kind == self.Kind.REFUSED:
            return refusal_message(rule, action)
        if rule == self.Rule.FOUR_EYES:
            return gettext("Published by its own translator or submitter, overriding the four-eyes rule.")
        if self.actor_id is None:
            return gettext("Published without review by the system, not through the approval of a submitted item.")
        return gettext(
            "Published without review, overriding the rule that a translation goes live only through "
            "the approval of its submitted queue item."
        )

    def _describe_reminder(self) -> str:
        try:
            due = date_format(datetime.date.fromisoformat(self.payload.get("due_date", "")), "DATE_FORMAT")
        except (TypeError, ValueError):
            due = ""
        return gettext("Reminder sent to %(name)s: the due date (%(date)s) has passed.") % {
            "name": self.payload.get("name", ""),
            "date": due,
        }

    def _describe_assignment(self) -> str:
        name = self.payload.get("name", "")
        if self.payload.get("role") == "reviewer":
            if not self.payload.get("to"):
                return gettext("Reviewer removed.")
            return gettext("Reviewer set to %(name)s.") % {"name": name}
        if not self.payload.get("to"):
            return gettext("Translator removed.")
        return gettext("Assigned to %(name)s.") % {"name": name}


class OverdueDigest(models.Model):
    """The daily digest of overdue items sent to one person on one day (locales.reminders).

    One row per person and day, written before the mail goes (in the same transaction), so however
    many schedulers run the reminders job, a person gets at most one digest a day.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"), help_text=_("The day of the digest, in the site's time zone."))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    item_count = models.PositiveIntegerField(_("overdue items"), default=0)

    class Meta:
        verbose_name = _("overdue digest")
        verbose_name_plural = _("overdue digests")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="locales_overduedigest_unique_recipient_day"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.day.isoformat()}"


def refusal_message(rule: str, action: str) -> str:
    """Why `action` ("approve" or "publish") was refused under `rule`, in the active language."""
    if rule == QueueItemEvent.Rule.FOUR_EYES:
        return gettext(
            "Approval refused: whoever translated or submitted a translation may not approve it; "
            "another reviewer must (four-eyes rule)."
        )
    if action == "approve":
        return gettext(
            "Approval refused: only a translation submitted for review can be approved; "
            "it must be submitted from the translation queue first."
        )
    return gettext(
        "Publication refused: a translation goes live only through the approval of its submitted "
        "queue item (translation managers may override)."
    )


def _display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
